//! Specifications of level-0 answers users can trust: greetings and rule
//! replies in the language they were written in, an incident's notice before
//! any rule, thresholds calibrated from the KB itself (and overridden by the
//! config), the parity check, and `kb eval --as-configured`.

use std::path::Path;

use crate::support::cli::*;
use crate::support::*;
use escala::domain::Lang;
use escala::engine::EngineSettings;
use escala::kb::incident::create_incident_file;
use escala::kb::{self, CalibrateOptions, IncidentStatus, KbSettings, KnowledgeBase, Thresholds};

/// A copy of the shipped KB, to add an incident or break parity in.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("cp").arg("-r").arg(shipped_kb()).arg(dir.path().join("kb")).status();
    assert!(status.unwrap().success());
    dir
}

#[tokio::test]
async fn a_portuguese_greeting_gets_a_portuguese_reply_whatever_the_platform_locale() {
    let mut desk = Desk::on_kb(shipped_kb(), EngineSettings::default()).await;
    let reply = desk.says("ana", "en", "olá, bom dia").await;
    let text = texts(&reply.sent);
    assert!(text.contains("Olá, ana!"), "{text}");
    let reply = desk.says("jordi", "en", "bon dia").await;
    assert!(texts(&reply.sent).contains("Fes-me la teva pregunta"), "{}", texts(&reply.sent));
    // A user the platform gave no language keeps the one they greeted in.
    desk.says("rui", "", "olá").await;
    let answer = desk.says("rui", "", "esqueci a senha").await;
    assert!(texts(&answer.sent).contains("palavra-passe"), "{}", texts(&answer.sent));
}

#[tokio::test]
async fn during_an_incident_its_notice_comes_before_the_rule_that_would_open_a_ticket() {
    let dir = shipped_copy();
    let kb = dir.path().join("kb");
    let keywords = vec!["website".to_string()];
    let status = IncidentStatus::Investigating;
    create_incident_file(&kb, "site-outage", status, Lang::En, "Website outage", &keywords, "We are on it.").unwrap();
    let mut desk = Desk::on_kb(kb.clone(), EngineSettings::default()).await;
    let outcome = desk.says("ana", "en", "the website is down").await;
    assert!(texts(&outcome.sent).contains("Known problem: Website outage"), "{}", texts(&outcome.sent));
    assert_eq!(outcome.ticket, None, "no new ticket for the outage the notice is about");
    // Without the incident the same words open the outage ticket.
    std::fs::remove_dir_all(kb.join("incidents")).unwrap();
    let mut desk = Desk::on_kb(kb, EngineSettings::default()).await;
    let outcome = desk.says("ana", "en", "the website is down").await;
    assert!(outcome.ticket.is_some(), "{}", texts(&outcome.sent));
}

fn write_article(kb: &Path, lang: &str, id: &str, title: &str, questions: &[&str], body: &str) {
    let qs: String = questions.iter().map(|q| format!("  - {q}\n")).collect();
    std::fs::create_dir_all(kb.join(lang)).unwrap();
    let text = format!("---\nid: {id}\nlang: {lang}\ntitle: {title}\nquestions:\n{qs}---\n{body}\n");
    std::fs::write(kb.join(lang).join(format!("{id}.md")), text).unwrap();
}

/// Four English articles with four phrasings each.
fn small_kb(kb: &Path) {
    let q = |a: &[&'static str]| a.to_vec();
    let articles = [
        (
            "reset-password",
            "Reset your password",
            q(&["I forgot my password", "password reset link", "cannot remember my password", "new password"]),
        ),
        (
            "wifi",
            "Wi-Fi keeps dropping",
            q(&["wifi keeps dropping", "wireless disconnects", "no wifi signal", "wifi is unstable"]),
        ),
        (
            "invoice",
            "Download an invoice",
            q(&["where is my invoice", "download invoice pdf", "receipt for my payment", "billing documents"]),
        ),
        (
            "printer",
            "Printer not printing",
            q(&["printer does not print", "print jobs stuck", "printer offline", "cannot print documents"]),
        ),
    ];
    for (id, title, questions) in articles {
        write_article(kb, "en", id, title, &questions, "Steps to follow.");
    }
}

#[test]
fn calibration_chooses_thresholds_from_the_kb_and_the_config_overrides_them() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    small_kb(&kb_dir);
    // Before any calibration the defaults serve, and `kb check` says so.
    let uncalibrated = kb::check(&kb_dir);
    assert!(uncalibrated.to_string().contains("no calibration: the answer thresholds"), "{uncalibrated}");
    assert!(!uncalibrated.has_errors(), "a warning: the bot serves on the defaults");
    let calibration = kb::calibrate(&kb_dir, 1_000_000, CalibrateOptions::default(), "2026-12-02T00:00:00Z").unwrap();
    let en = &calibration.languages["en"];
    assert_eq!(en.questions, 16, "every phrasing asked once with itself left out");
    assert!(en.probes > 0);
    assert!(en.suggest_threshold <= en.answer_threshold);
    assert!(en.precision >= 0.98, "{en:?}");
    assert!(!calibration.languages.contains_key("pt"), "no Portuguese articles, no Portuguese thresholds");
    calibration.write(&kb_dir).unwrap();

    let loaded = KnowledgeBase::load(&kb_dir).unwrap();
    let calibrated = loaded.thresholds(Lang::En, &KbSettings::default());
    assert!((f64::from(calibrated.answer) - en.answer_threshold).abs() < 1e-6);
    assert_eq!(loaded.thresholds(Lang::Pt, &KbSettings::default()), Thresholds::UNCALIBRATED);
    let configured = KbSettings { answer_threshold: Some(0.9), ..KbSettings::default() };
    assert_eq!(loaded.thresholds(Lang::En, &configured).answer, 0.9);
    assert!(kb::check(&kb_dir).problems.is_empty(), "{}", kb::check(&kb_dir));

    // An article edited afterwards makes the calibration stale.
    write_article(&kb_dir, "en", "printer", "Printer not printing", &["printer jammed"], "New steps.");
    let report = kb::check(&kb_dir);
    assert!(report.to_string().contains("the calibration is older than the articles"), "{report}");
    assert!(!report.has_errors(), "stale is a warning: the bot keeps serving");
}

#[test]
fn a_broken_calibration_file_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    small_kb(&kb_dir);
    std::fs::write(
        kb_dir.join("calibration.toml"),
        "calibrated_at = \"x\"\ntarget_precision = 0.98\narticles_hash = \"0\"\n\n[languages.xx]\nanswer_threshold = 2.0\nsuggest_threshold = 0.1\nquestions = 1\nprobes = 1\nprecision = 1.0\nanswered = 1.0\nsmall_talk_refused = 1.0\n",
    )
    .unwrap();
    let report = kb::check(&kb_dir).to_string();
    assert!(report.contains("calibration.toml:5"), "{report}");
    assert!(report.contains("`xx` is not one of the languages"), "{report}");
}

#[test]
fn kb_check_parity_names_every_translation_a_language_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    for lang in ["pt", "es", "ca", "en"] {
        write_article(&kb_dir, lang, "wifi", "Wi-Fi", &["wifi"], "Restart the router.");
    }
    write_article(&kb_dir, "en", "printer", "Printer", &["printer"], "Restart it.");
    std::fs::create_dir_all(kb_dir.join("snippets")).unwrap();
    std::fs::write(kb_dir.join("snippets/bye.en.md"), "---\nname: bye\nlang: en\ntitle: Bye\n---\nBye!\n").unwrap();
    let output = escala(dir.path()).args(["kb", "check", "--parity"]).arg(&kb_dir).output().unwrap();
    assert!(!output.status.success());
    let shown = stdout(&output);
    for missing in ["pt/printer.md", "es/printer.md", "ca/printer.md", "bye.pt.md", "bye.es.md", "bye.ca.md"] {
        assert!(shown.contains(missing), "{missing}: {shown}");
    }
    assert!(!shown.contains("wifi"), "{shown}");
    // Without --parity the same KB is fine.
    assert!(escala(dir.path()).args(["kb", "check"]).arg(&kb_dir).output().unwrap().status.success());
}

#[test]
fn the_shipped_kb_has_every_translation_and_a_current_calibration() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["kb", "check", "--parity"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let report = kb::check(&shipped_kb()).to_string();
    assert!(!report.contains("calibration"), "run `escala kb calibrate`: {report}");
    assert!(KnowledgeBase::load(&shipped_kb()).unwrap().calibration().is_some());
}

#[test]
fn eval_as_configured_counts_what_users_get_and_lists_the_confident_wrong_ones() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    small_kb(&kb_dir);
    let queries = dir.path().join("q.jsonl");
    std::fs::write(
        &queries,
        concat!(
            "{\"text\": \"I forgot my password\", \"intent\": \"reset-password\", \"lang\": \"en\"}\n",
            "{\"text\": \"printer does not print\", \"intent\": \"wifi\", \"lang\": \"en\"}\n",
            "{\"text\": \"who won the football match\", \"intent\": \"oos\", \"lang\": \"en\"}\n",
        ),
    )
    .unwrap();
    let output = escala(dir.path())
        .env("ESCALA_KB__ANSWER_THRESHOLD", "0.1")
        .args(["kb", "eval", "--as-configured", "--kb"])
        .arg(&kb_dir)
        .arg("--queries")
        .arg(&queries)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = stdout(&output);
    let row = |label: &str| shown.lines().find(|l| l.starts_with(label)).unwrap_or_default().to_string();
    assert!(row("  answered, right article").ends_with(" 1       1"), "{shown}");
    assert!(row("  answered, WRONG article").ends_with(" 1       1"), "{shown}");
    assert!(shown.contains("\"printer does not print\" → printer"), "the wrong one is listed: {shown}");

    // A line with an unknown language is refused with its line number.
    std::fs::write(&queries, "{\"text\": \"hi\", \"intent\": \"oos\", \"lang\": \"klingon\\u001b[2J\"}\n").unwrap();
    let output =
        escala(dir.path()).args(["kb", "eval", "--as-configured", "--queries"]).arg(&queries).output().unwrap();
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(error.contains("q.jsonl:1") && error.contains("is not one of pt, es, ca, en"), "{error}");
    assert!(!error.contains('\u{1b}'), "no escape sequence reaches the terminal: {error:?}");
}

#[test]
fn kb_calibrate_writes_the_file_and_an_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let kb_dir = dir.path().join("kb");
    small_kb(&kb_dir);
    let output = escala(dir.path()).args(["kb", "calibrate"]).arg(&kb_dir).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("wrote"), "{}", stdout(&output));
    assert!(kb_dir.join("calibration.toml").exists());
    let audit = stdout(&run(dir.path(), &["audit"]));
    assert!(audit.contains("kb.calibrate"), "{audit}");
    // A dry run writes nothing.
    std::fs::remove_file(kb_dir.join("calibration.toml")).unwrap();
    let output = escala(dir.path()).args(["kb", "calibrate", "--dry-run"]).arg(&kb_dir).output().unwrap();
    assert!(output.status.success());
    assert!(!kb_dir.join("calibration.toml").exists());
}
