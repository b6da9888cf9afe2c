//! What people write reaches other people's terminals only as text: escape
//! sequences, control characters and bidi overrides in a user's message or
//! name, or in an agent's reply or name, are shown visibly and never acted
//! on — in `escala tickets list/show/transcript` and in `escala chat`.

use crate::support::cli::{chat_with_input, run, stderr, stdout};

/// Every byte that would make a terminal do something rather than show it.
fn acted_on(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

#[test]
fn a_users_escape_sequences_never_reach_the_agents_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "/ticket \u{1b}]0;OWNED\u{7}\u{1b}[2Jhelp \u{202e}gnp.exe\u{9b}31m\n";
    let chat = chat_with_input(dir.path(), "eve", hostile.as_bytes());
    assert!(chat.status.success(), "{chat:?}");
    for args in [&["tickets", "list"][..], &["tickets", "show", "1"], &["tickets", "transcript", "1"]] {
        let output = run(dir.path(), args);
        assert!(output.status.success(), "{args:?}: {output:?}");
        let text = stdout(&output);
        assert_eq!(acted_on(&text), None, "{args:?} printed a control character: {text:?}");
        // Control characters are dropped where the text came in, bidi
        // overrides are shown where it goes out.
        assert!(text.contains("OWNED") && text.contains("help"), "{args:?} keeps the words: {text}");
        assert!(text.contains(r"\u{202e}gnp.exe"), "{args:?} shows the override: {text}");
    }
}

#[test]
fn an_agents_escape_sequences_never_reach_the_users_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let opened = chat_with_input(dir.path(), "ana", b"/ticket my mail is broken\n");
    assert!(stdout(&opened).contains("#1"), "{opened:?}");
    let reply =
        run(dir.path(), &["tickets", "reply", "1", "--as", "M\u{1b}[2Jallory", "\u{1b}[2J\u{1b}[31mhi\u{202e}"]);
    assert!(reply.status.success(), "{reply:?}");
    // The user's next chat prints what arrived meanwhile.
    let chat = chat_with_input(dir.path(), "ana", b"");
    let text = stdout(&chat);
    assert!(text.contains("allory") && text.contains("hi"), "the reply arrived: {text}");
    assert_eq!(acted_on(&text), None, "the chat printed a control character: {text:?}");
}

#[test]
fn escape_sequences_in_kb_files_never_reach_the_admins_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(kb.join("en")).unwrap();
    let article = "---\nid: wifi\nlang: en\ntitle: \"Wi-Fi \\e[2J\\u009b31m\\u202e\"\nquestions: [wifi does not connect]\n---\nRestart.\n";
    std::fs::write(kb.join("en/wifi.md"), article).unwrap();
    let output = crate::support::cli::escala(dir.path())
        .env("ESCALA_KB__DIR", &kb)
        .args(["kb", "search", "wifi", "--lang", "en"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(acted_on(&text), None, "kb search printed a control character: {text:?}");
    assert!(text.contains(r"\e[2J") && text.contains(r"\u{202e}"), "shown as text: {text}");
}

/// `escala audit` shows who blocked and unblocked whom, in order, as lines
/// people read; an operator name with escape sequences is shown inert, a
/// blank one is refused and changes nothing.
#[test]
fn the_audit_log_names_who_blocked_whom_and_prints_no_escape_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let block = run(dir.path(), &["users", "block", "telegram:666", "--as", "lead \u{1b}]0;OWNED\u{7}"]);
    assert!(block.status.success(), "{block:?}");
    let unblock = run(dir.path(), &["users", "unblock", "telegram:666", "--as", "marta"]);
    assert!(unblock.status.success(), "{unblock:?}");
    let refused = run(dir.path(), &["users", "block", "telegram:777", "--as", " \u{7} "]);
    assert!(!refused.status.success(), "{refused:?}");
    assert!(stderr(&refused).contains("operator's name is empty"), "{refused:?}");
    let audit = run(dir.path(), &["audit"]);
    assert!(audit.status.success(), "{audit:?}");
    let text = stdout(&audit);
    assert_eq!(acted_on(&text), None, "{text:?}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("cli:lead") && lines[0].contains("OWNED") && lines[0].contains("user.block"), "{text}");
    assert!(lines[0].contains("user=telegram:666"), "{text}");
    assert!(lines[1].contains("cli:marta") && lines[1].contains("user.unblock"), "{text}");
    let only = stdout(&run(dir.path(), &["audit", "--actor", "cli:marta", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&only).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{only}");
    assert_eq!(rows[0]["payload"]["user"], "telegram:666");
}

/// `escala users export` prints the user's own conversation as a document,
/// nothing of another user's, no escape sequence from what they typed, and
/// the export is on the audit log; an unknown user is said so.
#[test]
fn a_users_export_is_their_data_only_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    chat_with_input(dir.path(), "ana", "/ticket my \u{1b}[2Jprinter is broken\n".as_bytes());
    chat_with_input(dir.path(), "bea", b"/ticket bea's laptop overheats\n");
    let export = run(dir.path(), &["users", "export", "console:ana", "--as", "dpo"]);
    assert!(export.status.success(), "{export:?}");
    let text = stdout(&export);
    assert_eq!(acted_on(&text), None, "{text:?}");
    assert!(text.starts_with("# Data stored about ana (console:ana)"), "{text}");
    assert!(text.contains("printer is broken") && text.contains("## Tickets (1)"), "{text}");
    assert!(!text.contains("bea") && !text.contains("overheats"), "{text}");
    let json = stdout(&run(dir.path(), &["users", "export", "console:ana", "--format", "json"]));
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["contact"]["external_id"], "ana");
    let audit = stdout(&run(dir.path(), &["audit"]));
    assert!(audit.contains("cli:dpo  user.export  internal=false user=console:ana"), "{audit}");
    let unknown = run(dir.path(), &["users", "export", "console:zed"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no data is stored about console:zed"), "{unknown:?}");
}
