//! What people write reaches other people's terminals only as text: escape
//! sequences, control characters and bidi overrides in a user's message or
//! name, or in an agent's reply or name, are shown visibly and never acted
//! on — in `escala tickets list/show/transcript` and in `escala chat`.

use crate::support::cli::{chat_with_input, run, stdout};

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
