//! Pure rendering of an `Outbound` into Telegram HTML parts (≤ 4096
//! characters each, every part valid on its own) and an inline keyboard.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::domain::{Choice, Outbound, TextFormat};

/// Telegram's limit on a message's text.
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Telegram's limit on a button's callback data, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;

/// Escapes text for Telegram's HTML parse mode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The message as HTML parts, in order.
pub fn render(message: &Outbound) -> Vec<String> {
    let html = match message.format {
        TextFormat::Plain => escape(&message.text),
        TextFormat::Markdown => markdown_to_html(&message.text),
    };
    split_html(&html, MAX_MESSAGE_CHARS)
}

/// Our KB markdown → the HTML subset Telegram accepts (b, i, s, code, pre,
/// a, blockquote); everything else becomes escaped text.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Strong | Tag::Heading { .. } => out.push_str("<b>"),
                Tag::Emphasis => out.push_str("<i>"),
                Tag::Strikethrough => out.push_str("<s>"),
                Tag::CodeBlock(_) => out.push_str("<pre>"),
                Tag::BlockQuote(_) => out.push_str("<blockquote>"),
                Tag::Link { dest_url, .. } => out.push_str(&format!("<a href=\"{}\">", escape(&dest_url))),
                Tag::List(start) => {
                    if lists.is_empty() {
                        block_break(&mut out);
                    } else if !out.ends_with('\n') {
                        out.push('\n');
                    }
                    lists.push(start);
                }
                Tag::Item => {
                    let depth = lists.len().saturating_sub(1);
                    out.push_str(&"  ".repeat(depth));
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            out.push_str(&format!("{n}. "));
                            *n += 1;
                        }
                        _ => out.push_str("• "),
                    }
                }
                Tag::Paragraph if lists.is_empty() => block_break(&mut out),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Strong => out.push_str("</b>"),
                TagEnd::Heading(_) => out.push_str("</b>\n\n"),
                TagEnd::Emphasis => out.push_str("</i>"),
                TagEnd::Strikethrough => out.push_str("</s>"),
                TagEnd::CodeBlock => {
                    out.truncate(out.trim_end_matches('\n').len());
                    out.push_str("</pre>\n\n");
                }
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n\n"),
                TagEnd::Link => out.push_str("</a>"),
                TagEnd::Item if !out.ends_with('\n') => out.push('\n'),
                TagEnd::List(_) => {
                    lists.pop();
                    if lists.is_empty() {
                        out.push('\n');
                    }
                }
                TagEnd::Paragraph if lists.is_empty() => out.push_str("\n\n"),
                _ => {}
            },
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => out.push_str(&escape(&text)),
            Event::Code(code) => out.push_str(&format!("<code>{}</code>", escape(&code))),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Rule => out.push_str("——————\n\n"),
            Event::TaskListMarker(done) => out.push_str(if done { "☑ " } else { "☐ " }),
            _ => {}
        }
    }
    out.trim().to_string()
}

fn block_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
    }
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

fn closers(stack: &[(String, String)]) -> String {
    stack.iter().rev().map(|(name, _)| format!("</{name}>")).collect()
}

/// Splits `html` into parts of at most `limit` characters, cutting at a
/// paragraph, then a line, then a word boundary, never inside a tag or an
/// entity; tags open at a cut are closed and reopened in the next part.
pub fn split_html(html: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut prefix = String::new();
    let mut rest = html.trim();
    while !rest.is_empty() {
        let room = limit.saturating_sub(prefix.chars().count());
        if rest.chars().count() <= room {
            parts.push(format!("{prefix}{rest}"));
            break;
        }
        // Leave room for the closing tags the cut may need.
        let budget = room.saturating_sub(96).max(1);
        let cut = cut_point(rest, budget);
        let (head, tail) = rest.split_at(cut);
        let body = format!("{prefix}{}", head.trim_end());
        let stack = open_tags(&body);
        parts.push(format!("{body}{}", closers(&stack)));
        prefix = stack.iter().map(|(_, open)| open.as_str()).collect();
        rest = tail.trim_start();
    }
    parts.retain(|p| !visible_text(p).trim().is_empty());
    parts
}

/// The byte index to cut `text` at so the head has at most `budget` chars.
fn cut_point(text: &str, budget: usize) -> usize {
    let (mut para, mut line, mut word, mut any) = (None, None, None, None);
    let (mut in_tag, mut in_entity) = (false, false);
    let mut prev = '\0';
    for (count, (i, c)) in text.char_indices().enumerate() {
        if count >= budget {
            break;
        }
        let safe = !in_tag && !in_entity;
        if safe && i > 0 {
            any = Some(i);
            match c {
                '\n' if prev == '\n' => para = Some(i),
                '\n' => line = Some(i),
                ' ' => word = Some(i),
                _ => {}
            }
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '&' if !in_tag => in_entity = true,
            ';' => in_entity = false,
            _ => {}
        }
        prev = c;
    }
    para.or(line).or(word).or(any).unwrap_or_else(|| text.char_indices().nth(1).map_or(text.len(), |(i, _)| i))
}

/// The text a reader sees: tags removed, entities decoded.
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

/// The choices as an inline keyboard: up to three buttons per row.
pub fn keyboard(choices: &[Choice]) -> Option<InlineKeyboardMarkup> {
    if choices.is_empty() {
        return None;
    }
    let per_row = if choices.len() <= 3 { 3 } else { 2 };
    let rows = choices.chunks(per_row).map(|row| {
        row.iter().map(|c| InlineKeyboardButton::callback(c.label.clone(), callback_data(&c.data))).collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

fn callback_data(data: &str) -> String {
    if data.len() <= MAX_CALLBACK_BYTES {
        return data.to_string();
    }
    tracing::warn!(data, "callback data longer than 64 bytes was cut");
    let mut end = MAX_CALLBACK_BYTES;
    while !data.is_char_boundary(end) {
        end -= 1;
    }
    data[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_balanced_html_and_plain_is_escaped() {
        let html =
            markdown_to_html("**Reset** your *password* with `a<b`:\n\n- one & two\n- three\n\n1. first\n2. second");
        assert_eq!(html, "<b>Reset</b> your <i>password</i> with <code>a&lt;b</code>:\n\n• one &amp; two\n• three\n\n1. first\n2. second");
        assert_eq!(escape("<b> & </b>"), "&lt;b&gt; &amp; &lt;/b&gt;");
    }

    #[test]
    fn long_html_splits_into_valid_parts_within_the_limit() {
        let para = format!("<b>{}</b> & {}", "word ".repeat(300), "x&amp;y ".repeat(200));
        let html = [para.clone(), para.clone(), para].join("\n\n");
        let parts = split_html(&html, 1000);
        assert!(parts.len() > 3);
        for part in &parts {
            assert!(part.chars().count() <= 1000, "{}", part.chars().count());
            assert!(open_tags(part).is_empty(), "unbalanced: {part}");
            assert!(!part.contains("&amp\n") && !part.ends_with("&amp"));
        }
        let joined: String = parts.iter().map(|p| visible_text(p)).collect::<Vec<_>>().join(" ");
        assert_eq!(joined.split_whitespace().count(), visible_text(&html).split_whitespace().count());
    }
}
