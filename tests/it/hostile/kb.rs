//! A knowledge base edited by a careless admin or a deploy tool: files
//! that are not files (a link to `/dev/zero`, a FIFO), a file too big, an
//! id too long for a button, one broken article among good ones, and the
//! folder swapped under the running bot. None is read, none stops the bot
//! or the other commands, and hot reload keeps following the folder.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use escala::kb::{KnowledgeBase, SharedKb};
use tokio_util::sync::CancellationToken;

use crate::support::cli::{chat_with_input, escala, stderr, stdout};

fn article(id: &str, title: &str) -> String {
    format!("---\nid: {id}\nlang: en\ntitle: {title}\nquestions: [wifi does not connect]\n---\nRestart the router.\n")
}

fn kb_with_wifi(dir: &Path) -> std::path::PathBuf {
    let kb = dir.join("kb");
    std::fs::create_dir_all(kb.join("en")).unwrap();
    std::fs::write(kb.join("en/wifi.md"), article("wifi", "Wi-Fi v1")).unwrap();
    kb
}

fn mkfifo(path: &Path) {
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn files_that_are_not_regular_or_too_big_are_reported_at_their_path_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb_with_wifi(dir.path());
    std::os::unix::fs::symlink("/dev/zero", kb.join("en/zero.md")).unwrap();
    mkfifo(&kb.join("en/pipe.md"));
    std::fs::write(kb.join("en/huge.md"), "x".repeat(3_000_000)).unwrap();
    let started = Instant::now();
    let output = escala(dir.path()).args(["kb", "check", kb.to_str().unwrap()]).output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10), "kb check took {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report = stdout(&output);
    for (file, reason) in [("zero.md:1", "a device"), ("pipe.md:1", "a FIFO"), ("huge.md:1", "over the limit")] {
        assert!(report.lines().any(|l| l.contains(file) && l.contains(reason)), "{file}: {report}");
    }
}

#[test]
fn an_article_id_too_long_for_a_button_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb_with_wifi(dir.path());
    let long = "a".repeat(60);
    std::fs::write(kb.join("en/long.md"), article(&long, "Long")).unwrap();
    let output = escala(dir.path()).args(["kb", "check", kb.to_str().unwrap()]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(report.contains("long.md:2") && report.contains("64-byte callback data"), "{report}");
}

#[test]
fn one_broken_article_stops_no_command_and_the_rest_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb_with_wifi(dir.path());
    std::fs::write(kb.join("en/broken.md"), "no front matter").unwrap();
    let with_kb = |args: &[&str]| escala(dir.path()).env("ESCALA_KB__DIR", &kb).args(args).output().unwrap();
    for args in [&["tickets", "list"][..], &["users", "block", "telegram:42"], &["incident", "list"], &["stats"]] {
        let output = with_kb(args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    let chat = escala(dir.path())
        .env("ESCALA_KB__DIR", &kb)
        .args(["chat", "--user", "ana", "--lang", "en"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut chat = chat;
    std::io::Write::write_all(chat.stdin.as_mut().unwrap(), b"wifi does not connect\n").unwrap();
    drop(chat.stdin.take());
    let output = chat.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(stdout(&output).contains("Restart the router"), "the valid article answers: {}", stdout(&output));
    let _ = chat_with_input;
}

async fn wait_for(kb: &SharedKb, what: impl Fn(&KnowledgeBase) -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while tokio::time::Instant::now() < deadline {
        if what(&kb.load()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn title(kb: &KnowledgeBase) -> String {
    kb.articles().next().map(|a| a.title.clone()).unwrap_or_default()
}

#[tokio::test]
async fn hot_reload_follows_a_kb_folder_replaced_whole_and_its_later_edits() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = kb_with_wifi(dir.path());
    let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(&kb_dir).unwrap()));
    let shutdown = CancellationToken::new();
    let task = escala::kb::spawn_watcher(kb_dir.clone(), kb.clone(), 2_000_000, None, shutdown.clone(), None).unwrap();

    // What deploy tools do: build the new folder aside, then swap names.
    let fresh = dir.path().join("kb.new");
    std::fs::create_dir_all(fresh.join("en")).unwrap();
    std::fs::write(fresh.join("en/wifi.md"), article("wifi", "Wi-Fi v2")).unwrap();
    std::fs::rename(&kb_dir, dir.path().join("kb.old")).unwrap();
    std::fs::rename(&fresh, &kb_dir).unwrap();
    assert!(wait_for(&kb, |k| title(k) == "Wi-Fi v2").await, "the swapped-in folder is loaded");

    std::fs::write(kb_dir.join("en/wifi.md"), article("wifi", "Wi-Fi v3")).unwrap();
    assert!(wait_for(&kb, |k| title(k) == "Wi-Fi v3").await, "an edit after the swap is loaded too");

    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(5), task).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_fifo_appearing_in_the_kb_never_freezes_hot_reload() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = kb_with_wifi(dir.path());
    let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(&kb_dir).unwrap()));
    let shutdown = CancellationToken::new();
    let task = escala::kb::spawn_watcher(kb_dir.clone(), kb.clone(), 2_000_000, None, shutdown.clone(), None).unwrap();
    mkfifo(&kb_dir.join("en/pipe.md"));
    tokio::time::sleep(Duration::from_millis(800)).await;
    std::fs::write(kb_dir.join("en/wifi.md"), article("wifi", "Wi-Fi v2")).unwrap();
    assert!(wait_for(&kb, |k| title(k) == "Wi-Fi v2").await, "edits still reload beside the FIFO");
    shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(5), task).await.expect("the watcher stops at once").unwrap();
}
