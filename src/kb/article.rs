//! One knowledge-base article: YAML front matter plus a markdown body, parsed
//! once into typed fields and a plain-text form for indexing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Deserialize;

use crate::domain::{Lang, Level, Priority};

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub lang: Lang,
    pub title: String,
    pub tags: Vec<String>,
    pub questions: Vec<String>,
    pub related: Vec<String>,
    pub body_markdown: String,
    /// The body as plain text, what the index takes in; empty in the
    /// articles of a [`KnowledgeBase`](super::KnowledgeBase), which only
    /// serves the markdown.
    pub body_text: String,
    pub path: PathBuf,
    /// `draft: true`: linted but not served until an admin removes the flag
    /// (articles drafted from tickets start so).
    pub draft: bool,
    /// `updated: 2026-11-30`: when the text last changed, for comparing a
    /// translation with its source.
    pub updated: Option<NaiveDate>,
    /// `level: L2`: the level a ticket opened after this article failed
    /// starts at (L0 and L1: first line).
    pub level: Option<Level>,
    /// `priority: high`: the least priority such a ticket gets.
    pub priority: Option<Priority>,
}

/// Why a file is not an article, with the 1-based line of the file to blame.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseProblem {
    pub line: usize,
    pub message: String,
}

/// Everything optional so that a missing field is reported by name instead
/// of as a generic YAML error.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    id: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    tags: Vec<String>,
    questions: Vec<String>,
    level: Option<String>,
    priority: Option<String>,
    related: Vec<String>,
    draft: bool,
    updated: Option<String>,
}

const LEVELS: [&str; 5] = ["L0", "L1", "L2", "L3", "L4"];

fn problem(line: usize, message: impl Into<String>) -> ParseProblem {
    ParseProblem { line, message: message.into() }
}

/// Splits `---\nyaml\n---\nbody`; returns the YAML, the body and the file
/// line on which the body starts.
pub(crate) fn split_front_matter(text: &str) -> Result<(&str, &str, usize), ParseProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(problem(1, "missing front matter (the file must start with `---`)"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((yaml, body, i + 3));
        }
        offset += line.len();
    }
    Err(problem(1, "unterminated front matter (no closing `---` line)"))
}

/// The YAML of a front matter as `T`, with a YAML error placed on its file
/// line; empty YAML is `T::default()` so missing fields are named.
pub(crate) fn parse_front_matter<T: serde::de::DeserializeOwned + Default>(yaml: &str) -> Result<T, ParseProblem> {
    if yaml.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        // The YAML starts on file line 2, after the opening `---`.
        let line = e.location().map_or(1, |l| l.line() + 1);
        problem(line, format!("invalid front matter: {e}"))
    })
}

/// The file line of front matter field `name` (1 if absent).
pub(crate) fn field_line(yaml: &str, name: &str) -> usize {
    yaml.lines().position(|l| l.starts_with(&format!("{name}:"))).map_or(1, |i| i + 2)
}

/// A required `id`: a slug (a-z, 0-9, -, _), as ids end up in file names,
/// links and button data.
/// The longest article or incident id: buttons carry the id, behind a
/// short prefix, in Telegram's 64-byte `callback_data`.
pub const MAX_ID_BYTES: usize = 48;

pub(crate) fn required_slug(id: Option<String>, yaml: &str) -> Result<String, ParseProblem> {
    let id = required_text(id, "id")?;
    if !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
        return Err(problem(field_line(yaml, "id"), format!("id `{id}` is not slug-like (a-z, 0-9, -, _)")));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(problem(
            field_line(yaml, "id"),
            format!(
                "id `{id}` is {} characters, over {MAX_ID_BYTES}: buttons carry the id in Telegram's 64-byte callback data",
                id.len()
            ),
        ));
    }
    Ok(id)
}

/// A required `lang`: one of the languages the KB serves.
pub(crate) fn required_lang(code: Option<String>, yaml: &str) -> Result<Lang, ParseProblem> {
    let code = code.ok_or_else(|| problem(1, "missing required field `lang`"))?;
    match code.as_str() {
        "pt" | "es" | "ca" | "en" => code.parse::<Lang>().ok(),
        _ => None,
    }
    .ok_or_else(|| problem(field_line(yaml, "lang"), format!("unknown language `{code}` (expected pt, es, ca or en)")))
}

/// A required field that must not be blank.
pub(crate) fn required_text(value: Option<String>, name: &str) -> Result<String, ParseProblem> {
    value.filter(|s| !s.trim().is_empty()).ok_or_else(|| problem(1, format!("missing required field `{name}`")))
}

/// Parses an article file; `path` locates it in `kb/<lang>/<slug>.md`.
pub fn parse_article(path: &Path, text: &str) -> Result<Article, ParseProblem> {
    let (yaml, body, _body_line) = split_front_matter(text)?;
    let fm: FrontMatter = parse_front_matter(yaml)?;
    let id = required_slug(fm.id, yaml)?;
    let lang = required_lang(fm.lang, yaml)?;
    let title = required_text(fm.title, "title")?;
    let field_line = |name: &str| field_line(yaml, name);
    if let Some(level) = fm.level.as_ref().filter(|l| !LEVELS.contains(&l.as_str())) {
        return Err(problem(field_line("level"), format!("unknown level `{level}` (expected L0..L4)")));
    }
    let level = fm.level.as_deref().and_then(|l| l.parse::<Level>().ok());
    let priority = match fm.priority.as_deref() {
        None => None,
        Some(text) => Some(text.trim().parse::<Priority>().map_err(|_| {
            let shown: String = text.chars().take(40).flat_map(char::escape_default).collect();
            problem(
                field_line("priority"),
                format!("unknown priority `{shown}` (expected low, normal, high or urgent)"),
            )
        })?),
    };
    let updated = fm
        .updated
        .map(|text| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| problem(field_line("updated"), format!("`updated: {text}` is not a date like 2026-11-30")))
        })
        .transpose()?;
    Ok(Article {
        id,
        lang,
        title,
        tags: fm.tags,
        questions: fm.questions,
        related: fm.related,
        body_markdown: body.trim().to_string(),
        body_text: markdown_to_text(body),
        path: path.to_path_buf(),
        draft: fm.draft,
        updated,
        level,
        priority,
    })
}

/// The file line where the body starts, for problems about the body.
pub(crate) fn body_line(text: &str) -> usize {
    split_front_matter(text).map_or(1, |(_, _, line)| line)
}

/// Plain text of a markdown body: what a user reads, without markup, so the
/// index does not match on URLs' punctuation or emphasis markers.
pub(crate) fn markdown_to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_and_priority_are_kept_for_triage_and_a_wrong_priority_names_its_line() {
        let text = "---\nid: vpn\nlang: en\ntitle: VPN\nlevel: L2\npriority: high\n---\nBody.\n";
        let article = parse_article(Path::new("kb/en/vpn.md"), text).unwrap();
        assert_eq!((article.level, article.priority), (Some(Level::L2), Some(Priority::High)));
        let text = "---\nid: vpn\nlang: en\ntitle: VPN\npriority: sky-high\n---\nBody.\n";
        let problem = parse_article(Path::new("kb/en/vpn.md"), text).unwrap_err();
        assert_eq!(problem.line, 5);
        assert!(problem.message.contains("unknown priority `sky-high`"), "{problem:?}");
        let text = "---\nid: vpn\nlang: en\ntitle: VPN\npriority: \"x\\e[2J\"\n---\nBody.\n";
        let problem = parse_article(Path::new("kb/en/vpn.md"), text).unwrap_err();
        assert!(problem.message.contains("unknown priority") && !problem.message.contains('\u{1b}'), "{problem:?}");
    }

    const GOOD: &str = "---\nid: reset-password\nlang: pt\ntitle: Redefinir\ntags: [conta]\nquestions:\n  - esqueci a senha\n---\nVá a **Definições**.\n";

    #[test]
    fn a_well_formed_file_becomes_an_article_with_plain_text_body() {
        let a = parse_article(Path::new("kb/pt/reset-password.md"), GOOD).unwrap();
        assert_eq!(a.id, "reset-password");
        assert_eq!(a.lang, Lang::Pt);
        assert_eq!(a.questions, vec!["esqueci a senha"]);
        assert_eq!(a.body_markdown, "Vá a **Definições**.");
        assert_eq!(a.body_text, "Vá a Definições.");
    }

    #[test]
    fn draft_and_updated_are_read_and_a_bad_date_is_named() {
        let text = "---\nid: x\nlang: en\ntitle: X\ndraft: true\nupdated: 2026-11-30\n---\nbody\n";
        let a = parse_article(Path::new("kb/en/x.md"), text).unwrap();
        assert!(a.draft);
        assert_eq!(a.updated, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert!(!parse_article(Path::new("kb/pt/reset-password.md"), GOOD).unwrap().draft);
        let bad = "---\nid: x\nlang: en\ntitle: X\nupdated: yesterday\n---\nbody\n";
        let p = parse_article(Path::new("kb/en/x.md"), bad).unwrap_err();
        assert_eq!(p.line, 5);
        assert!(p.message.contains("not a date"), "{}", p.message);
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let text = "---\nid: x\ntitle: [unclosed\nlang: pt\n---\nbody\n";
        let p = parse_article(Path::new("x.md"), text).unwrap_err();
        assert!(p.line >= 3, "line {}", p.line);
        assert!(p.message.contains("invalid front matter"));
    }

    #[test]
    fn missing_and_unterminated_front_matter_are_reported() {
        assert!(parse_article(Path::new("x.md"), "hello").unwrap_err().message.contains("missing front matter"));
        assert!(parse_article(Path::new("x.md"), "---\nid: x\n").unwrap_err().message.contains("unterminated"));
        let no_title = "---\nid: x\nlang: en\n---\nbody";
        assert!(parse_article(Path::new("x.md"), no_title).unwrap_err().message.contains("`title`"));
    }
}
