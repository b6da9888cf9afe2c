//! Finds the article files of a `kb/` directory: `kb/<lang>/**/*.md`, skipping
//! the folders that hold fragments rather than articles.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::KbError;

pub const RULES_FILE: &str = "rules.toml";

/// Top-level folders whose markdown files are not articles.
const NOT_ARTICLES: [&str; 3] = ["snippets", "incidents", "eval"];

/// Folders followed below a language folder; deeper is a mistake (or a
/// link loop the visited set did not catch).
const MAX_DEPTH: usize = 8;

/// Every article file under `dir`, sorted so that lint output and duplicate
/// detection are deterministic. Files are listed whatever their type: the
/// reader refuses what is not a regular file, and the lint says so.
pub fn article_files(dir: &Path) -> Result<Vec<PathBuf>, KbError> {
    let mut files = Vec::new();
    let mut visited = HashSet::new();
    let entries = fs::read_dir(dir).map_err(|e| KbError::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| KbError::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !NOT_ARTICLES.contains(&name) && !name.starts_with('.') {
                collect_markdown(&path, &mut files, &mut visited, 0)?;
            }
        } else if is_markdown(&path) && !is_documentation(name) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Folders may be links (a deploy tool's `..data` swap, a ConfigMap);
/// each real folder is walked once, so a link loop ends.
fn collect_markdown(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
    depth: usize,
) -> Result<(), KbError> {
    let real = fs::canonicalize(dir).map_err(|e| KbError::io(dir, e))?;
    if depth > MAX_DEPTH || !visited.insert(real) {
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| KbError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| KbError::io(dir, e))?;
        let path = entry.path();
        if is_folder(&entry) {
            collect_markdown(&path, files, visited, depth + 1)?;
        } else if is_markdown(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// `dir` and every folder below it, links followed (each real folder
/// once, at most `MAX_DEPTH` deep, at most `max` in all: a link to `/` in
/// `kb/` must not walk the whole disk), told apart by the listings' entry
/// types: what hot reload watches. Unreadable folders are left out.
pub(crate) fn folders_below(dir: &Path, max: usize) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    let mut visited = HashSet::new();
    let mut pending = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = pending.pop() {
        if folders.len() >= max {
            break;
        }
        let Ok(real) = fs::canonicalize(&folder) else { continue };
        if depth > MAX_DEPTH || !visited.insert(real) {
            continue;
        }
        if let Ok(entries) = fs::read_dir(&folder) {
            for entry in entries.flatten() {
                if is_folder(&entry) {
                    pending.push((entry.path(), depth + 1));
                }
            }
        }
        folders.push(folder);
    }
    folders
}

/// Whether `entry` is a folder, or a link to one. The type the listing
/// gives costs no system call, so only links are looked up: a stat per file
/// was a tenth of a warm start on 10 000 articles.
fn is_folder(entry: &fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(kind) if !kind.is_symlink() => kind.is_dir(),
        _ => entry.path().is_dir(),
    }
}

/// A README at the top of the KB explains the format to admins; it is not
/// an article.
fn is_documentation(name: &str) -> bool {
    name.eq_ignore_ascii_case("README.md")
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// The language folder an article file sits in (`kb/<lang>/...`), if any.
pub(crate) fn folder_of(dir: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(dir).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_str()?.to_string();
    parts.next().map(|_| first)
}
