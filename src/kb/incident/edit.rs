//! `escala incident open|update|resolve`: incident files written by the
//! CLI, each checked as the loader would read it before anything is
//! written, so a bad edit leaves the incident as it was.

use std::path::{Path, PathBuf};

use super::{incident_files, parse_incident, IncidentFile, IncidentStatus, INCIDENTS_DIR};
use crate::domain::Lang;

/// Why an incident edit was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum IncidentEditError {
    #[error("incident `{0}` exists already: use `escala incident update {0}`")]
    Exists(String),
    #[error("no incident `{id}` in {dir}")]
    Missing { id: String, dir: PathBuf },
    #[error("incident `{id}` has no `{lang}` file for the message: pass --lang with one it has")]
    NoSuchTranslation { id: String, lang: Lang },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot {action} {path}: {error}")]
    Io { action: &'static str, path: PathBuf, error: std::io::Error },
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> IncidentEditError + 'a {
    move |error| IncidentEditError::Io { action, path: path.to_path_buf(), error }
}

/// The text of an incident file, as `escala incident` writes it.
pub fn render_incident(
    id: &str,
    status: IncidentStatus,
    lang: Lang,
    title: &str,
    keywords: &[String],
    body: &str,
) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let keywords: Vec<String> = keywords.iter().map(|k| quote(k)).collect();
    format!(
        "---\nid: {id}\nstatus: {status}\nlang: {lang}\ntitle: {}\nkeywords: [{}]\n---\n{}\n",
        quote(title),
        keywords.join(", "),
        body.trim()
    )
}

/// Writes a new incident file `kb/incidents/<id>.<lang>.md`; refuses an id
/// already in use so an update is never mistaken for a new incident.
pub fn create_incident_file(
    kb_dir: &Path,
    id: &str,
    status: IncidentStatus,
    lang: Lang,
    title: &str,
    keywords: &[String],
    body: &str,
) -> Result<PathBuf, IncidentEditError> {
    if !incident_paths(kb_dir, id)?.is_empty() {
        return Err(IncidentEditError::Exists(id.to_string()));
    }
    let path = kb_dir.join(INCIDENTS_DIR).join(format!("{id}.{lang}.md"));
    let text = render_incident(id, status, lang, title, keywords, body);
    parse_incident(&path, &text).map_err(|p| IncidentEditError::Invalid { path: path.clone(), message: p.message })?;
    let dir = kb_dir.join(INCIDENTS_DIR);
    std::fs::create_dir_all(&dir).map_err(io("create", &dir))?;
    std::fs::write(&path, text).map_err(io("write", &path))?;
    Ok(path)
}

/// Sets `status` in every translation of an incident and, with a message,
/// replaces the notice of its `lang` file. Every file is checked before any
/// is written, so a bad update leaves the incident as it was.
pub fn update_incident_files(
    kb_dir: &Path,
    id: &str,
    status: IncidentStatus,
    lang: Lang,
    message: Option<&str>,
) -> Result<Vec<PathBuf>, IncidentEditError> {
    let paths = incident_paths(kb_dir, id)?;
    if paths.is_empty() {
        return Err(IncidentEditError::Missing { id: id.to_string(), dir: kb_dir.join(INCIDENTS_DIR) });
    }
    let mut rewritten = Vec::new();
    let mut has_lang = false;
    for (path, file) in paths {
        let notice = &file.notice;
        let body = match message {
            Some(message) if notice.lang == lang => {
                has_lang = true;
                message
            }
            _ => notice.body.as_str(),
        };
        let text = render_incident(id, status, notice.lang, &notice.title, &notice.keywords, body);
        if let Err(problem) = parse_incident(&path, &text) {
            return Err(IncidentEditError::Invalid { path, message: problem.message });
        }
        rewritten.push((path, text));
    }
    if message.is_some() && !has_lang {
        return Err(IncidentEditError::NoSuchTranslation { id: id.to_string(), lang });
    }
    for (path, text) in &rewritten {
        std::fs::write(path, text).map_err(io("write", path))?;
    }
    Ok(rewritten.into_iter().map(|(path, _)| path).collect())
}

/// The files of incident `id`, parsed.
fn incident_paths(kb_dir: &Path, id: &str) -> Result<Vec<(PathBuf, IncidentFile)>, IncidentEditError> {
    let dir = kb_dir.join(INCIDENTS_DIR);
    let files = incident_files(kb_dir).map_err(io("read", &dir))?;
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = crate::kb::files::read_text(&path, crate::kb::files::DEFAULT_MAX_FILE_BYTES) else { continue };
        if let Ok(file) = parse_incident(&path, &text) {
            if file.id == id {
                found.push((path, file));
            }
        }
    }
    Ok(found)
}
