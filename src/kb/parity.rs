//! `kb check --parity`: every article and snippet one language has, the
//! others must have too, so no user gets a thinner service in their language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::article::Article;
use super::report::{Report, Severity};
use crate::domain::Lang;

/// Adds an error per article id or snippet name a language lacks.
pub(crate) fn check(dir: &Path, articles: &[Article], report: &mut Report) {
    let mut ids: BTreeMap<&str, BTreeSet<Lang>> = BTreeMap::new();
    for article in articles.iter().filter(|a| !a.draft) {
        ids.entry(article.id.as_str()).or_default().insert(article.lang);
    }
    for (id, langs) in &ids {
        missing(report, "article", id, langs, |lang| dir.join(lang.code()).join(format!("{id}.md")));
    }
    let snippets_dir = dir.join("snippets");
    let mut snippets: BTreeMap<String, BTreeSet<Lang>> = BTreeMap::new();
    for entry in std::fs::read_dir(&snippets_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else { continue };
        let Some((snippet, code)) = stem.rsplit_once('.') else { continue };
        if let Ok(lang) = code.parse::<Lang>() {
            snippets.entry(snippet.to_string()).or_default().insert(lang);
        }
    }
    for (name, langs) in &snippets {
        missing(report, "snippet", name, langs, |lang| snippets_dir.join(format!("{name}.{}.md", lang.code())));
    }
}

/// One error per language `langs` lacks, at the file that should hold it.
fn missing(report: &mut Report, kind: &str, name: &str, langs: &BTreeSet<Lang>, file: impl Fn(Lang) -> PathBuf) {
    let have: Vec<&str> = langs.iter().map(|l| l.code()).collect();
    for lang in Lang::ALL.into_iter().filter(|l| !langs.contains(l)) {
        let message = format!("missing translation: {kind} `{name}` exists in {}", have.join(", "));
        report.push(&file(lang), 1, Severity::Error, message);
    }
}
