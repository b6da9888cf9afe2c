//! Long messages cut into parts within a platform's limit: at a paragraph,
//! then a line, then a word boundary, never inside the markup; what is open
//! at a cut (HTML tags, a code fence) is closed at the end of the part and
//! reopened at the start of the next, so every part renders on its own.

/// The markup a message is written in, which decides where it may be cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Telegram's HTML: never inside a tag or an entity; open tags carry.
    Html,
    /// Discord's markdown: never between a backslash and what it escapes;
    /// an open code fence carries.
    Markdown,
}

const FENCE: &str = "```";

impl Markup {
    /// Characters kept free at a cut for the closing markup.
    fn reserve(self) -> usize {
        match self {
            Markup::Html => 96,
            Markup::Markdown => FENCE.len() + 1,
        }
    }

    /// What closes a part whose text is `body`, and what reopens the next.
    fn carry(self, body: &str) -> (String, String) {
        match self {
            Markup::Html => {
                let stack = open_tags(body);
                let closers = stack.iter().rev().map(|(name, _)| format!("</{name}>")).collect();
                (closers, stack.into_iter().map(|(_, open)| open).collect())
            }
            Markup::Markdown if body.matches(FENCE).count() % 2 == 1 => (format!("\n{FENCE}"), format!("{FENCE}\n")),
            Markup::Markdown => (String::new(), String::new()),
        }
    }

    /// Whether a part shows anything (a part of only markup is dropped).
    fn has_content(self, part: &str) -> bool {
        match self {
            Markup::Html => !visible_text(part).trim().is_empty(),
            Markup::Markdown => !part.trim().is_empty() && part.trim() != "```\n```",
        }
    }
}

/// Splits `text` into parts of at most `limit` characters each.
pub fn split(text: &str, limit: usize, markup: Markup) -> Vec<String> {
    let mut parts = Vec::new();
    let mut prefix = String::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let room = limit.saturating_sub(prefix.chars().count());
        if rest.chars().count() <= room {
            parts.push(format!("{prefix}{rest}"));
            break;
        }
        let cut = cut_point(rest, room.saturating_sub(markup.reserve()).max(1), markup);
        let (head, tail) = rest.split_at(cut);
        let body = format!("{prefix}{}", head.trim_end());
        let (closing, reopening) = markup.carry(&body);
        parts.push(format!("{body}{closing}"));
        prefix = reopening;
        rest = tail.trim_start();
    }
    parts.retain(|p| markup.has_content(p));
    parts
}

/// The byte index to cut `text` at so the head has at most `budget` chars.
fn cut_point(text: &str, budget: usize, markup: Markup) -> usize {
    let (mut para, mut line, mut word, mut any) = (None, None, None, None);
    let (mut in_tag, mut in_entity) = (false, false);
    let mut prev = '\0';
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= budget {
            break;
        }
        let inside = match markup {
            Markup::Html => in_tag || in_entity,
            Markup::Markdown => prev == '\\',
        };
        if !inside && i > 0 {
            any = Some(i);
            match c {
                '\n' if prev == '\n' => para = Some(i),
                '\n' => line = Some(i),
                ' ' | '\t' => word = Some(i),
                _ => {}
            }
        }
        if markup == Markup::Html {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                '&' if !in_tag => in_entity = true,
                ';' => in_entity = false,
                _ => {}
            }
        }
        // An escaped backslash escapes nothing after it.
        prev = if prev == '\\' && c == '\\' { '\0' } else { c };
    }
    // A paragraph or line break early on makes for a tiny part; prefer it
    // only when it keeps at least a third of the budget.
    let enough = |cut: Option<usize>| cut.filter(|&i| text[..i].chars().count() >= budget / 3);
    enough(para)
        .or(enough(line))
        .or(word)
        .or(any)
        .unwrap_or_else(|| text.char_indices().nth(1).map_or(text.len(), |(i, _)| i))
}

/// The tags open at the end of `html` (valid HTML as we produce it), as
/// (name, opening tag) pairs, outermost first.
fn open_tags(html: &str) -> Vec<(String, String)> {
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        let inner = &tag[1..tag.len() - 1];
        if let Some(name) = inner.strip_prefix('/') {
            if let Some(pos) = stack.iter().rposition(|(n, _)| n == name) {
                stack.truncate(pos);
            }
        } else {
            let name = inner.split_whitespace().next().unwrap_or_default().to_string();
            stack.push((name, tag.to_string()));
        }
        rest = &rest[start + len + 1..];
    }
    stack
}

/// The text a reader sees of HTML: tags removed, entities decoded.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_html_splits_into_balanced_parts_within_the_limit() {
        let para = format!("<b>{}</b> & {}", "word ".repeat(300), "x&amp;y ".repeat(200));
        let html = [para.clone(), para.clone(), para].join("\n\n");
        let parts = split(&html, 1000, Markup::Html);
        assert!(parts.len() > 3);
        for part in &parts {
            assert!(part.chars().count() <= 1000, "{}", part.chars().count());
            assert!(open_tags(part).is_empty(), "unbalanced: {part}");
            assert!(!part.contains("&amp\n") && !part.ends_with("&amp"));
        }
        let joined: String = parts.iter().map(|p| visible_text(p)).collect::<Vec<_>>().join(" ");
        assert_eq!(joined.split_whitespace().count(), visible_text(&html).split_whitespace().count());
    }

    #[test]
    fn long_markdown_splits_in_order_within_the_limit_at_boundaries() {
        let para = "word ".repeat(150);
        let text = [para.trim(), para.trim(), para.trim(), para.trim()].join("\n\n");
        let parts = split(&text, 2000, Markup::Markdown);
        assert!(parts.len() >= 2);
        for part in &parts {
            assert!(part.chars().count() <= 2000);
            assert!(!part.starts_with(' ') && !part.ends_with(' '));
        }
        assert_eq!(parts.join(" ").split_whitespace().count(), 600);
        assert_eq!(split("", 2000, Markup::Markdown), Vec::<String>::new());
        let unbroken = "x".repeat(4500);
        assert_eq!(split(&unbroken, 2000, Markup::Markdown).concat(), unbroken);
    }

    #[test]
    fn a_code_block_cut_in_two_is_closed_and_reopened() {
        let text = format!("intro\n\n```\n{}\n```\n\nafter", "let x = 1;\n".repeat(300));
        let parts = split(&text, 2000, Markup::Markdown);
        assert!(parts.len() >= 2);
        for part in &parts {
            assert!(part.chars().count() <= 2000);
            assert_eq!(part.matches(FENCE).count() % 2, 0, "unbalanced fences in {part:?}");
        }
    }

    #[test]
    fn escaped_markdown_is_never_cut_between_backslash_and_character() {
        let text = r"\*".repeat(1500);
        for part in split(&text, 2000, Markup::Markdown) {
            assert!(!part.ends_with('\\') || part.ends_with(r"\\"), "{}", &part[part.len() - 4..]);
            assert!(!part.starts_with('*'));
        }
    }

    #[test]
    fn every_part_of_a_random_text_fits_and_nothing_is_lost() {
        let text: String = (0..9000).map(|i| ["a", "é", " ", "\n", "`", "*", "\\"][i * 7 % 13 % 7]).collect();
        let parts = split(&text, 2000, Markup::Markdown);
        assert!(parts.iter().all(|p| p.chars().count() <= 2000));
        let kept: usize = parts.iter().map(|p| p.chars().filter(|c| !c.is_whitespace()).count()).sum();
        assert!(kept >= text.chars().filter(|c| !c.is_whitespace()).count());
    }
}
