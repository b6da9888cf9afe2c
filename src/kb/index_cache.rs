//! The search index saved on disk (`kb.index_dir`), one folder per language
//! named by a hash of what it was built from, so an unchanged KB opens its
//! index instead of rebuilding it and an edit rebuilds only its language.
//!
//! A folder is built under a temporary name and renamed into place when
//! complete, and every file's checksum is checked when it is opened: a
//! half-written or damaged index is rebuilt, never served. Several
//! instances may share the folder; one that cannot write to it builds in
//! RAM.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

use tantivy::schema::Field;

use super::article::Article;
use super::byte_reader::Reader;
use super::calibration::ContentHash;
use super::error::KbError;
use super::index::{build_lang, KindIndex, LangIndex, Vocab, ARTICLES_DIR, QUESTIONS_DIR};
use super::learned::LearnedWeights;
use crate::domain::Lang;

/// Changes whenever the analysis (tokenizer, stemmers, bigrams), the
/// schema, the training of the learned weights or this file's format
/// changes, so an index built by an older escala is rebuilt rather than
/// misread (and without the warning a damaged one gets).
const FORMAT: &str = "escala-index-7";

/// The file beside the two tantivy folders: field counts, each article's
/// word hashes and the learned word weights, which tantivy does not keep,
/// and a checksum of every tantivy file.
const WORDS_FILE: &str = "words.bin";
const WORDS_MAGIC: &[u8; 8] = b"ESCWORD3";

/// A build folder this old belongs to a process that died mid-build.
const ABANDONED_AFTER: Duration = Duration::from_secs(600);

/// Where a language's index came from, for logs and specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOrigin {
    /// Built from the articles (no saved index, or the KB changed).
    Built,
    /// Opened from `kb.index_dir`: the language's articles had not changed.
    Opened,
    /// Kept from the KB being reloaded: the language's articles had not changed.
    Kept,
}

/// A hash of everything a language's index is built from: the format, the
/// tantivy version, and each article's indexed text and markdown, in order.
pub(crate) fn lang_key(lang: Lang, articles: &[&Article]) -> u64 {
    let mut hash = ContentHash::default();
    for part in [FORMAT, tantivy::version_string(), lang.code()] {
        hash.feed_part(part);
    }
    for a in articles {
        hash.feed_part(&a.id);
        hash.feed_part(&a.title);
        for list in [&a.questions, &a.tags] {
            hash.feed_part(&list.len().to_string());
            list.iter().for_each(|item| hash.feed_part(item));
        }
        // The markdown: the plain text the index searches is made from it,
        // and it is what an answer sends (stored in the index), so a changed
        // link, which the plain text leaves out, must not serve the old body.
        hash.feed_part(&a.body_markdown);
    }
    hash.value()
}

/// The index of `lang`'s `articles`, whose [`lang_key`] is `key`: opened
/// from `cache` when it holds one built from the same articles, else built
/// (and saved there when possible). Blocking.
pub(crate) fn open_or_build(
    cache: Option<&Path>,
    lang: Lang,
    articles: &[&Article],
    key: u64,
) -> Result<(LangIndex, IndexOrigin), KbError> {
    let Some(root) = cache else {
        return Ok((build_lang(lang, articles, key, None)?, IndexOrigin::Built));
    };
    let folder = root.join(format!("{}-{key:016x}", lang.code()));
    if folder.exists() {
        match open(&folder, key, articles.len()) {
            Ok(index) => return Ok((index, IndexOrigin::Opened)),
            Err(error) => {
                tracing::warn!(folder = %folder.display(), %error, "saved search index left out; rebuilding it");
                let _ = fs::remove_dir_all(&folder);
            }
        }
    }
    match build_saved(root, &folder, lang, articles, key) {
        Ok(index) => {
            remove_stale(root, lang, &folder);
            Ok((index, IndexOrigin::Built))
        }
        Err(error) => {
            // A read-only or full disk must not stop the bot: it searches
            // from RAM and says why it could not save.
            tracing::warn!(folder = %root.display(), %error, "cannot save the search index; building it in memory");
            Ok((build_lang(lang, articles, key, None)?, IndexOrigin::Built))
        }
    }
}

/// Builds under a temporary name, then renames into `folder`, so no reader
/// ever sees a half-written index.
fn build_saved(root: &Path, folder: &Path, lang: Lang, articles: &[&Article], key: u64) -> Result<LangIndex, KbError> {
    fs::create_dir_all(root).map_err(|e| KbError::io(root, e))?;
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let building = root.join(format!(".build-{}-{key:016x}-{}-{nanos}", lang.code(), std::process::id()));
    let built = build_lang(lang, articles, key, Some(&building)).and_then(|index| {
        write_words(&building.join(WORDS_FILE), key, &index, &index_sums(&building)?)?;
        Ok(index)
    });
    let index = match built {
        Ok(index) => index,
        Err(error) => {
            let _ = fs::remove_dir_all(&building);
            return Err(error);
        }
    };
    if let Err(error) = fs::rename(&building, folder) {
        // Another instance saved the same index first: theirs is as good.
        let _ = fs::remove_dir_all(&building);
        if !folder.exists() {
            return Err(KbError::io(folder, error));
        }
    }
    if let Ok(dir) = fs::File::open(root) {
        let _ = dir.sync_all();
    }
    Ok(index)
}

/// Opens a saved index, checking it matches what it should hold.
fn open(folder: &Path, key: u64, articles: usize) -> Result<LangIndex, KbError> {
    let words = read_words(&folder.join(WORDS_FILE))?;
    if words.key != key || words.vocab.len() != articles {
        return Err(KbError::IndexDamaged(format!("{WORDS_FILE} describes other articles")));
    }
    let found = index_sums(folder)?;
    if found != words.files {
        let differs =
            words.files.iter().find(|f| !found.contains(f)).or_else(|| found.iter().find(|f| !words.files.contains(f)));
        let name = differs.map_or_else(String::new, |f| f.name.clone());
        return Err(KbError::IndexDamaged(format!("{name} is missing or changed since it was written")));
    }
    let questions = KindIndex::open(&folder.join(QUESTIONS_DIR), words.question_counts)?;
    let whole = KindIndex::open(&folder.join(ARTICLES_DIR), words.article_counts)?;
    if whole.searcher.num_docs() as usize != articles {
        return Err(KbError::IndexDamaged(format!("{ARTICLES_DIR} holds another number of articles")));
    }
    let index = LangIndex::from_parts(key, questions, whole, words.vocab, words.learned);
    if !index.has_every_body() {
        return Err(KbError::IndexDamaged(format!("{ARTICLES_DIR} lacks an article's body")));
    }
    Ok(index)
}

/// Removes the language's folders of other keys, and builds abandoned by a
/// process that died. An instance still serving one keeps its open files.
fn remove_stale(root: &Path, lang: Lang, current: &Path) {
    let Ok(entries) = fs::read_dir(root) else { return };
    let (ours, building) = (format!("{}-", lang.code()), format!(".build-{}-", lang.code()));
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let abandoned = name.starts_with(&building)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().unwrap_or_default() > ABANDONED_AFTER);
        if path != current && (name.starts_with(&ours) || abandoned) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// What `words.bin` holds.
struct Words {
    key: u64,
    question_counts: HashMap<Field, u64>,
    article_counts: HashMap<Field, u64>,
    vocab: Vocab,
    learned: LearnedWeights,
    files: Vec<FileSum>,
}

/// A tantivy file's name (kind folder included), length and CRC-32.
#[derive(Debug, PartialEq)]
struct FileSum {
    name: String,
    len: u64,
    crc: u32,
}

/// The sums of both kinds' files in a language's `folder`.
fn index_sums(folder: &Path) -> Result<Vec<FileSum>, KbError> {
    let mut sums = file_sums(&folder.join(QUESTIONS_DIR))?;
    sums.extend(file_sums(&folder.join(ARTICLES_DIR))?);
    Ok(sums)
}

/// The sums of the index files in `dir`, sorted by name. Read with plain
/// reads, not through the index's memory map: checking must not make the
/// whole index resident.
fn file_sums(dir: &Path) -> Result<Vec<FileSum>, KbError> {
    use std::io::Read;
    let kind = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let mut sums = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| KbError::io(dir, e))? {
        let entry = entry.map_err(|e| KbError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Lock files are empty and come and go with writers.
        if name.ends_with(".lock") {
            continue;
        }
        let path = entry.path();
        let mut file = fs::File::open(&path).map_err(|e| KbError::io(&path, e))?;
        let (mut crc, mut len, mut buffer) = (crc32fast::Hasher::new(), 0u64, vec![0u8; 64 * 1024]);
        loop {
            let n = file.read(&mut buffer).map_err(|e| KbError::io(&path, e))?;
            if n == 0 {
                break;
            }
            crc.update(&buffer[..n]);
            len += n as u64;
        }
        sums.push(FileSum { name: format!("{kind}/{name}"), len, crc: crc.finalize() });
    }
    sums.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sums)
}

fn write_words(path: &Path, key: u64, index: &LangIndex, files: &[FileSum]) -> Result<(), KbError> {
    let (words, ends) = index.vocab().parts();
    let mut bytes = Vec::with_capacity(64 + (words.len() + ends.len()) * 4 + files.len() * 64);
    bytes.extend_from_slice(WORDS_MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    for counts in [index.questions.field_counts(), index.articles.field_counts()] {
        let mut sorted: Vec<(&Field, &u64)> = counts.iter().collect();
        sorted.sort();
        bytes.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
        for (field, count) in sorted {
            bytes.extend_from_slice(&field.field_id().to_le_bytes());
            bytes.extend_from_slice(&count.to_le_bytes());
        }
    }
    let (features, feature_ends, entries, unit) = index.learned.parts();
    for list in [words, ends, features, feature_ends] {
        bytes.extend_from_slice(&(list.len() as u64).to_le_bytes());
        list.iter().for_each(|w| bytes.extend_from_slice(&w.to_le_bytes()));
    }
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (article, weight) in entries {
        bytes.extend_from_slice(&article.to_le_bytes());
        bytes.extend_from_slice(&weight.to_le_bytes());
    }
    bytes.extend_from_slice(&unit.to_le_bytes());
    bytes.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for file in files {
        bytes.extend_from_slice(&(file.name.len() as u32).to_le_bytes());
        bytes.extend_from_slice(file.name.as_bytes());
        bytes.extend_from_slice(&file.len.to_le_bytes());
        bytes.extend_from_slice(&file.crc.to_le_bytes());
    }
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    let mut file = fs::File::create(path).map_err(|e| KbError::io(path, e))?;
    file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(|e| KbError::io(path, e))
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut hash = ContentHash::default();
    hash.feed(bytes);
    hash.value()
}

fn read_words(path: &Path) -> Result<Words, KbError> {
    let bytes = fs::read(path).map_err(|e| KbError::io(path, e))?;
    let damaged = |what: &str| KbError::IndexDamaged(format!("{}: {what}", display(path)));
    let (body, sum) = bytes.split_at_checked(bytes.len().saturating_sub(8)).ok_or_else(|| damaged("too short"))?;
    let sum: [u8; 8] = sum.try_into().map_err(|_| damaged("too short"))?;
    if checksum(body) != u64::from_le_bytes(sum) {
        return Err(damaged("fails its checksum"));
    }
    let mut reader = Reader::new(body);
    if reader.take(8) != Some(WORDS_MAGIC.as_slice()) {
        return Err(damaged("not an escala index file"));
    }
    let truncated = || damaged("truncated");
    let key = reader.u64().ok_or_else(truncated)?;
    let mut counts = [HashMap::new(), HashMap::new()];
    for kind in &mut counts {
        for _ in 0..reader.u32().ok_or_else(truncated)? {
            let field = Field::from_field_id(reader.u32().ok_or_else(truncated)?);
            kind.insert(field, reader.u64().ok_or_else(truncated)?);
        }
    }
    let mut lists = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for list in &mut lists {
        let n = reader.u64().ok_or_else(truncated)? as usize;
        // Taken before allocating, so a bad count cannot ask for memory.
        let bytes = reader.take(n.checked_mul(4).ok_or_else(truncated)?).ok_or_else(truncated)?;
        *list = bytes.chunks_exact(4).map(|w| u32::from_le_bytes(w.try_into().unwrap_or_default())).collect();
    }
    let n = reader.u64().ok_or_else(truncated)? as usize;
    let bytes = reader.take(n.checked_mul(8).ok_or_else(truncated)?).ok_or_else(truncated)?;
    let entries: Vec<(u32, f32)> = bytes
        .chunks_exact(8)
        .map(|e| {
            let (article, weight) = e.split_at(4);
            (
                u32::from_le_bytes(article.try_into().unwrap_or_default()),
                f32::from_le_bytes(weight.try_into().unwrap_or_default()),
            )
        })
        .collect();
    let unit = reader.take(4).ok_or_else(truncated)?;
    let unit = f32::from_le_bytes(unit.try_into().unwrap_or_default());
    let [words, ends, features, feature_ends] = lists;
    let vocab = Vocab::from_parts(words, ends).ok_or_else(|| damaged("inconsistent word lists"))?;
    let learned = LearnedWeights::from_parts(features, feature_ends, entries, unit, vocab.len())
        .ok_or_else(|| damaged("inconsistent learned weights"))?;
    let mut files = Vec::new();
    for _ in 0..reader.u32().ok_or_else(truncated)? {
        let n = reader.u32().ok_or_else(truncated)? as usize;
        let name = reader.take(n).ok_or_else(truncated)?;
        let name = String::from_utf8(name.to_vec()).map_err(|_| damaged("a file name is not UTF-8"))?;
        let len = reader.u64().ok_or_else(truncated)?;
        files.push(FileSum { name, len, crc: reader.u32().ok_or_else(truncated)? });
    }
    if !reader.is_empty() {
        return Err(damaged("trailing bytes"));
    }
    let [question_counts, article_counts] = counts;
    Ok(Words { key, question_counts, article_counts, vocab, learned, files })
}

/// The file's name alone, for messages.
fn display(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}
