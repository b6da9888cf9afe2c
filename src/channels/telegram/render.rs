//! Pure rendering of an `Outbound` into Telegram HTML parts (≤ 4096
//! characters each, every part valid on its own) and an inline keyboard.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::delivery::split::{split, Markup};
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
    split(&html, MAX_MESSAGE_CHARS, Markup::Html)
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
}
