//! `escala stats` through the real binary on a fresh database: a piped chat
//! whose answer the user marks solved, then the report as JSON, CSV, text
//! and a PNG file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn escala(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_escala"));
    command
        .current_dir(dir)
        .env_remove("ESCALA_CONFIG")
        .env("ESCALA_DATABASE__URL", format!("sqlite://{}", dir.join("escala.db").display()))
        .env("ESCALA_KB__DIR", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb"))
        .env("ESCALA_KB__WATCH", "false");
    command
}

fn run(dir: &Path, args: &[&str]) -> String {
    let output = escala(dir).args(args).output().unwrap();
    assert!(output.status.success(), "escala {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn stats_prints_the_report_as_json_csv_and_text_and_draws_a_png() {
    let dir = tempfile::tempdir().unwrap();
    // Ask, then pick choice 1 (Solved) under the answer.
    let mut chat = escala(dir.path())
        .args(["chat", "--user", "ana", "--lang", "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    chat.stdin.take().unwrap().write_all(b"I forgot my password\n1\n").unwrap();
    assert!(chat.wait().unwrap().success());

    let png = dir.path().join("stats.png");
    let json = run(dir.path(), &["stats", "--format", "json", "--by", "channel", "--png", png.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    for field in [
        "since",
        "until",
        "conversations",
        "tickets",
        "deflection",
        "first_response",
        "resolution",
        "resolution_rate",
        "reopen_rate",
        "escalation",
        "sla",
        "csat",
        "ratings",
        "articles",
        "top_gaps",
        "workload",
        "daily",
        "groups",
    ] {
        assert!(report.get(field).is_some(), "no `{field}` in {json}");
    }
    for (section, field) in [
        ("first_response", "wall"),
        ("first_response", "business"),
        ("resolution", "business"),
        ("sla", "by_level"),
        ("sla", "first_response"),
        ("csat", "trend"),
        ("csat", "by_agent"),
        ("csat", "by_level"),
    ] {
        assert!(report[section].get(field).is_some(), "no `{section}.{field}` in {json}");
    }
    assert!(report["first_response"]["wall"].get("mean_secs").is_some(), "{json}");
    assert_eq!(report["articles"][0]["article"], "reset-password", "{json}");
    assert_eq!(report["articles"][0]["solved"], 1, "{json}");
    assert_eq!(report["conversations"], 1);
    assert_eq!(report["deflection"]["count"], 1);
    assert_eq!(report["deflection"]["rate"], 1.0);
    assert_eq!(report["by"], "channel");
    assert_eq!(report["groups"][0]["key"], "console");
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));

    let csv = run(dir.path(), &["stats", "--format", "csv", "--since", "1d"]);
    assert!(csv.starts_with("group,metric,value\n"), "{csv}");
    assert!(csv.contains("all,deflection_rate,1.0000\n"), "{csv}");

    let text = run(dir.path(), &["stats"]);
    assert!(text.contains("Deflection       100.0 % (1 of 1 conversations)"), "{text}");

    let bad = escala(dir.path()).args(["stats", "--since", "last tuesday"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("neither a duration"), "{bad:?}");
}
