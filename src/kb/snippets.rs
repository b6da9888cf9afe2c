//! Canned answers for agents: `kb/snippets/<name>.<lang>.md` with a small
//! front matter (`name`, `lang`, `title`). Read on use, so edits apply at
//! once without a reload.

use std::path::Path;

use crate::domain::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub name: String,
    pub lang: Lang,
    pub body: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SnippetError {
    #[error("snippet name `{0}` may only hold letters, digits, `-` and `_`")]
    BadName(String),
    #[error("no snippet named `{0}` (see kb/snippets/)")]
    NotFound(String),
}

/// The snippet `name` in `lang`, else in English, else in any language.
pub fn find_snippet(dir: &Path, name: &str, lang: Lang) -> Result<Snippet, SnippetError> {
    // The name becomes part of a path: refuse anything that could leave dir.
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(SnippetError::BadName(name.chars().take(40).collect()));
    }
    let mut order = vec![lang, Lang::En];
    order.extend(Lang::ALL);
    for candidate in order {
        let path = dir.join(format!("{name}.{}.md", candidate.code()));
        if let Ok(text) = super::files::read_text(&path, super::files::DEFAULT_MAX_FILE_BYTES) {
            return Ok(Snippet { name: name.to_string(), lang: candidate, body: strip_front_matter(&text) });
        }
    }
    Err(SnippetError::NotFound(name.to_string()))
}

/// Every snippet in `dir` by name, with the languages it is written in,
/// names sorted; files not named `<name>.<lang>.md` are left out.
pub fn list_snippets(dir: &Path) -> Vec<(String, Vec<Lang>)> {
    let mut found: std::collections::BTreeMap<String, Vec<Lang>> = std::collections::BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(stem) = file.to_str().and_then(|f| f.strip_suffix(".md")) else { continue };
        let Some((name, code)) = stem.rsplit_once('.') else { continue };
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if let (true, Some(lang)) = (valid, Lang::ALL.into_iter().find(|l| l.code() == code)) {
            found.entry(name.to_string()).or_default().push(lang);
        }
    }
    found
        .into_iter()
        .map(|(name, mut langs)| {
            langs.sort_by_key(|l| l.code());
            (name, langs)
        })
        .collect()
}

fn strip_front_matter(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    if let Some(rest) = text.strip_prefix("---") {
        if let Some(end) = rest.find("\n---") {
            let after = &rest[end + 4..];
            return after.trim_start_matches(['\r', '\n']).trim().to_string();
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_falls_back_to_english_and_names_cannot_escape_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bye.en.md"), "---\nname: bye\nlang: en\ntitle: Bye\n---\nBye!\n").unwrap();
        let found = find_snippet(dir.path(), "bye", Lang::Pt).unwrap();
        assert_eq!((found.lang, found.body.as_str()), (Lang::En, "Bye!"));
        assert_eq!(find_snippet(dir.path(), "../secret", Lang::En), Err(SnippetError::BadName("../secret".into())));
        assert_eq!(find_snippet(dir.path(), "nope", Lang::En), Err(SnippetError::NotFound("nope".into())));
        std::fs::write(dir.path().join("bye.pt.md"), "Adeus!").unwrap();
        std::fs::write(dir.path().join("bad name\u{1b}.en.md"), "x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert_eq!(list_snippets(dir.path()), vec![("bye".to_string(), vec![Lang::En, Lang::Pt])]);
    }
}
