//! The articles as last read and checked, saved beside the search index
//! (`kb.index_dir/articles.bin`): a start whose article files did not change
//! reads this one file instead of parsing every article again — on 10 000
//! articles, opening, reading and parsing the files was most of a warm start
//! (`perf record` of `escala chat`).
//!
//! A file's entry is used only while the file's identity and times (device,
//! inode, size, modification and change times) are those it had when it was
//! read; the change time cannot be set back by anyone but the kernel, so an
//! edit always shows. A file changed within [`RACY_WITHIN`] of its reading is
//! not saved (its times could still match a later edit of the same instant)
//! and is read again next time. The file carries a checksum and the identity
//! of the binary that wrote it: a damaged one, or one written by another
//! build (whose checks may differ), is ignored and rewritten.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;

use super::article::Article;
use super::byte_reader::Reader;
use super::calibration::ContentHash;
use super::report::{Problem, Severity};
use crate::domain::{Lang, Priority};

pub(crate) const CACHE_FILE: &str = "articles.bin";
const MAGIC: &[u8; 8] = b"ESCART01";

/// A file changed this close to the moment it was read may change again
/// without its times showing it (coarse file-system clocks): it is not saved.
pub(crate) const RACY_WITHIN: Duration = Duration::from_secs(2);

/// What identifies one state of a file, from `stat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileStamp {
    pub fn of(meta: &fs::Metadata) -> FileStamp {
        FileStamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// The file's stamp now, following links as reading does.
    pub fn now(path: &Path) -> Option<FileStamp> {
        fs::metadata(path).ok().map(|meta| FileStamp::of(&meta))
    }

    /// Whether the file last changed at least `RACY_WITHIN` before `started`.
    fn settled_before(&self, started: SystemTime) -> bool {
        let latest = self.mtime.max(self.ctime);
        let Ok(since_epoch) = started.duration_since(SystemTime::UNIX_EPOCH) else { return false };
        let limit = since_epoch.saturating_sub(RACY_WITHIN);
        latest < (limit.as_secs() as i64, i64::from(limit.subsec_nanos()))
    }
}

/// One article file as it was read: its stamp, the hash of its text, the
/// article it held (without the plain text, which is derived from the
/// markdown) and the problems found in it alone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub stamp: FileStamp,
    pub content: u64,
    pub article: Option<Article>,
    pub problems: Vec<Problem>,
}

/// An entry to save, borrowed from what the load produced.
pub(crate) struct EntryRef<'a> {
    pub path: &'a Path,
    pub stamp: FileStamp,
    pub content: u64,
    pub article: Option<&'a Article>,
    pub problems: &'a [Problem],
}

/// Who wrote a cache file: this binary (its size and modification time, so
/// every build has its own, since a build may check articles differently)
/// and the file size cap, which decides what is read at all.
pub(crate) fn writer_key(max_file_bytes: u64) -> u64 {
    let mut hash = ContentHash::default();
    hash.feed_part(env!("CARGO_PKG_VERSION"));
    let binary = std::env::current_exe().ok().and_then(|exe| FileStamp::now(&exe));
    if let Some(stamp) = binary {
        hash.feed(&stamp.size.to_le_bytes());
        hash.feed(&stamp.mtime.0.to_le_bytes());
        hash.feed(&stamp.mtime.1.to_le_bytes());
    }
    hash.feed(&max_file_bytes.to_le_bytes());
    hash.value()
}

/// The saved entries of `folder` in the order they were saved (the files'
/// sorted order); empty when there are none, they are damaged or another
/// binary wrote them.
pub(crate) fn read(folder: &Path, key: u64) -> Vec<(PathBuf, Entry)> {
    let path = folder.join(CACHE_FILE);
    let Ok(bytes) = fs::read(&path) else { return Vec::new() };
    match decode(&bytes, key) {
        Some(entries) => entries,
        None => {
            tracing::debug!(file = %path.display(), "saved article parse left out (damaged or from another build)");
            Vec::new()
        }
    }
}

/// Pairs each of `files` (sorted) with its saved entry, if any. The entries
/// were saved in the same order, so an unchanged KB pairs them one by one
/// with a byte comparison: a map keyed by paths, which hash component by
/// component, was ~6 % of a warm start (`perf record`). Past the first
/// entry out of step (a file added or removed), the rest go through a map.
pub(crate) fn pair(files: Vec<PathBuf>, saved: Vec<(PathBuf, Entry)>) -> Vec<(PathBuf, Option<Entry>)> {
    let mut saved = saved.into_iter().peekable();
    let mut strays: HashMap<PathBuf, Entry> = HashMap::new();
    files
        .into_iter()
        .map(|path| {
            while let Some((next, _)) = saved.peek() {
                if next.as_os_str().as_bytes() == path.as_os_str().as_bytes() {
                    let entry = saved.next().map(|(_, entry)| entry);
                    return (path, entry);
                }
                // Not this file's: a removed file's, or one past a file
                // that is new; looked up by path from now on.
                strays.extend(saved.next());
            }
            let entry = strays.remove(&path);
            (path, entry)
        })
        .collect()
}

/// Saves `entries` whose files had settled before `started`; atomically
/// (a new file renamed over the old), and silently skipped where the
/// folder cannot be written: the next start then reads the files.
pub(crate) fn write<'a>(folder: &Path, key: u64, started: SystemTime, entries: impl Iterator<Item = EntryRef<'a>>) {
    let bytes = encode_all(key, started, entries);
    let nanos = started.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let temporary = folder.join(format!(".{CACHE_FILE}-{}-{nanos}", std::process::id()));
    let written = fs::create_dir_all(folder)
        .and_then(|()| fs::File::create(&temporary))
        .and_then(|mut file| file.write_all(&bytes).and_then(|()| file.sync_all()))
        .and_then(|()| fs::rename(&temporary, folder.join(CACHE_FILE)));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        tracing::debug!(folder = %folder.display(), %error, "cannot save the parsed articles");
    }
}

/// The bytes of a save of `entries` (those settled before `started`).
fn encode_all<'a>(key: u64, started: SystemTime, entries: impl Iterator<Item = EntryRef<'a>>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1 << 20);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    let settled: Vec<_> = entries.filter(|e| e.stamp.settled_before(started)).collect();
    put_u64(&mut bytes, settled.len() as u64);
    for entry in &settled {
        encode(&mut bytes, entry);
    }
    // The bodies last: read back after everything else, they sit together
    // in memory, and once the index has taken them (or was opened) they go
    // back to the system whole instead of leaving holes between titles.
    for article in settled.iter().filter_map(|e| e.article) {
        put_str(&mut bytes, &article.body_markdown);
    }
    let mut sum = ContentHash::default();
    sum.feed(&bytes);
    bytes.extend_from_slice(&sum.value().to_le_bytes());
    bytes
}

fn put_u64(bytes: &mut Vec<u8>, value: u64) {
    bytes.extend_from_slice(&value.to_le_bytes());
}

fn put_bytes(bytes: &mut Vec<u8>, part: &[u8]) {
    put_u64(bytes, part.len() as u64);
    bytes.extend_from_slice(part);
}

fn put_str(bytes: &mut Vec<u8>, part: &str) {
    put_bytes(bytes, part.as_bytes());
}

fn put_list(bytes: &mut Vec<u8>, list: &[String]) {
    put_u64(bytes, list.len() as u64);
    list.iter().for_each(|item| put_str(bytes, item));
}

fn encode(bytes: &mut Vec<u8>, entry: &EntryRef<'_>) {
    put_bytes(bytes, entry.path.as_os_str().as_bytes());
    let s = &entry.stamp;
    for value in [s.dev, s.ino, s.size, s.mtime.0 as u64, s.mtime.1 as u64, s.ctime.0 as u64, s.ctime.1 as u64] {
        put_u64(bytes, value);
    }
    put_u64(bytes, entry.content);
    put_u64(bytes, entry.problems.len() as u64);
    for problem in entry.problems {
        put_u64(bytes, problem.line as u64);
        bytes.push(matches!(problem.severity, Severity::Error) as u8);
        put_str(bytes, &problem.message);
    }
    let Some(a) = entry.article else {
        bytes.push(0);
        return;
    };
    bytes.push(1);
    for text in [a.id.as_str(), a.lang.code(), a.title.as_str()] {
        put_str(bytes, text);
    }
    for list in [&a.tags, &a.questions, &a.related] {
        put_list(bytes, list);
    }
    bytes.push(a.draft as u8);
    put_str(bytes, &a.updated.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default());
    put_str(bytes, &a.level.map(|level| level.to_string()).unwrap_or_default());
    put_str(bytes, a.priority.map_or("", Priority::as_str));
}

fn decode(bytes: &[u8], key: u64) -> Option<Vec<(PathBuf, Entry)>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let mut check = ContentHash::default();
    check.feed(body);
    if check.value().to_le_bytes() != sum {
        return None;
    }
    let mut reader = Reader::new(body);
    if reader.take(8)? != MAGIC.as_slice() || reader.u64()? != key {
        return None;
    }
    let n = reader.count(80)?;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        entries.push(decode_entry(&mut reader)?);
    }
    for (_, entry) in &mut entries {
        if let Some(article) = &mut entry.article {
            article.body_markdown = reader.string()?;
        }
    }
    reader.is_empty().then_some(entries)
}

fn decode_entry(r: &mut Reader<'_>) -> Option<(PathBuf, Entry)> {
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(r.bytes()?));
    let mut v = [0u64; 7];
    for value in &mut v {
        *value = r.u64()?;
    }
    let stamp = FileStamp {
        dev: v[0],
        ino: v[1],
        size: v[2],
        mtime: (v[3] as i64, v[4] as i64),
        ctime: (v[5] as i64, v[6] as i64),
    };
    let content = r.u64()?;
    let problems = (0..r.count(17)?)
        .map(|_| {
            let line = usize::try_from(r.u64()?).ok()?;
            let severity = if r.u8()? == 1 { Severity::Error } else { Severity::Warning };
            Some(Problem { path: path.clone(), line, severity, message: r.string()? })
        })
        .collect::<Option<Vec<_>>>()?;
    let article = match r.u8()? {
        0 => None,
        1 => Some(decode_article(r, &path)?),
        _ => return None,
    };
    Some((path, Entry { stamp, content, article, problems }))
}

fn decode_article(r: &mut Reader<'_>, path: &Path) -> Option<Article> {
    let id = r.string()?;
    let lang: Lang = r.string()?.parse().ok()?;
    let title = r.string()?;
    let (tags, questions, related) = (r.list()?, r.list()?, r.list()?);
    let draft = r.u8()? == 1;
    let optional = |text: String| (!text.is_empty()).then_some(text);
    let updated = match optional(r.string()?) {
        Some(text) => Some(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()?),
        None => None,
    };
    let level = match optional(r.string()?) {
        Some(text) => Some(text.parse().ok()?),
        None => None,
    };
    let priority = match optional(r.string()?) {
        Some(text) => Some(text.parse().ok()?),
        None => None,
    };
    Some(Article {
        id,
        lang,
        title,
        tags,
        questions,
        related,
        body_markdown: String::new(),
        body_text: String::new(),
        path: path.to_path_buf(),
        draft,
        updated,
        level,
        priority,
    })
}

#[cfg(test)]
#[path = "article_cache_tests.rs"]
mod tests;
