//! `escala kb check`: every problem of a `kb/` directory, with file and line,
//! so an admin can fix a broken edit before the bot would refuse it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::article::{body_line, field_line, parse_article, split_front_matter, Article};
use super::article_cache::{self, Entry, EntryRef, FileStamp};
use super::calibration::{Calibration, ContentHash, CALIBRATION_FILE};
use super::error::KbError;
use super::files::{read_stamped, read_text, FileError, DEFAULT_MAX_FILE_BYTES};
use super::incident::{assemble, incident_files, parse_incident, Incidents};
use super::loader::{article_files, folder_of, RULES_FILE};
use super::report::{Report, Severity};
use super::rules::Rules;
use crate::domain::Lang;

/// Telegram refuses messages longer than this.
const TELEGRAM_LIMIT: usize = 4096;
/// Discord refuses messages longer than this; the answer would be split.
const DISCORD_LIMIT: usize = 2000;

/// How bad an unreadable file is: something that is not a regular file (a
/// FIFO, a device, a socket) is no article anyone wrote, so it is skipped
/// with a warning and blocks nothing; a file that should be one and cannot
/// be read is an error.
fn unreadable(error: &FileError) -> Severity {
    match error {
        FileError::NotRegular(_) => Severity::Warning,
        _ => Severity::Error,
    }
}

/// Checks a `kb/` directory and reports every problem found.
pub fn check(dir: &Path) -> Report {
    check_capped(dir, DEFAULT_MAX_FILE_BYTES)
}

/// As `check`, reading no file larger than `max_file_bytes`.
pub fn check_capped(dir: &Path, max_file_bytes: u64) -> Report {
    load_checked(dir, max_file_bytes).report
}

/// As `check_capped`, and every article or snippet one language has and
/// another lacks is an error (`kb check --parity`).
pub fn check_parity(dir: &Path, max_file_bytes: u64) -> Report {
    let mut checked = load_checked(dir, max_file_bytes);
    super::parity::check(dir, &checked.articles, &mut checked.report);
    checked.report
}

/// What one pass over a `kb/` directory found.
pub(crate) struct Checked {
    pub report: Report,
    pub articles: Vec<Article>,
    pub rules: Rules,
    pub incidents: Incidents,
    /// `None` when there is no calibration file or it is broken (reported).
    pub calibration: Option<Calibration>,
    /// The [`ContentHash`] of the article files read.
    pub articles_hash: String,
    /// Article files read (the others came from the saved parse).
    pub files_read: usize,
}

/// Lints and, in the same pass, returns the articles, rules, incidents and
/// calibration that parsed, so loading a KB reads each file once.
pub(crate) fn load_checked(dir: &Path, max_file_bytes: u64) -> Checked {
    load_checked_at(dir, max_file_bytes, None, SystemTime::now())
}

/// As [`load_checked`], taking the articles whose files did not change from
/// the parse saved in `cache` (the index folder), and saving it afresh when
/// files were read (see `article_cache`).
pub(crate) fn load_checked_cached(dir: &Path, max_file_bytes: u64, cache: Option<&Path>) -> Checked {
    load_checked_at(dir, max_file_bytes, cache, SystemTime::now())
}

/// As [`load_checked_cached`] for a load that started at `started`: files
/// changed within `article_cache::RACY_WITHIN` of it are not saved.
pub(crate) fn load_checked_at(dir: &Path, max_file_bytes: u64, cache: Option<&Path>, started: SystemTime) -> Checked {
    let mut report = Report::default();
    let files = match article_files(dir) {
        Ok(files) => files,
        Err(e) => {
            report.push(dir, 1, Severity::Error, e.to_string());
            return Checked {
                report,
                articles: Vec::new(),
                rules: Rules::default(),
                incidents: Incidents::default(),
                calibration: None,
                articles_hash: String::new(),
                files_read: 0,
            };
        }
    };
    let writer = cache.map(|_| article_cache::writer_key(max_file_bytes));
    let saved = match (cache, writer) {
        (Some(folder), Some(key)) => article_cache::read(folder, key),
        _ => Vec::new(),
    };
    let saved_count = saved.len();
    let reads = read_articles(dir, article_cache::pair(files, saved), max_file_bytes);
    let files_read = reads.iter().filter(|r| !r.from_cache).count();
    let reused = reads.len() - files_read;
    if let (Some(folder), Some(key)) = (cache, writer) {
        // Unchanged files, none gone: the saved parse is still exact.
        if files_read > 0 || reused != saved_count {
            let entries = reads.iter().filter_map(|r| {
                Some(EntryRef {
                    path: &r.path,
                    stamp: r.stamp?,
                    content: r.content?,
                    article: r.article.as_ref(),
                    problems: &r.problems.problems,
                })
            });
            article_cache::write(folder, key, started, entries);
        }
    }
    let mut hash = ContentHash::default();
    let mut articles = Vec::new();
    for read in reads {
        report.problems.extend(read.problems.problems);
        if let Some(content) = read.content {
            hash.add_file(dir, &read.path, content);
            if let Some(article) = read.article {
                articles.push(article);
            }
        }
    }
    check_ids(&articles, max_file_bytes, &mut report);
    for draft in articles.iter().filter(|a| a.draft) {
        let line = line_in(&draft.path, max_file_bytes, |text| field_line_of(text, "draft"));
        report.push(
            &draft.path,
            line,
            Severity::Warning,
            "draft: checked but not served until `draft: true` is removed",
        );
    }
    let rules_path = dir.join(RULES_FILE);
    let rules_text = match read_text(&rules_path, max_file_bytes) {
        Ok(text) => text,
        // No rules file means no rules.
        Err(e) if e.is_missing() => String::new(),
        Err(e) => {
            report.push(&rules_path, 1, Severity::Error, e.to_string());
            String::new()
        }
    };
    let rules = match Rules::parse(&rules_path, &rules_text) {
        Ok(rules) => rules,
        Err(KbError::Data { path, line, message }) => {
            report.push(&path, line, Severity::Error, message);
            Rules::default()
        }
        Err(e) => {
            report.push(&rules_path, 1, Severity::Error, e.to_string());
            Rules::default()
        }
    };
    // A rule answering with a draft would answer with nothing.
    let ids: HashSet<&str> = articles.iter().filter(|a| !a.draft).map(|a| a.id.as_str()).collect();
    for (name, id) in rules.article_refs() {
        if !ids.contains(id) {
            let quoted = format!("\"{id}\"");
            let line = rules_text
                .lines()
                .position(|l| l.trim_start().starts_with("article") && l.contains(&quoted))
                .map_or(1, |i| i + 1);
            report.push(
                &rules_path,
                line,
                Severity::Error,
                format!("rule `{name}` answers with unknown article `{id}`"),
            );
        }
    }
    let incidents = check_incidents(dir, max_file_bytes, &mut report);
    let articles_hash = hash.hex();
    let calibration = check_calibration(dir, max_file_bytes, &articles_hash, !articles.is_empty(), &mut report);
    Checked { report, articles, rules, incidents, calibration, articles_hash, files_read }
}

/// The line `find` finds in the article file `path`, for a problem found
/// across files: the file is read again, as the texts are not kept (and a
/// file taken from the saved parse was not read at all). Line 1 if it
/// cannot be.
fn line_in(path: &Path, max_file_bytes: u64, find: impl Fn(&str) -> usize) -> usize {
    read_text(path, max_file_bytes).map_or(1, |text| find(&text))
}

/// The calibration file, if there is a valid one; a stale one is still used
/// (it was chosen on a KB close to this one) but warned about.
/// A KB with articles and no calibration is warned about: the default
/// thresholds are not chosen for it and may answer on one shared word.
fn check_calibration(
    dir: &Path,
    max_file_bytes: u64,
    hash: &str,
    has_articles: bool,
    report: &mut Report,
) -> Option<Calibration> {
    let path = dir.join(CALIBRATION_FILE);
    let text = match read_text(&path, max_file_bytes) {
        Ok(text) => text,
        // No calibration file: the thresholds come from the config or the defaults.
        Err(e) if e.is_missing() => {
            if has_articles {
                report.push(
                    &path,
                    1,
                    Severity::Warning,
                    "no calibration: the answer thresholds are the config's or the defaults, not chosen for these \
                     articles; run `escala kb calibrate` and commit kb/calibration.toml",
                );
            }
            return None;
        }
        Err(e) => {
            report.push(&path, 1, Severity::Error, e.to_string());
            return None;
        }
    };
    match Calibration::parse(&path, &text) {
        Ok(calibration) => {
            if calibration.articles_hash != hash {
                let line = text.lines().position(|l| l.trim_start().starts_with("articles_hash")).map_or(1, |i| i + 1);
                report.push(
                    &path,
                    line,
                    Severity::Warning,
                    "the calibration is older than the articles: run `escala kb calibrate` and commit kb/calibration.toml",
                );
            }
            Some(calibration)
        }
        Err(KbError::Data { path, line, message }) => {
            report.push(&path, line, Severity::Error, message);
            None
        }
        Err(e) => {
            report.push(&path, 1, Severity::Error, e.to_string());
            None
        }
    }
}

/// The file line of a front matter field, counting the opening `---`.
fn field_line_of(text: &str, name: &str) -> usize {
    split_front_matter(text).map_or(1, |(yaml, _, _)| field_line(yaml, name))
}

/// The incidents of `dir` and the problems of their files, alone.
pub(crate) fn load_incidents(dir: &Path, max_file_bytes: u64) -> (Incidents, Report) {
    let mut report = Report::default();
    let incidents = check_incidents(dir, max_file_bytes, &mut report);
    (incidents, report)
}

fn check_incidents(dir: &Path, max_file_bytes: u64, report: &mut Report) -> Incidents {
    let files = match incident_files(dir) {
        Ok(files) => files,
        Err(e) => {
            report.push(&dir.join(super::incident::INCIDENTS_DIR), 1, Severity::Error, format!("cannot read: {e}"));
            return Incidents::default();
        }
    };
    let mut parsed = Vec::new();
    let mut texts = HashMap::new();
    for path in files {
        match read_text(&path, max_file_bytes) {
            Ok(text) => {
                match parse_incident(&path, &text) {
                    Ok(file) => parsed.push(file),
                    Err(p) => report.push(&path, p.line, Severity::Error, p.message),
                }
                texts.insert(path, text);
            }
            Err(e) => report.push(&path, 1, unreadable(&e), e.to_string()),
        }
    }
    let (incidents, problems) = assemble(parsed);
    for (path, message) in problems {
        let line = line_of_field(texts.get(&path).map_or("", String::as_str), "status");
        report.push(&path, line, Severity::Error, message);
    }
    incidents
}

/// One article file read, parsed and checked on its own, or taken from the
/// saved parse.
struct ReadArticle {
    path: PathBuf,
    /// The hash of the file's text, if it could be read.
    content: Option<u64>,
    /// The file's state when it was read, if it could be.
    stamp: Option<FileStamp>,
    article: Option<Article>,
    problems: Report,
    from_cache: bool,
}

/// `path`'s article: `saved` when the file is as it was then, else read.
fn read_or_reuse(dir: &Path, path: PathBuf, saved: Option<Entry>, max_file_bytes: u64) -> ReadArticle {
    if let Some(entry) = saved.filter(|e| FileStamp::now(&path) == Some(e.stamp)) {
        let problems = Report { problems: entry.problems };
        let (content, stamp) = (Some(entry.content), Some(entry.stamp));
        return ReadArticle { path, content, stamp, article: entry.article, problems, from_cache: true };
    }
    read_article(dir, path, max_file_bytes)
}

fn read_article(dir: &Path, path: PathBuf, max_file_bytes: u64) -> ReadArticle {
    let mut problems = Report::default();
    let (text, stamp) = match read_stamped(&path, max_file_bytes) {
        Ok(read) => read,
        Err(e) => {
            problems.push(&path, 1, unreadable(&e), e.to_string());
            return ReadArticle { path, content: None, stamp: None, article: None, problems, from_cache: false };
        }
    };
    let article = match parse_article(&path, &text) {
        Ok(article) => {
            check_article(dir, &article, &text, &mut problems);
            Some(article)
        }
        Err(p) => {
            problems.push(&path, p.line, Severity::Error, p.message);
            None
        }
    };
    let content = Some(ContentHash::of(&text));
    ReadArticle { path, content, stamp: Some(FileStamp::of(&stamp)), article, problems, from_cache: false }
}

/// Files per reading thread below which one thread does it all.
const FILES_PER_THREAD: usize = 256;

/// Reads and checks `files` in their order, on every core for a big KB:
/// reading and parsing 10 000 articles is most of a start once the index
/// is saved (`escala bench`, warm start).
fn read_articles(dir: &Path, files: Vec<(PathBuf, Option<Entry>)>, max_file_bytes: u64) -> Vec<ReadArticle> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(files.len() / FILES_PER_THREAD).max(1);
    if threads == 1 {
        return files.into_iter().map(|(path, saved)| read_or_reuse(dir, path, saved, max_file_bytes)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    let mut chunks: Vec<Vec<(PathBuf, Option<Entry>)>> = Vec::with_capacity(threads);
    let mut files = files.into_iter().peekable();
    while files.peek().is_some() {
        chunks.push(files.by_ref().take(chunk).collect());
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(path, saved)| read_or_reuse(dir, path, saved, max_file_bytes))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A worker that panicked loses nothing silently: its panic goes on.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

fn check_article(dir: &Path, article: &Article, text: &str, report: &mut Report) {
    let path = &article.path;
    match folder_of(dir, path) {
        Some(folder) if folder == article.lang.code() => {}
        Some(folder) => report.push(
            path,
            line_of_field(text, "lang"),
            Severity::Error,
            format!("lang `{}` does not match its folder `{folder}/`", article.lang),
        ),
        None => report.push(path, 1, Severity::Error, "article outside a language folder (kb/<lang>/)"),
    }
    let line = body_line(text);
    let len = article.body_markdown.chars().count();
    if article.body_text.trim().is_empty() {
        report.push(path, line, Severity::Error, "empty body");
    } else if len > TELEGRAM_LIMIT {
        report.push(path, line, Severity::Error, format!("body is {len} characters, over Telegram's {TELEGRAM_LIMIT}"));
    } else if len > DISCORD_LIMIT {
        report.push(
            path,
            line,
            Severity::Warning,
            format!("body is {len} characters, over Discord's {DISCORD_LIMIT}; it will be split"),
        );
    }
}

fn check_ids(articles: &[Article], max_file_bytes: u64, report: &mut Report) {
    let mut seen: HashMap<(Lang, &str), &Path> = HashMap::new();
    for a in articles {
        if let Some(first) = seen.insert((a.lang, a.id.as_str()), &a.path) {
            let message =
                format!("duplicate id `{}` in `{}`: {} and {}", a.id, a.lang, first.display(), a.path.display());
            let id_line = |p: &Path| line_in(p, max_file_bytes, |t| line_of_field(t, "id"));
            report.push(first, id_line(first), Severity::Error, message.clone());
            report.push(&a.path, id_line(&a.path), Severity::Error, message);
        }
    }
    let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    for a in articles {
        for target in a.related.iter().filter(|r| !ids.contains(r.as_str())) {
            let line = line_in(&a.path, max_file_bytes, |t| line_of_related(t, target));
            report.push(
                &a.path,
                line,
                Severity::Error,
                format!("related article `{target}` does not exist in any language"),
            );
        }
    }
}

fn line_of_field(text: &str, field: &str) -> usize {
    let prefix = format!("{field}:");
    text.lines().position(|l| l.starts_with(&prefix)).map_or(1, |i| i + 1)
}

fn line_of_related(text: &str, target: &str) -> usize {
    let start = line_of_field(text, "related");
    text.lines()
        .enumerate()
        .skip(start.saturating_sub(1))
        .find(|(_, l)| l.contains(target))
        .map_or(start, |(i, _)| i + 1)
}

#[cfg(test)]
#[path = "lint_tests.rs"]
pub(super) mod tests;
