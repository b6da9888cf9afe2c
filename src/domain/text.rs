//! Text from outside, made safe once at the boundary: `normalize` for what
//! enters the engine (on every backend alike: PostgreSQL refuses NUL), and
//! one function per destination it leaves for — `markdown_literal` for
//! people's words inside the bot's markdown templates and `for_terminal`
//! for anything printed to a terminal. The platforms' own escaping lives
//! with their renderers.

use std::borrow::Cow;

/// Characters that show nothing: a message made only of them is empty.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}' | '\u{00AD}')
}

/// Unicode noncharacters: never meant for interchange.
fn is_noncharacter(c: char) -> bool {
    let code = c as u32;
    (0xFDD0..=0xFDEF).contains(&code) || (code & 0xFFFE) == 0xFFFE
}

/// Text as the engine stores it: NUL and the other control characters
/// (but tab and newline) and noncharacters removed, line ends as `\n`.
pub fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.chars().filter(|&c| !is_noncharacter(c) && (c == '\n' || c == '\t' || !c.is_control())).collect()
}

/// A lower-case letter of the four KB languages without its accent, so
/// "faturação" and "faturacao" compare equal.
pub fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// Whether `text` shows nothing (spaces, zero-width characters) once
/// normalised.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| is_invisible(c) || c.is_control() || is_noncharacter(c))
}

/// People's words (an agent's name, a resolution summary) to be inserted
/// into a markdown template: every marker that could make markup is
/// escaped — emphasis, code, links (`[x](https://evil)` stays text),
/// autolinks and HTML, and block markers at the start of a line — and
/// nothing else, so ordinary punctuation reads as typed.
pub fn markdown_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Only spaces so far on this line / spaces then digits (`12.` or `3)`
    // would begin an ordered list).
    let (mut line_start, mut leading_digits) = (true, false);
    for c in text.chars() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '~' | '|' | '[' | ']' | '<' | '>' => true,
            '#' | '-' | '+' | '=' => line_start,
            '.' | ')' => leading_digits,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        (line_start, leading_digits) = match c {
            '\n' => (true, false),
            ' ' if line_start => (true, false),
            d if d.is_ascii_digit() && (line_start || leading_digits) => (false, true),
            _ => (false, false),
        };
    }
    out
}

/// Bidi controls that reorder what a terminal shows (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text bound for a terminal: control characters (but tab and newline),
/// escape sequences and bidi overrides shown visibly (`\e`, `\r`,
/// `\u{202e}`) instead of acted on, so nothing a user or agent wrote can
/// move the cursor, clear the screen, set the title or reorder a line.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let risky = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    if !text.chars().any(risky) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            c if risky(c) && (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if risky(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What stands in for text erased at its writer's request (`escala users
/// forget`): reports and gap lists leave it out.
pub const ERASED: &str = "[erased]";

/// The name an erased person's contact and messages carry.
pub const ERASED_NAME: &str = "erased user";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizing_removes_nul_and_controls_and_keeps_lines_and_tabs() {
        assert_eq!(normalize("a\0b\u{7}c\r\nd\te\u{FFFF}f\u{FDD0}"), "abc\nd\tef");
        assert_eq!(normalize("olá 👋 مرحبا"), "olá 👋 مرحبا");
    }

    #[test]
    fn zero_width_only_text_is_blank() {
        assert!(is_blank("\u{200B}\u{200D} \u{FEFF}\n"));
        assert!(is_blank(""));
        assert!(!is_blank("\u{200B}a"));
    }

    #[test]
    fn markdown_markers_in_peoples_words_stay_text() {
        assert_eq!(markdown_literal("[x](https://evil)"), r"\[x\](https://evil)");
        assert_eq!(markdown_literal("**Ana** _B_ `c` #1 <b>"), r"\*\*Ana\*\* \_B\_ \`c\` #1 \<b\>");
        assert_eq!(markdown_literal("# big\n- item\n12. step 3.5"), "\\# big\n\\- item\n12\\. step 3.5");
        assert_eq!(markdown_literal("link re-sent, São Paulo: 50% done!"), "link re-sent, São Paulo: 50% done!");
    }

    #[test]
    fn escape_sequences_and_bidi_overrides_are_shown_not_acted_on() {
        let hostile = "\u{1b}]0;OWNED\u{7}\u{1b}[2Jhelp\r\u{9b}x\u{202E}txt.exe\u{2066}";
        let shown = for_terminal(hostile);
        assert_eq!(shown, r"\e]0;OWNED\a\e[2Jhelp\r\u{009b}x\u{202e}txt.exe\u{2066}");
        assert!(!shown.chars().any(|c| c.is_control() || is_bidi_control(c)));
        assert!(matches!(for_terminal("plain\ttext\nline"), Cow::Borrowed(_)), "tabs and newlines keep their meaning");
    }
}
