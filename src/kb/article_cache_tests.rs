//! Specifications of the saved parse: taken only while every file is as it
//! was, never from a damaged, foreign or racy save, and never a panic.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;
use crate::kb::lint::{load_checked_at, Checked};

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A KB of three articles (one with every optional field, one draft, one
/// whose body draws a warning) and a broken file; and its cache folder.
fn kb() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("kb");
    write(
        &dir,
        "en/vpn.md",
        "---\nid: vpn\nlang: en\ntitle: VPN drops\ntags: [network, vpn]\nquestions:\n  - my vpn keeps dropping\n  \
         - vpn disconnects\nrelated: [wifi]\nlevel: L2\npriority: high\nupdated: 2026-11-30\n---\nRestart the \
         [client](https://example.com/vpn).\n",
    );
    write(&dir, "en/wifi.md", "---\nid: wifi\nlang: en\ntitle: Wi-Fi\ndraft: true\n---\nMove closer.\n");
    write(&dir, "pt/longo.md", &format!("---\nid: longo\nlang: pt\ntitle: Longo\n---\n{}\n", "palavra ".repeat(300)));
    write(&dir, "en/broken.md", "no front matter at all\n");
    let cache = root.path().join("index");
    (root, dir, cache)
}

/// A moment long enough after the files were written that they count as
/// settled.
fn later() -> SystemTime {
    SystemTime::now() + RACY_WITHIN + Duration::from_secs(1)
}

fn load(dir: &Path, cache: &Path) -> Checked {
    load_checked_at(dir, 100_000, Some(cache), later())
}

/// What a load gives, in a comparable form.
fn outcome(checked: &Checked) -> (Vec<Article>, Vec<String>, String) {
    let problems = checked.report.problems.iter().map(|p| p.to_string()).collect();
    // The plain text is made again from the markdown where it is needed.
    let articles = checked.articles.iter().map(|a| Article { body_text: String::new(), ..a.clone() }).collect();
    (articles, problems, checked.articles_hash.clone())
}

#[test]
fn an_unchanged_kb_is_taken_whole_from_the_saved_parse() {
    let (_root, dir, cache) = kb();
    let first = load(&dir, &cache);
    assert_eq!(first.files_read, 4);
    assert!(first.report.problems.iter().any(|p| p.message.contains("over Discord")), "{:?}", first.report);
    assert!(first.report.problems.iter().any(|p| p.path.ends_with("broken.md")), "{:?}", first.report);
    let again = load(&dir, &cache);
    assert_eq!(again.files_read, 0, "nothing changed, nothing read");
    assert_eq!(outcome(&again), outcome(&first));
    let vpn = again.articles.iter().find(|a| a.id == "vpn").unwrap();
    assert_eq!(vpn.body_markdown, "Restart the [client](https://example.com/vpn).");
    // And as a load that does not use the saved parse at all.
    assert_eq!(outcome(&load_checked_at(&dir, 100_000, None, later())), outcome(&first));
}

#[test]
fn an_edit_is_read_again_even_when_it_keeps_the_size() {
    let (_root, dir, cache) = kb();
    load(&dir, &cache);
    std::thread::sleep(Duration::from_millis(20));
    let text = fs::read_to_string(dir.join("en/vpn.md")).unwrap().replace("VPN drops", "VPN falls");
    write(&dir, "en/vpn.md", &text);
    let again = load(&dir, &cache);
    assert_eq!(again.files_read, 1);
    assert!(again.articles.iter().any(|a| a.title == "VPN falls"));
    assert_eq!(outcome(&again), outcome(&load_checked_at(&dir, 100_000, None, later())));
}

#[test]
fn a_file_changed_just_before_the_load_is_not_saved() {
    let (_root, dir, cache) = kb();
    // Read the moment they were written: their times could still match a
    // later edit, so they are read again next time.
    load_checked_at(&dir, 100_000, Some(&cache), SystemTime::now());
    assert_eq!(load(&dir, &cache).files_read, 4);
    assert_eq!(load(&dir, &cache).files_read, 0);
}

#[test]
fn files_gone_and_files_new_are_noticed() {
    let (_root, dir, cache) = kb();
    load(&dir, &cache);
    fs::remove_file(dir.join("pt/longo.md")).unwrap();
    let fewer = load(&dir, &cache);
    assert_eq!((fewer.files_read, fewer.articles.len()), (0, 2));
    write(&dir, "es/vpn.md", "---\nid: vpn\nlang: es\ntitle: La VPN se cae\n---\nReinicie el cliente.\n");
    let more = load(&dir, &cache);
    assert_eq!((more.files_read, more.articles.len()), (1, 3));
    assert_eq!(load(&dir, &cache).files_read, 0);
}

#[test]
fn files_pair_with_their_entries_whatever_came_and_went() {
    let entry = |n: u64| Entry {
        stamp: FileStamp { dev: n, ino: n, size: n, mtime: (0, 0), ctime: (0, 0) },
        content: n,
        article: None,
        problems: Vec::new(),
    };
    let saved: Vec<(std::path::PathBuf, Entry)> = ["kb/en/a.md", "kb/en/b.md", "kb/en/d.md", "kb/pt/z.md"]
        .iter()
        .zip(1..)
        .map(|(p, n)| (p.into(), entry(n)))
        .collect();
    let files: Vec<std::path::PathBuf> =
        ["kb/en/b.md", "kb/en/c.md", "kb/en/d.md", "kb/es/x.md", "kb/pt/z.md"].iter().map(Into::into).collect();
    let paired: Vec<Option<u64>> = pair(files, saved).into_iter().map(|(_, e)| e.map(|e| e.content)).collect();
    assert_eq!(paired, [Some(2), None, Some(3), None, Some(4)]);
    // Saved in another order than the files are listed: still found.
    let saved = vec![("kb/en/b.md".into(), entry(2)), ("kb/en/a.md".into(), entry(1))];
    let files = vec!["kb/en/a.md".into(), "kb/en/b.md".into()];
    let paired: Vec<Option<u64>> = pair(files, saved).into_iter().map(|(_, e)| e.map(|e| e.content)).collect();
    assert_eq!(paired, [Some(1), Some(2)]);
}

#[test]
fn a_damaged_or_foreign_save_is_ignored_and_replaced() {
    let (_root, dir, cache) = kb();
    let first = load(&dir, &cache);
    let file = cache.join(CACHE_FILE);
    let good = fs::read(&file).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    for damaged in [flipped, good[..good.len() - 3].to_vec(), Vec::new(), b"ESCART01".to_vec()] {
        fs::write(&file, &damaged).unwrap();
        let again = load(&dir, &cache);
        assert_eq!(again.files_read, 4, "a damaged save is not used");
        assert_eq!(outcome(&again), outcome(&first));
        assert_eq!(load(&dir, &cache).files_read, 0, "and it was written afresh");
    }
    let key = writer_key(100_000);
    assert!(!read(&cache, key).is_empty());
    assert!(read(&cache, key ^ 1).is_empty(), "another build's save is not used");
    assert!(read(&cache, writer_key(99_999)).is_empty(), "nor one made under another file size cap");
}

#[test]
fn a_save_with_a_valid_checksum_and_absurd_counts_is_refused_without_allocating() {
    let key = 7u64;
    for count in [u64::MAX, u64::MAX / 80, 1 << 40] {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&key.to_le_bytes());
        bytes.extend_from_slice(&count.to_le_bytes());
        let mut sum = ContentHash::default();
        sum.feed(&bytes);
        bytes.extend_from_slice(&sum.value().to_le_bytes());
        assert!(decode(&bytes, key).is_none(), "{count}");
    }
}

#[test]
fn a_save_that_cannot_be_written_stops_nothing() {
    let (root, dir, _) = kb();
    // The cache folder's place is taken by a file: nothing can be saved.
    let blocked = root.path().join("blocked");
    fs::write(&blocked, "not a folder").unwrap();
    let checked = load(&dir, &blocked);
    assert_eq!((checked.files_read, checked.articles.len()), (4, 3));
    assert_eq!(load(&dir, &blocked).files_read, 4);
}

/// The save of one article with every field filled, and its key.
fn one_saved_article() -> (Vec<u8>, u64) {
    let text = "---\nid: vpn\nlang: en\ntitle: VPN\ntags: [a]\nquestions: [q]\nrelated: [r]\nlevel: L2\n\
                priority: low\nupdated: 2026-01-02\n---\nBody.\n";
    let path = Path::new("kb/en/vpn.md");
    let article = crate::kb::article::parse_article(path, text).unwrap();
    let problem = Problem { path: path.to_path_buf(), line: 3, severity: Severity::Warning, message: "m".into() };
    let stamp = FileStamp { dev: 1, ino: 2, size: 3, mtime: (4, 5), ctime: (6, 7) };
    let entry = EntryRef { path, stamp, content: 9, article: Some(&article), problems: std::slice::from_ref(&problem) };
    (encode_all(3, later(), std::iter::once(entry)), 3)
}

#[test]
fn a_saved_article_reads_back_as_it_was() {
    let (bytes, key) = one_saved_article();
    let entries = decode(&bytes, key).unwrap();
    let (path, entry) = &entries[0];
    assert_eq!(path, Path::new("kb/en/vpn.md"));
    let article = entry.article.as_ref().unwrap();
    assert_eq!((article.id.as_str(), article.body_markdown.as_str(), entry.problems.len()), ("vpn", "Body.", 1));
    assert_eq!((article.level, article.priority), (Some(crate::domain::Level::L2), Some(Priority::Low)));
    assert_eq!(article.updated, NaiveDate::from_ymd_opt(2026, 1, 2));
}

proptest::proptest! {
    #[test]
    fn no_change_to_a_save_makes_the_reader_panic(
        changes in proptest::collection::vec((proptest::num::usize::ANY, proptest::num::u8::ANY), 1..6),
        cut in proptest::option::of(proptest::num::usize::ANY),
    ) {
        let (bytes, key) = one_saved_article();
        // Changed, and checksummed again, so the reader gets past the
        // checksum to the parsing.
        let mut body = bytes[..bytes.len() - 8].to_vec();
        for (at, value) in changes {
            let at = 16 + at % (body.len() - 16);
            body[at] = value;
        }
        if let Some(cut) = cut {
            body.truncate(16 + cut % (body.len() - 16));
        }
        let mut sum = ContentHash::default();
        sum.feed(&body);
        body.extend_from_slice(&sum.value().to_le_bytes());
        let _ = decode(&body, key);
    }
}
