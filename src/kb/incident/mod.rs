//! Incidents: known problems described in `kb/incidents/*.md`, one file per
//! language with a shared `id`. While one is active, users whose question
//! matches its keywords are told about it first and can subscribe to its
//! updates; the files are the source of truth (`escala incident` edits them),
//! so an incident's history lives in git beside the articles.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::analysis::analyze;
use super::article::{
    field_line, parse_front_matter, required_lang, required_slug, required_text, split_front_matter, ParseProblem,
};
use crate::domain::Lang;

mod edit;

pub use edit::{create_incident_file, render_incident, update_incident_files, IncidentEditError};

/// The folder of `kb/` that holds incident files.
pub const INCIDENTS_DIR: &str = "incidents";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl IncidentStatus {
    pub const ALL: [IncidentStatus; 4] = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Investigating => "investigating",
            IncidentStatus::Identified => "identified",
            IncidentStatus::Monitoring => "monitoring",
            IncidentStatus::Resolved => "resolved",
        }
    }

    /// Users are told about an incident until it is resolved.
    pub fn is_active(self) -> bool {
        self != IncidentStatus::Resolved
    }
}

impl fmt::Display for IncidentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IncidentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IncidentStatus::ALL.into_iter().find(|status| status.as_str() == s.trim().to_ascii_lowercase()).ok_or_else(
            || format!("unknown incident status `{s}` (expected investigating, identified, monitoring or resolved)"),
        )
    }
}

/// One language's file of an incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentNotice {
    pub lang: Lang,
    pub title: String,
    /// The current notice, markdown: what is wrong and what is being done.
    pub body: String,
    pub keywords: Vec<String>,
    pub path: PathBuf,
    /// Each keyword analysed like the user's text in `lang` (stemmed,
    /// folded), so "logging in" matches the keyword "log in".
    keyword_terms: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: String,
    pub status: IncidentStatus,
    /// One per language, in file order.
    pub notices: Vec<IncidentNotice>,
}

impl Incident {
    /// The notice in `lang`, else English, else the first one.
    pub fn notice(&self, lang: Lang) -> &IncidentNotice {
        self.notices
            .iter()
            .find(|n| n.lang == lang)
            .or_else(|| self.notices.iter().find(|n| n.lang == Lang::En))
            .unwrap_or(&self.notices[0])
    }

    /// Whether `text` contains every word of one of the keywords, in any of
    /// the incident's languages.
    pub fn matches(&self, text: &str) -> bool {
        self.notices.iter().any(|notice| {
            let words = analyze(notice.lang, text);
            notice.keyword_terms.iter().any(|terms| !terms.is_empty() && terms.iter().all(|t| words.contains(t)))
        })
    }

    /// A fingerprint of what users and staff are told: a new one means an
    /// update to broadcast. Stable across runs and builds (FNV-1a), so every
    /// instance computes the same one.
    pub fn revision(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for notice in &self.notices {
            for part in [notice.lang.code(), notice.title.as_str(), notice.body.as_str()] {
                for byte in part.bytes().chain([0]) {
                    hash ^= u64::from(byte);
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
        format!("{}-{hash:016x}", self.status)
    }
}

/// Every incident of a KB.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Incidents {
    incidents: Vec<Incident>,
}

impl Incidents {
    pub fn new(incidents: Vec<Incident>) -> Incidents {
        Incidents { incidents }
    }

    /// The first active incident whose keywords `text` matches.
    pub fn matching(&self, text: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.status.is_active() && i.matches(text))
    }

    pub fn get(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Incident> {
        self.incidents.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FrontMatter {
    id: Option<String>,
    status: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    keywords: Vec<String>,
    /// Accepted as more keywords: the phrasing articles use.
    questions: Vec<String>,
}

/// One parsed incident file.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentFile {
    pub id: String,
    pub status: IncidentStatus,
    pub notice: IncidentNotice,
}

fn problem(line: usize, message: impl Into<String>) -> ParseProblem {
    ParseProblem { line, message: message.into() }
}

/// Parses `kb/incidents/<id>.<lang>.md`.
pub fn parse_incident(path: &Path, text: &str) -> Result<IncidentFile, ParseProblem> {
    let (yaml, body, body_line) = split_front_matter(text)?;
    let fm: FrontMatter = parse_front_matter(yaml)?;
    let field_line = |name: &str| field_line(yaml, name);
    // Checked for length too: the subscribe button carries the id.
    let id = required_slug(fm.id, yaml)?;
    let status = fm.status.ok_or_else(|| problem(1, "missing required field `status`"))?;
    let status = status.parse::<IncidentStatus>().map_err(|e| problem(field_line("status"), e))?;
    let lang = required_lang(fm.lang, yaml)?;
    let title = required_text(fm.title, "title")?;
    let keywords: Vec<String> =
        fm.keywords.into_iter().chain(fm.questions).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
    if keywords.is_empty() {
        return Err(problem(1, "an incident needs `keywords:` so users' questions can match it"));
    }
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(problem(body_line, "empty body: the notice users and subscribers read"));
    }
    let keyword_terms = keywords.iter().map(|k| analyze(lang, k)).collect();
    let notice = IncidentNotice { lang, title, body, keywords, path: path.to_path_buf(), keyword_terms };
    Ok(IncidentFile { id, status, notice })
}

/// Groups parsed files into incidents; translations must agree on the
/// status. Returns the problems (file, line, message) found.
pub fn assemble(files: Vec<IncidentFile>) -> (Incidents, Vec<(PathBuf, String)>) {
    let mut incidents: Vec<Incident> = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match incidents.iter_mut().find(|i| i.id == file.id) {
            Some(incident) if incident.notices.iter().any(|n| n.lang == file.notice.lang) => problems.push((
                file.notice.path.clone(),
                format!("incident `{}` has two `{}` files", file.id, file.notice.lang),
            )),
            Some(incident) if incident.status != file.status => problems.push((
                file.notice.path.clone(),
                format!(
                    "incident `{}` is `{}` here but `{}` in {}",
                    file.id,
                    file.status,
                    incident.status,
                    incident.notices[0].path.display()
                ),
            )),
            Some(incident) => incident.notices.push(file.notice),
            None => incidents.push(Incident { id: file.id, status: file.status, notices: vec![file.notice] }),
        }
    }
    (Incidents::new(incidents), problems)
}

/// The incident files of a KB, sorted; none if there is no `incidents/`.
pub fn incident_files(kb_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = kb_dir.join(INCIDENTS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        // Whatever their type: the reader refuses what is not a regular file.
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.is_dir())
        .filter(|p| !p.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md")))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lang: &str, status: &str, keywords: &str, body: &str) -> String {
        format!("---\nid: login-outage\nstatus: {status}\nlang: {lang}\ntitle: Login problems\nkeywords: {keywords}\n---\n{body}\n")
    }

    fn incident(texts: &[String]) -> Incidents {
        let files = texts.iter().map(|t| parse_incident(Path::new("kb/incidents/x.md"), t).unwrap()).collect();
        let (incidents, problems) = assemble(files);
        assert!(problems.is_empty(), "{problems:?}");
        incidents
    }

    #[test]
    fn a_question_with_every_word_of_a_keyword_matches_in_any_inflection() {
        let incidents = incident(&[file("en", "investigating", "[\"log in\", \"sign in\"]", "We are on it.")]);
        assert!(incidents.matching("I can't log in since this morning").is_some());
        assert!(incidents.matching("Signing in fails").is_some(), "stemmed: signing ~ sign");
        assert!(incidents.matching("how do I change my logo").is_none());
    }

    #[test]
    fn translations_match_in_their_own_language_and_a_resolved_incident_matches_nothing() {
        let active = incident(&[
            file("en", "identified", "[\"log in\"]", "Fix on the way."),
            file("pt", "identified", "[\"iniciar sessão\"]", "Correção a caminho."),
        ]);
        assert!(active.matching("não consigo iniciar sessão").is_some());
        assert_eq!(active.get("login-outage").unwrap().notice(Lang::Pt).body, "Correção a caminho.");
        assert_eq!(active.get("login-outage").unwrap().notice(Lang::Es).lang, Lang::En, "English is the fallback");
        let resolved = incident(&[file("en", "resolved", "[\"log in\"]", "Fixed.")]);
        assert!(resolved.matching("I can't log in").is_none());
    }

    #[test]
    fn the_revision_changes_with_status_or_text_only() {
        let a = incident(&[file("en", "investigating", "[\"log in\"]", "We are on it.")]);
        let same = incident(&[file("en", "investigating", "[\"log in\", \"sign in\"]", "We are on it.")]);
        let moved = incident(&[file("en", "identified", "[\"log in\"]", "We are on it.")]);
        let edited = incident(&[file("en", "investigating", "[\"log in\"]", "Found it.")]);
        let rev = |i: &Incidents| i.get("login-outage").unwrap().revision();
        assert_eq!(rev(&a), rev(&same), "keywords are not news for subscribers");
        assert_ne!(rev(&a), rev(&moved));
        assert_ne!(rev(&a), rev(&edited));
    }

    #[test]
    fn bad_files_say_what_is_wrong_and_where() {
        let no_keywords = "---\nid: x\nstatus: investigating\nlang: en\ntitle: T\n---\nbody\n";
        assert!(parse_incident(Path::new("x.md"), no_keywords).unwrap_err().message.contains("keywords"));
        let bad_status = "---\nid: x\nstatus: on-fire\nlang: en\ntitle: T\nkeywords: [a]\n---\nbody\n";
        let error = parse_incident(Path::new("x.md"), bad_status).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("on-fire"));
        let files = vec![
            parse_incident(Path::new("a.md"), &file("en", "investigating", "[a]", "x")).unwrap(),
            parse_incident(Path::new("b.md"), &file("pt", "resolved", "[a]", "x")).unwrap(),
        ];
        let (_, problems) = assemble(files);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("`resolved` here but `investigating`"), "{problems:?}");
    }

    #[test]
    fn updates_change_the_status_of_every_translation_and_one_notice() {
        let dir = tempfile::tempdir().unwrap();
        let keywords = vec!["log in".to_string()];
        let status = IncidentStatus::Investigating;
        create_incident_file(dir.path(), "login", status, Lang::En, "Login", &keywords, "Looking.").unwrap();
        create_incident_file(dir.path(), "login", status, Lang::Pt, "Entrar", &keywords, "A ver.")
            .expect_err("an id in use is refused");
        std::fs::write(
            dir.path().join("incidents/login.pt.md"),
            render_incident("login", status, Lang::Pt, "Entrar", &keywords, "A ver."),
        )
        .unwrap();
        update_incident_files(dir.path(), "login", IncidentStatus::Identified, Lang::En, Some("Found it.")).unwrap();
        let checked = super::super::lint::load_checked(dir.path(), crate::kb::files::DEFAULT_MAX_FILE_BYTES);
        let (report, incidents) = (checked.report, checked.incidents);
        assert!(!report.has_errors(), "{report}");
        let incident = incidents.get("login").unwrap();
        assert_eq!(incident.status, IncidentStatus::Identified);
        assert_eq!(incident.notice(Lang::En).body, "Found it.");
        assert_eq!(incident.notice(Lang::Pt).body, "A ver.", "other translations keep their notice");
        let error = update_incident_files(dir.path(), "login", IncidentStatus::Resolved, Lang::Es, Some("x"));
        assert!(error.unwrap_err().to_string().contains("no `es` file"));
        assert!(update_incident_files(dir.path(), "nope", IncidentStatus::Resolved, Lang::En, None).is_err());
    }

    #[test]
    fn a_rendered_file_parses_back() {
        let keywords = vec!["log in".to_string(), "say \"hi\"".to_string()];
        let text =
            render_incident("login-outage", IncidentStatus::Monitoring, Lang::En, "Login: slow", &keywords, "Body");
        let parsed = parse_incident(Path::new("x.md"), &text).unwrap();
        assert_eq!(parsed.status, IncidentStatus::Monitoring);
        assert_eq!(parsed.notice.title, "Login: slow");
        assert_eq!(parsed.notice.keywords, keywords);
        assert_eq!(parsed.notice.body, "Body");
    }
}
