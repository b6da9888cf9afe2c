//! The search index saved between starts (`kb.index_dir`): an unchanged KB
//! opens it, an edit rebuilds only its language, and a damaged or
//! half-written index is rebuilt, never served.

use std::fs;
use std::path::{Path, PathBuf};

use escala::domain::Lang;
use escala::kb::{IndexOrigin, KnowledgeBase};

const MAX_FILE: u64 = 2_000_000;

fn article(dir: &Path, lang: &str, id: &str, title: &str, question: &str, body: &str) {
    let folder = dir.join(lang);
    fs::create_dir_all(&folder).unwrap();
    let text = format!("---\nid: {id}\nlang: {lang}\ntitle: {title}\nquestions:\n  - {question}\n---\n{body}\n");
    fs::write(folder.join(format!("{id}.md")), text).unwrap();
}

/// A KB in three languages, and the folder its index is saved in.
fn kb_in_three_languages() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let kb = root.path().join("kb");
    article(&kb, "en", "wifi", "Wi-Fi drops", "my wifi keeps dropping", "Restart the router and move closer.");
    article(
        &kb,
        "en",
        "password",
        "Reset your password",
        "I forgot my password",
        "Use the reset link on the login page.",
    );
    article(&kb, "pt", "wifi", "O Wi-Fi cai", "o meu wifi está sempre a cair", "Reinicie o router.");
    article(
        &kb,
        "pt",
        "password",
        "Repor a palavra-passe",
        "esqueci-me da palavra-passe",
        "Use a ligação de reposição.",
    );
    article(&kb, "es", "wifi", "El wifi se cae", "mi wifi se desconecta", "Reinicie el router.");
    let index = root.path().join("escala-index");
    (root, kb, index)
}

fn load(kb: &Path, index: &Path) -> KnowledgeBase {
    KnowledgeBase::load_lenient(kb, MAX_FILE, Some(index)).unwrap().0
}

fn origins(kb: &KnowledgeBase) -> Vec<(Lang, Option<IndexOrigin>)> {
    Lang::ALL.into_iter().map(|lang| (lang, kb.index_origin(lang))).collect()
}

/// What the KB finds for a few questions: ids, languages and confidences.
fn findings(kb: &KnowledgeBase) -> Vec<String> {
    ["my wifi keeps dropping", "esqueci-me da palavra-passe", "mi wifi se desconecta", "reset link login"]
        .iter()
        .flat_map(|q| kb.search(q, None, 3))
        .map(|hit| format!("{}:{}:{:.5}", hit.article_id, hit.lang, hit.confidence))
        .collect()
}

/// The saved folders of `lang` (`<lang>-<key>`).
fn saved_folders(index: &Path, lang: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{lang}-")))
        .collect();
    found.sort();
    found
}

#[test]
fn an_unchanged_kb_opens_its_saved_index_instead_of_rebuilding_it() {
    let (_root, kb, index) = kb_in_three_languages();
    let first = load(&kb, &index);
    assert_eq!(first.index_origin(Lang::En), Some(IndexOrigin::Built));
    assert_eq!(first.index_origin(Lang::Ca), None, "no Catalan article, no Catalan index");
    let again = load(&kb, &index);
    for lang in [Lang::En, Lang::Pt, Lang::Es] {
        assert_eq!(again.index_origin(lang), Some(IndexOrigin::Opened), "{:?}", origins(&again));
    }
    assert_eq!(findings(&again), findings(&first), "the opened index answers as the built one did");
    assert!(!findings(&again).is_empty());
    // And as a KB indexed in RAM.
    let in_ram = KnowledgeBase::load_lenient(&kb, MAX_FILE, None).unwrap().0;
    assert_eq!(findings(&in_ram), findings(&first));
}

#[test]
fn an_edit_rebuilds_only_the_language_it_touched() {
    let (_root, kb, index) = kb_in_three_languages();
    let first = load(&kb, &index);
    let old_pt = saved_folders(&index, "pt");
    article(&kb, "pt", "wifi", "O Wi-Fi cai", "a internet sem fios não liga", "Desligue e volte a ligar o router.");

    let next_start = load(&kb, &index);
    assert_eq!(next_start.index_origin(Lang::Pt), Some(IndexOrigin::Built), "{:?}", origins(&next_start));
    assert_eq!(next_start.index_origin(Lang::En), Some(IndexOrigin::Opened));
    assert_eq!(next_start.index_origin(Lang::Es), Some(IndexOrigin::Opened));
    let hits = next_start.search("internet sem fios não liga", Some(Lang::Pt), 1);
    assert_eq!(hits.first().map(|h| h.article_id.as_str()), Some("wifi"), "{hits:?}");
    let new_pt = saved_folders(&index, "pt");
    assert_eq!(new_pt.len(), 1, "the old Portuguese index is removed: {new_pt:?}");
    assert_ne!(new_pt, old_pt);

    // Hot reload keeps the unchanged languages' indexes in memory.
    article(&kb, "es", "wifi", "El wifi se cae", "la red inalámbrica no conecta", "Reinicie el router.");
    let reloaded = first.reload(&kb, MAX_FILE, Some(&index)).unwrap().0;
    assert_eq!(reloaded.index_origin(Lang::En), Some(IndexOrigin::Kept), "{:?}", origins(&reloaded));
    assert_eq!(reloaded.index_origin(Lang::Es), Some(IndexOrigin::Built));
    // Portuguese changed since `first` was loaded, and the new start saved it.
    assert_eq!(reloaded.index_origin(Lang::Pt), Some(IndexOrigin::Opened));
    let hits = reloaded.search("la red inalámbrica no conecta", Some(Lang::Es), 1);
    assert_eq!(hits.first().map(|h| (h.article_id.as_str(), h.lang)), Some(("wifi", Lang::Es)), "{hits:?}");
}

#[test]
fn answers_read_their_body_from_the_saved_index_and_an_edited_link_is_served_new() {
    let (_root, kb, index) = kb_in_three_languages();
    let body = "See [the reset page](https://example.com/old) and **keep** the link.";
    article(&kb, "en", "password", "Reset your password", "I forgot my password", body);
    for round in ["built", "opened"] {
        let loaded = load(&kb, &index);
        let served = loaded.article("password", Lang::En).unwrap();
        assert!(served.body_markdown.is_empty(), "{round}: the body is not held in memory");
        assert_eq!(loaded.body(served).unwrap(), body, "{round}");
        // The file may change under a running bot: the answer stays the
        // body that was indexed, until the reload indexes the new one.
        article(&kb, "en", "password", "Reset your password", "I forgot my password", "Edited meanwhile.");
        assert_eq!(loaded.body(served).unwrap(), body, "{round}: read from the index, not the file");
        article(&kb, "en", "password", "Reset your password", "I forgot my password", body);
    }
    // Only the link changes: the plain text the index searches is the same,
    // the body an answer sends is not.
    let moved = body.replace("/old", "/new");
    article(&kb, "en", "password", "Reset your password", "I forgot my password", &moved);
    let loaded = load(&kb, &index);
    assert_eq!(loaded.index_origin(Lang::En), Some(IndexOrigin::Built));
    assert_eq!(loaded.body(loaded.article("password", Lang::En).unwrap()).unwrap(), moved);
    let in_ram = KnowledgeBase::load_lenient(&kb, MAX_FILE, None).unwrap().0;
    assert_eq!(in_ram.body(in_ram.article("wifi", Lang::Pt).unwrap()).unwrap(), "Reinicie o router.");
}

/// Every regular file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A segment file of a saved language folder. Segment files get new names
/// with each build, so each damage looks them up on the index it hits.
fn segment_file(en: &Path) -> PathBuf {
    let files = files_under(en);
    let found = files.iter().find(|p| p.extension().is_some_and(|e| e == "idx" || e == "term")).cloned();
    found.unwrap_or_else(|| panic!("no segment file in {files:?}"))
}

/// Something done to a saved language folder.
type Damage = Box<dyn Fn(&Path)>;

#[test]
fn a_damaged_or_half_written_index_is_rebuilt_never_served() {
    let (_root, kb, index) = kb_in_three_languages();
    let expected = findings(&load(&kb, &index));
    let en = saved_folders(&index, "en").pop().unwrap();
    let damages: Vec<(&str, Damage)> = vec![
        (
            "a flipped byte in a segment file",
            Box::new(|en| {
                let file = segment_file(en);
                let mut bytes = fs::read(&file).unwrap();
                bytes[0] ^= 0xff;
                fs::write(file, bytes).unwrap();
            }),
        ),
        ("a truncated word file", Box::new(|en| fs::write(en.join("words.bin"), b"ESCWORD1\x01").unwrap())),
        ("a missing segment file", Box::new(|en| fs::remove_file(segment_file(en)).unwrap())),
        ("a missing meta.json", Box::new(|en| fs::remove_file(en.join("questions/meta.json")).unwrap())),
        ("a word file of other articles", Box::new(|en| fs::write(en.join("words.bin"), vec![0u8; 64]).unwrap())),
    ];
    for (what, damage) in damages {
        // Each damage hits a freshly saved index.
        load(&kb, &index);
        assert!(en.exists(), "{what}: the English index was not saved again");
        damage(&en);
        let loaded = load(&kb, &index);
        assert_eq!(loaded.index_origin(Lang::En), Some(IndexOrigin::Built), "{what}");
        assert_eq!(loaded.index_origin(Lang::Pt), Some(IndexOrigin::Opened), "{what}");
        assert_eq!(findings(&loaded), expected, "{what}");
        assert_eq!(load(&kb, &index).index_origin(Lang::En), Some(IndexOrigin::Opened), "{what}: not saved again");
    }

    // A build that died half-way leaves a temporary folder: never opened,
    // and it does not stop the next save.
    let half = index.join(".build-en-0000000000000000-1-1");
    fs::create_dir_all(half.join("questions")).unwrap();
    fs::write(half.join("questions/meta.json"), "{").unwrap();
    fs::remove_dir_all(&en).unwrap();
    let loaded = load(&kb, &index);
    assert_eq!(loaded.index_origin(Lang::En), Some(IndexOrigin::Built));
    assert_eq!(findings(&loaded), expected);
}

#[test]
fn an_index_folder_that_cannot_be_written_leaves_the_index_in_memory() {
    let (root, kb, _) = kb_in_three_languages();
    // A file where the folder should be: nothing can be saved under it.
    let blocked = root.path().join("not-a-folder");
    fs::write(&blocked, "x").unwrap();
    let loaded = load(&kb, &blocked);
    assert_eq!(loaded.index_origin(Lang::En), Some(IndexOrigin::Built));
    let hits = loaded.search("my wifi keeps dropping", Some(Lang::En), 1);
    assert_eq!(hits.first().map(|h| h.article_id.as_str()), Some("wifi"));
    assert_eq!(fs::read_to_string(&blocked).unwrap(), "x", "the file in the way is left alone");
}

#[test]
fn only_the_commands_that_search_read_and_index_the_articles() {
    use crate::support::cli::{chat_with_input, run, stderr};
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("escala-index");
    for args in
        [&["tickets", "list"][..], &["users", "block", "telegram:1"], &["stats"], &["incident", "list"], &["audit"]]
    {
        let output = run(dir.path(), args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(!saved.exists(), "`escala {}` indexed the KB", args.join(" "));
    }
    let chat = chat_with_input(dir.path(), "ana", b"I forgot my password\n");
    assert!(chat.status.success(), "{}", stderr(&chat));
    let saved_names: Vec<String> =
        fs::read_dir(&saved).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let languages = saved_names.iter().filter(|name| name.len() > 3 && name.as_bytes()[2] == b'-').count();
    assert_eq!(languages, 4, "the shipped KB's four languages are saved beside escala.db: {saved_names:?}");
    // The shipped files are older than the run: their parse is saved too.
    assert!(saved_names.iter().any(|name| name == "articles.bin"), "{saved_names:?}");
}
