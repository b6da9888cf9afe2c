//! The command line against bad arguments and bad luck: windows out of
//! range, ids no platform uses, names that name nobody, a full disk, a
//! huge line on stdin, Ctrl-C at an idle prompt, several processes on a
//! fresh database, an error with a chain of causes. Each gets one clear
//! line and a non-zero exit, or just works; none panics.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::cli::{chat_with_input, escala, run, stderr, stdout};

fn no_panic(output: &std::process::Output) {
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
    assert_ne!(output.status.code(), Some(101), "exit 101 is a panic: {output:?}");
}

#[test]
fn windows_out_of_range_are_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["stats", "--since", "99999999d"][..],
        &["stats", "--since", "2500000w"],
        &["stats", "--since", "0001-01-01"],
        &["kb", "gaps", "--days", "99999999"],
        &["kb", "gaps", "--days", "999999999999"],
        &["kb", "gaps", "--days", "0"],
    ] {
        let output = run(dir.path(), args);
        assert!(!output.status.success(), "{args:?} was accepted");
        no_panic(&output);
        let error = stderr(&output);
        assert!(error.contains("--since") || error.contains("--days"), "{args:?}: {error}");
    }
}

#[test]
fn a_full_disk_is_a_message_and_an_exit_code_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = escala(dir.path()).arg("config").stdout(full()).stderr(Stdio::piped()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stderr(&output).contains("cannot write to standard output"), "{}", stderr(&output));
    // Nowhere to say it either: still an exit code, not a panic.
    let output = escala(dir.path()).args(["users", "block", "telegram:@x"]).stderr(full()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn user_ids_no_platform_uses_are_refused_saying_what_one_looks_like() {
    let dir = tempfile::tempdir().unwrap();
    for user in ["telegram:@spammer", "discord:some name", "telegram:", "console:"] {
        let output = run(dir.path(), &["users", "block", user]);
        assert!(!output.status.success(), "{user} was accepted: {}", stdout(&output));
        no_panic(&output);
        assert!(!stdout(&output).contains("is now blocked"), "{user}");
        assert!(
            stderr(&output).contains("expected") || stderr(&output).contains("CHANNEL:ID"),
            "{user}: {}",
            stderr(&output)
        );
    }
    assert!(run(dir.path(), &["users", "block", "telegram:123456789"]).status.success());
}

#[test]
fn names_that_name_nobody_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let chat = escala(dir.path()).args(["chat", "--user", ""]).stdin(Stdio::null()).output().unwrap();
    assert!(!chat.status.success() && stderr(&chat).contains("--user"), "{chat:?}");
    assert!(stdout(&chat_with_input(dir.path(), "ana", b"/ticket my mail\n")).contains("#1"));
    for args in [&["tickets", "assign", "1", "", "--as", "Marta"][..], &["tickets", "claim", "1", "--as", " "]] {
        let output = run(dir.path(), args);
        assert!(!output.status.success(), "{args:?}: {}", stdout(&output));
        assert!(stderr(&output).contains("name is empty"), "{args:?}: {}", stderr(&output));
    }
    let show = stdout(&run(dir.path(), &["tickets", "show", "1"]));
    assert!(show.contains("assignee: -"), "nobody was assigned: {show}");
}

#[test]
fn an_error_says_each_of_its_causes_once() {
    let dir = tempfile::tempdir().unwrap();
    assert!(stdout(&chat_with_input(dir.path(), "ana", b"/ticket my mail\n")).contains("#1"));
    assert!(run(dir.path(), &["tickets", "close", "1", "--as", "Marta"]).status.success());
    let output = run(dir.path(), &["tickets", "note", "1", "--as", "Marta", "too", "late"]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert_eq!(error.matches("not allowed").count(), 1, "{error}");
    assert_eq!(error.lines().count(), 1, "{error}");
}

#[test]
fn logs_written_to_a_file_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(kb.join("en")).unwrap();
    std::fs::write(kb.join("en/broken.md"), "no front matter").unwrap();
    let log = std::fs::File::create(dir.path().join("log.txt")).unwrap();
    let output = escala(dir.path())
        .env("ESCALA_KB__DIR", &kb)
        .env("ESCALA_LOG", "info")
        .args(["kb", "search", "hello"])
        .stderr(log)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let logged = std::fs::read_to_string(dir.path().join("log.txt")).unwrap();
    assert!(logged.contains("broken.md"), "the broken file is logged: {logged}");
    assert!(!logged.contains('\u{1b}'), "{logged:?}");
}

#[test]
fn ctrl_c_ends_an_idle_chat_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut chat = escala(dir.path())
        .args(["chat", "--user", "ana"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The chat is ready once it answers; then it waits on an open stdin.
    let mut stdin = chat.stdin.take().unwrap();
    stdin.write_all(b"hello\n").unwrap();
    let mut out = chat.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut out, &mut first).unwrap();
    let interrupted = std::process::Command::new("kill").args(["-INT", &chat.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = chat.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(3), "Ctrl-C did not end the chat");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    drop(stdin);
}

#[test]
fn a_huge_line_on_stdin_is_refused_and_the_next_line_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = vec![b'x'; 20_000_000];
    input.extend_from_slice(b"\n/ticket ");
    input.extend(std::iter::repeat_n(b'y', 5000));
    input.extend_from_slice(b"\nI forgot my password\n");
    let output = chat_with_input(dir.path(), "ana", &input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output).matches("too long").count(), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("too long"), "the /ticket over the limit is refused too: {text}");
    assert!(text.to_lowercase().contains("password"), "the next question is answered: {text}");
    assert!(stdout(&run(dir.path(), &["tickets", "list"])).contains("no tickets"));
}

#[test]
fn several_processes_opening_a_fresh_database_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            escala(dir.path()).args(["tickets", "list"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
}
