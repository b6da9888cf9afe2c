//! `escala kb …` through the real binary: lint exit codes, search, the
//! intents import → eval round trip, and the gaps report after a miss.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn escala(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_escala"));
    command
        .current_dir(dir)
        .env_remove("ESCALA_CONFIG")
        .env("ESCALA_DATABASE__URL", format!("sqlite://{}", dir.join("escala.db").display()))
        .env("ESCALA_KB__DIR", Path::new(env!("CARGO_MANIFEST_DIR")).join("kb"))
        .env("ESCALA_KB__WATCH", "false");
    command
}

#[test]
fn the_shipped_kb_passes_its_own_check() {
    let dir = tempfile::tempdir().unwrap();
    let output = escala(dir.path()).args(["kb", "check"]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn a_broken_article_fails_the_check_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb/en");
    std::fs::create_dir_all(&kb).unwrap();
    std::fs::write(kb.join("x.md"), "---\nid: x\nlang: en\ntitle: X\nrelated: [nowhere]\n---\nBody.\n").unwrap();
    let output = escala(dir.path()).args(["kb", "check", "kb"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(printed.contains("x.md:") && printed.contains("nowhere"), "{printed}");
}

#[test]
fn imported_intents_can_be_evaluated_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let train = dir.path().join("train.jsonl");
    let mut lines = String::new();
    for (intent, texts) in [
        ("refund", ["I want my money back", "refund my order please", "how do I get a refund"]),
        ("password", ["I forgot my password", "reset my password", "cannot remember my password"]),
    ] {
        for text in texts {
            lines.push_str(&format!("{{\"text\": \"{text}\", \"intent\": \"{intent}\"}}\n"));
        }
    }
    std::fs::write(&train, lines).unwrap();
    let queries = dir.path().join("dev.jsonl");
    let mut file = std::fs::File::create(&queries).unwrap();
    writeln!(file, "{{\"text\": \"give me a refund\", \"intent\": \"refund\"}}").unwrap();
    writeln!(file, "{{\"text\": \"password forgotten\", \"intent\": \"password\"}}").unwrap();
    let import = escala(dir.path())
        .args(["kb", "import-intents", "--input", "train.jsonl", "--lang", "en", "--out", "bench-kb"])
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    let eval = escala(dir.path())
        .args(["kb", "eval", "--kb", "bench-kb", "--queries", "dev.jsonl", "--format", "json"])
        .output()
        .unwrap();
    assert!(eval.status.success(), "{eval:?}");
    let report: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(report["queries"], 2);
    assert_eq!(report["top1"], 1.0);
}

#[test]
fn a_question_the_kb_missed_shows_up_in_the_gaps_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut chat =
        escala(dir.path()).args(["chat", "--user", "ana"]).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    chat.stdin.take().unwrap().write_all(b"my quantum flux capacitor is humming loudly\n").unwrap();
    assert!(chat.wait().unwrap().success());
    let gaps = escala(dir.path()).args(["kb", "gaps"]).output().unwrap();
    let printed = String::from_utf8_lossy(&gaps.stdout);
    assert!(printed.contains("quantum flux capacitor"), "{printed}");
}

/// A copy of the shipped KB the test may write drafts into.
fn kb_copy(dir: &Path) -> std::path::PathBuf {
    let kb = dir.join("kb");
    for entry in walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("kb")) {
        let relative = entry.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("kb")).unwrap().to_path_buf();
        let target = kb.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, target).unwrap();
    }
    kb
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Knowledge-centred support end to end: a question the KB misses becomes
/// a ticket, the agent resolves it, `kb gaps` names the ticket, `kb draft`
/// writes a draft the check accepts with a warning and the bot does not
/// serve, and a second draft never overwrites the admin's edits.
#[test]
fn a_resolved_ticket_becomes_a_draft_article_that_is_checked_but_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let kb = kb_copy(dir.path());
    let with_kb = |args: &[&str]| escala(dir.path()).env("ESCALA_KB__DIR", &kb).args(args).output().unwrap();
    let mut chat = escala(dir.path())
        .env("ESCALA_KB__DIR", &kb)
        .args(["chat", "--user", "ana", "--lang", "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // A miss, then "1" (yes, open a ticket).
    chat.stdin.take().unwrap().write_all(b"my quantum flux capacitor is humming loudly\n1\n").unwrap();
    assert!(chat.wait().unwrap().success());
    let unresolved = with_kb(&["kb", "draft", "1"]);
    assert!(!unresolved.status.success());
    assert!(String::from_utf8_lossy(&unresolved.stderr).contains("never resolved"), "{unresolved:?}");
    for args in [
        &["tickets", "reply", "1", "--as", "Marta", "Unplug it for ten seconds"][..],
        &["tickets", "resolve", "1", "--as", "Marta", "Power-cycled", "the", "capacitor"][..],
    ] {
        let output = with_kb(args);
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
    let gaps = String::from_utf8_lossy(&with_kb(&["kb", "gaps"]).stdout).into_owned();
    assert!(gaps.contains("no article yet; resolved tickets: #1 (escala kb draft 1)"), "{gaps}");

    let drafted = with_kb(&["kb", "draft", "1"]);
    assert!(drafted.status.success(), "{drafted:?}");
    // The id is the ticket and its subject, cut to the 48-byte id limit.
    let id = "ticket-1-my-quantum-flux-capacitor-is-humming";
    let path = kb.join(format!("en/drafts/{id}.md"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}: {drafted:?}"));
    assert!(text.contains("draft: true"), "{text}");
    assert!(text.contains("- my quantum flux capacitor is humming loudly"), "{text}");
    assert!(text.contains("Power-cycled the capacitor") && text.contains("> Unplug it for ten seconds"), "{text}");

    let check = with_kb(&["kb", "check"]);
    assert!(check.status.success(), "a draft does not fail the check: {check:?}");
    assert!(String::from_utf8_lossy(&check.stdout).contains("warning: draft"), "{check:?}");
    let search = String::from_utf8_lossy(&with_kb(&["kb", "search", "quantum flux capacitor"]).stdout).into_owned();
    assert!(!search.contains("ticket-1-"), "a draft is not served: {search}");

    std::fs::write(&path, format!("{text}\nthe admin's edits\n")).unwrap();
    let again = with_kb(&["kb", "draft", "1"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"), "{again:?}");
    assert!(std::fs::read_to_string(&path).unwrap().contains("the admin's edits"));

    let missing = with_kb(&["kb", "draft", "99"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no ticket #99"), "{missing:?}");
    let garbage = with_kb(&["kb", "draft", "../../etc/passwd"]);
    assert_eq!(garbage.status.code(), Some(2), "{garbage:?}");

    let health = with_kb(&["kb", "health", "--format", "json"]);
    assert!(health.status.success(), "{health:?}");
    let report: serde_json::Value = serde_json::from_slice(&health.stdout).unwrap();
    for field in ["articles", "ticket_leaders", "never_shown", "translations", "cross_language", "drafts"] {
        assert!(report.get(field).is_some(), "no `{field}` in {report}");
    }
    assert_eq!(report["drafts"][0]["article"], id);
    let text = String::from_utf8_lossy(&with_kb(&["kb", "health"]).stdout).into_owned();
    assert!(text.contains("Drafts waiting for review"), "{text}");
}
