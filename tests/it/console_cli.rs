//! End-to-end through the real `escala` binary: the console chat (piped and
//! long-running), the `escala tickets` CLI beside it, and bad input at the
//! edges (invalid UTF-8, a corrupt database, an unknown config key).

use crate::support::cli::{chat_with_input, escala, stdout, LiveChat};

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
    assert!(
        shown.contains("ana: I forgot my password")
            && shown.contains("ana opened the ticket at L1 (normal): I forgot my password"),
        "{shown}"
    );
    assert!(!shown.contains("{\""), "the history is sentences, never JSON: {shown}");
}

#[test]
fn an_agent_reply_from_another_terminal_reaches_the_running_chat() {
    let dir = tempfile::tempdir().unwrap();
    let mut chat = LiveChat::start(dir.path(), "ana");
    chat.type_line("I forgot my password");
    assert!(chat.wait_for("[1]"), "the answer with choices arrives");
    chat.type_line("2");
    assert!(chat.wait_for("#1"), "the ticket number arrives");
    let reply = escala(dir.path())
        .args(["tickets", "reply", "1", "--as", "Marta", "Try", "the", "spam", "folder"])
        .output()
        .unwrap();
    assert!(reply.status.success(), "{reply:?}");
    assert!(chat.wait_for("Marta: Try the spam folder"), "the agent reply reaches the chat while it waits for input");
    assert!(chat.finish());
}

#[test]
fn at_the_console_a_remote_session_and_level_4_each_wait_for_the_users_consent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("escala.toml"),
        "[vendors.Acme]\ncontact = \"support@acme.example\"\nresponse = \"8h\"\nresolution = \"5days\"\n",
    )
    .unwrap();
    let mut chat = LiveChat::start(dir.path(), "ana");
    chat.type_line("/ticket the relay drops my reset emails");
    assert!(chat.wait_for("#1"), "the ticket number arrives");
    let tickets = |args: &[&str]| {
        let output = escala(dir.path()).arg("tickets").args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        stdout(&output)
    };
    tickets(&["remote", "1", "anydesk", "--as", "Marta"]);
    assert!(chat.wait_for("[1] Allow"), "the remote offer with its consent buttons");
    chat.type_line("1");
    assert!(chat.wait_for("send here the address or code"), "the user is asked for the code");
    chat.type_line("123 456 789");
    tickets(&["remote", "1", "end", "--as", "Marta", "cache", "cleared"]);
    assert!(chat.wait_for("The remote session has ended"), "the user is told the session is over");
    tickets(&["escalate", "1", "--to", "L3", "--as", "Marta", "relay", "code"]);
    let asked = tickets(&[
        "escalate",
        "1",
        "--to",
        "L4",
        "--vendor",
        "acme",
        "--reference",
        "AC-77",
        "firmware",
        "bug",
        "--as",
        "Marta",
    ]);
    assert!(asked.contains("waiting_on_user at L3"), "{asked}");
    assert!(chat.wait_for("May we share"), "the consent question reaches the chat");
    assert!(chat.wait_for("[1] Yes, share it"), "with its buttons");
    chat.type_line("1");
    assert!(chat.wait_for("now with our partner"), "the user is told where the ticket went");
    tickets(&["vendor", "1", "--tell", "--as", "Marta", "patch", "next", "week"]);
    assert!(chat.wait_for("patch next week"), "the vendor's news reaches the chat");
    let shown = tickets(&["show", "1"]);
    assert!(shown.contains("ana agreed to share the ticket with Acme"), "{shown}");
    assert!(shown.contains("Marta is waiting on Acme (reference AC-77)"), "{shown}");
    assert!(shown.contains("Marta escalated to L4: firmware bug"), "{shown}");
    assert!(shown.contains("the remote session with AnyDesk started") && shown.contains("•••789"), "{shown}");
    assert!(shown.contains("Marta escalated to L3: relay code"), "{shown}");
    assert!(!shown.contains("123 456 789"), "the code stays masked in the history: {shown}");
    assert!(chat.finish());
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

#[test]
fn at_the_console_a_callback_is_requested_in_the_chat_and_handled_with_escala_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let mut chat = LiveChat::start(dir.path(), "ana");
    chat.type_line("/ticket the printer needs someone to call me");
    assert!(chat.wait_for("#1"), "the ticket number arrives");
    let tickets = |args: &[&str]| {
        let output = escala(dir.path()).arg("tickets").args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        stdout(&output)
    };
    tickets(&["callback", "1", "offer", "--as", "Marta"]);
    assert!(chat.wait_for("[1] 📞 Call me back"), "the offer with its button");
    chat.type_line("1");
    assert!(chat.wait_for("What number should we call?"));
    chat.type_line("+351 912 345 678");
    assert!(chat.wait_for("When should we call?"));
    chat.type_line("tomorrow 10:00");
    assert!(chat.wait_for("Anything we should know"));
    chat.type_line("1");
    assert!(chat.wait_for("we will call"), "the request is confirmed");
    let shown = tickets(&["show", "1"]);
    assert!(shown.contains("Callbacks") && shown.contains("+351912345678 · requested"), "{shown}");
    tickets(&["callback", "1", "done", "--as", "Marta", "printer", "fixed"]);
    assert!(tickets(&["show", "1"]).contains("· done · note: – · outcome: printer fixed"));
    let wrong = escala(dir.path()).args(["tickets", "callback", "1", "shout"]).output().unwrap();
    assert!(!wrong.status.success() && crate::support::cli::stderr(&wrong).contains("/callback needs `offer`"));
    assert!(chat.finish());
}

#[test]
fn the_console_staff_space_sends_snippets_and_articles_and_suggests_the_top_three() {
    let dir = tempfile::tempdir().unwrap();
    let output = chat_with_input(dir.path(), "ana", b"I forgot my password\n2\n");
    assert!(stdout(&output).contains("#1"));
    let tickets = |args: &[&str]| {
        let output = escala(dir.path()).arg("tickets").args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        stdout(&output)
    };
    let listed = tickets(&["snippets"]);
    assert!(listed.lines().any(|l| l.starts_with("closing") && l.ends_with("ca en es pt")), "{listed}");
    let suggested = tickets(&["kb", "1"]);
    assert!(suggested.contains("Suggested articles for ticket #1") && suggested.contains("password"), "{suggested}");
    let article = suggested.lines().nth(1).unwrap().trim().split(" — ").next().unwrap().to_string();
    tickets(&["kb", "1", &article, "--as", "Marta"]);
    tickets(&["snippet", "1", "closing", "--as", "Marta"]);
    let shown = tickets(&["show", "1"]);
    assert!(shown.contains(&format!("[article {article}")) || shown.contains(&article), "{shown}");
    assert!(shown.contains("[snippet closing]"), "{shown}");
    let missing = escala(dir.path()).args(["tickets", "snippet", "1", "../../etc/passwd"]).output().unwrap();
    assert!(!missing.status.success() && crate::support::cli::stderr(&missing).contains("snippet name"));
}

#[test]
fn escala_tickets_help_lists_the_level_2_and_4_commands_and_the_console_staff_commands() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&escala(dir.path()).args(["tickets", "--help"]).output().unwrap());
    for command in ["vendor", "remote", "callback", "snippet", "snippets", "kb"] {
        assert!(help.lines().any(|l| l.trim_start().starts_with(&format!("{command} "))), "{command} in {help}");
    }
}

/// At start, a broken article is said to be left out, and a warning (a
/// draft) is said to be a warning: the draft was logged as "left out".
#[test]
fn the_start_log_tells_a_file_left_out_from_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(kb.join("en")).unwrap();
    let article = |id: &str, extra: &str| {
        format!("---\nid: {id}\nlang: en\ntitle: {id} help\nquestions: [{id} broke]\n{extra}---\nTry again.\n")
    };
    std::fs::write(kb.join("en/wifi.md"), article("wifi", "")).unwrap();
    std::fs::write(kb.join("en/printer.md"), article("printer", "draft: true\n")).unwrap();
    std::fs::write(kb.join("en/broken.md"), "no front matter at all").unwrap();
    let mut child = crate::support::cli::escala(dir.path())
        .env("ESCALA_KB__DIR", &kb)
        .args(["chat", "--user", "ana"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take();
    let output = child.wait_with_output().unwrap();
    let err = crate::support::cli::stderr(&output);
    let line_of = |file: &str| err.lines().find(|l| l.contains(file)).unwrap_or_default().to_string();
    assert!(line_of("broken.md").contains("left out"), "{err}");
    let draft = line_of("printer.md");
    assert!(draft.contains("warning") && !draft.contains("left out"), "{err}");
}
