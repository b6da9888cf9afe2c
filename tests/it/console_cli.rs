//! End-to-end through the real `escala` binary: the console chat (piped and
//! long-running), the `escala tickets` CLI beside it, and bad input at the
//! edges (invalid UTF-8, a corrupt database, an unknown config key).

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::support::cli::{chat_with_input, escala, stdout};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn a_piped_question_prints_the_article_and_exits_cleanly_at_end_of_input() {
    let dir = tempfile::tempdir().unwrap();
    let output = chat_with_input(dir.path(), "rui", "como redefinir a palavra-passe?\n".as_bytes());
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.to_lowercase().contains("palavra-passe"), "{text}");
    assert!(text.contains("[1]") && text.contains("[2]"), "choices are numbered: {text}");
}

#[test]
fn not_solved_prints_a_ticket_number_and_the_ticket_is_listed_with_the_conversation() {
    let dir = tempfile::tempdir().unwrap();
    let output = chat_with_input(dir.path(), "ana", b"I forgot my password\n2\n");
    let text = stdout(&output);
    assert!(text.contains("#1"), "{text}");
    let list = escala(dir.path()).args(["tickets", "list"]).output().unwrap();
    assert!(stdout(&list).contains("I forgot my password"), "{list:?}");
    let show = escala(dir.path()).args(["tickets", "show", "1"]).output().unwrap();
    let shown = stdout(&show);
    assert!(shown.contains("ana: I forgot my password") && shown.contains("opened by user"), "{shown}");
}

#[test]
fn an_agent_reply_from_another_terminal_reaches_the_running_chat() {
    let dir = tempfile::tempdir().unwrap();
    let mut chat = escala(dir.path())
        .args(["chat", "--user", "ana"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = chat.stdin.take().unwrap();
    let (lines_tx, lines) = mpsc::channel();
    let reader = BufReader::new(chat.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
                if line.contains(needle) {
                    return true;
                }
            }
        }
        false
    };
    stdin.write_all(b"I forgot my password\n").unwrap();
    assert!(wait_for("[1]"), "the answer with choices arrives");
    stdin.write_all(b"2\n").unwrap();
    assert!(wait_for("#1"), "the ticket number arrives");
    let reply = escala(dir.path())
        .args(["tickets", "reply", "1", "--as", "Marta", "Try", "the", "spam", "folder"])
        .output()
        .unwrap();
    assert!(reply.status.success(), "{reply:?}");
    assert!(wait_for("Marta: Try the spam folder"), "the agent reply reaches the chat while it waits for input");
    drop(stdin);
    assert!(chat.wait().unwrap().success());
}

#[test]
fn an_invalid_utf8_line_is_refused_with_a_message_and_the_chat_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let output = chat_with_input(dir.path(), "ana", b"\xff\xfe broken\nI forgot my password\n");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not valid UTF-8"));
    assert!(stdout(&output).contains("password"));
}

#[test]
fn a_corrupt_database_file_is_reported_clearly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("escala.db"), b"this is not a database, just text that fills a page").unwrap();
    let output = chat_with_input(dir.path(), "ana", b"hello\n");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("cannot open the database") && !err.contains("panicked"), "{err}");
}

#[test]
fn an_unknown_config_key_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("escala.toml"), "[kb]\nanswer_treshold = 0.5\n").unwrap();
    let output = escala(dir.path()).arg("config").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("answer_treshold"), "{output:?}");
}

#[test]
fn the_effective_config_never_prints_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let output = escala(dir.path())
        .arg("config")
        .env("ESCALA_TELEGRAM_TOKEN", "123:SECRET-TOKEN")
        .env("ESCALA_DATABASE__URL", "postgres://esc:hunter2@127.0.0.1/test")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(output.status.success(), "{output:?}");
    assert!(!text.contains("SECRET-TOKEN") && !text.contains("hunter2"), "{text}");
    assert!(text.contains("ESCALA_TELEGRAM_TOKEN: set"), "{text}");
}

/// Secrets come from the environment beside the ESCALA_* settings; they are
/// not settings, so loading must neither refuse them nor show them.
#[test]
fn the_secret_environment_variables_are_accepted_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let output = escala(dir.path())
        .arg("config")
        .env("ESCALA_TELEGRAM_TOKEN", "123:token-value")
        .env("ESCALA_TELEGRAM_WEBHOOK_SECRET", "webhook-secret-value")
        .env("ESCALA_DISCORD_TOKEN", "discord-token-value")
        .output()
        .unwrap();
    let shown = stdout(&output);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(shown.contains("# ESCALA_TELEGRAM_WEBHOOK_SECRET: set"), "{shown}");
    for secret in ["token-value", "webhook-secret-value", "discord-token-value"] {
        assert!(!shown.contains(secret), "{secret} was printed");
    }
}
