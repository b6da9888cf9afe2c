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
