//! Slash commands as people type them, on every platform and at the
//! console: `/name args`, the name made of ASCII letters, digits and `_`,
//! compared without case, with the `@botname` suffix Telegram adds in
//! groups dropped. Anything else is text.

/// `/close@escala_bot it works` → `("close", "it works")`.
pub fn parse_command(text: &str) -> Option<(String, &str)> {
    let rest = text.trim().strip_prefix('/')?;
    let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = head.split('@').next().unwrap_or_default();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((name.to_ascii_lowercase(), args.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_lose_the_bot_name_and_their_case_and_keep_their_arguments() {
        assert_eq!(parse_command("/close@escala_bot it works"), Some(("close".into(), "it works")));
        assert_eq!(parse_command("  /Status  "), Some(("status".into(), "")));
        assert_eq!(parse_command("/ticket   line one\nline two "), Some(("ticket".into(), "line one\nline two")));
    }

    #[test]
    fn what_is_not_a_command_name_is_text() {
        for text in ["/", "/ hello", "//x", "/é", "/a-b", "hello /close", "/\u{1b}[2J"] {
            assert_eq!(parse_command(text), None, "{text:?}");
        }
    }
}
