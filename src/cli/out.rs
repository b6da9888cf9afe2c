//! Everything the CLI prints goes through here. Text that came from users,
//! agents or KB files is shown with control characters, escape sequences
//! and bidi overrides neutralised (`for_terminal`), and a write that fails
//! (a full disk, a closed pipe) becomes an error with a message instead of
//! a panic.

use std::fmt::Display;
use std::io::Write;

use escala::domain::text::for_terminal;

/// Writes `text` to standard output, made safe for a terminal.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(for_terminal(text).as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}"))
}

/// Writes `text` and a newline to standard output, made safe.
pub fn line(text: impl Display) -> anyhow::Result<()> {
    print(&format!("{text}\n"))
}

/// `value` as JSON that is safe for a terminal: serde_json escapes the C0
/// controls but leaves DEL, the C1 controls and the bidi overrides raw;
/// they become `\uXXXX` escapes, which read back as the same JSON.
fn terminal_json(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\u{7f}'..='\u{9f}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            safe.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            safe.push(c);
        }
    }
    safe
}

/// Writes `value` as one line of JSON.
pub fn json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    line(terminal_json(&serde_json::to_string(value)?))
}

/// Writes `value` as indented JSON.
pub fn json_pretty(value: &impl serde::Serialize) -> anyhow::Result<()> {
    line(terminal_json(&serde_json::to_string_pretty(value)?))
}

/// Writes a message to standard error, made safe; a failure to write there
/// is ignored, as there is nowhere left to say it.
pub fn warn(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{}", for_terminal(&text.to_string()));
}

/// An error and its causes on one line, each said once: a cause whose text
/// the line already holds (a library that repeats its source in its own
/// message) is left out.
pub fn error_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("deadlock detected")]
    struct Inner;

    #[derive(Debug, thiserror::Error)]
    #[error("database error: {0}")]
    struct Outer(#[source] Inner);

    #[test]
    fn json_keeps_its_value_and_loses_its_escape_sequences() {
        let value = serde_json::json!({"text": "a\u{9b}2J\u{202e}b\u{1b}"});
        let safe = terminal_json(&serde_json::to_string(&value).unwrap());
        assert!(!safe.chars().any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
    }

    #[test]
    fn an_error_chain_says_each_thing_once() {
        let error = anyhow::Error::new(Outer(Inner)).context("ticket #3");
        assert_eq!(error_line(&error), "ticket #3: database error: deadlock detected");
    }
}
