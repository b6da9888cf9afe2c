//! The handoff context agents see when a ticket opens: who the user is, the
//! articles the bot already tried and what the user said about them, and the
//! conversation so far.

use crate::domain::Ticket;
use crate::store::{Author, Contact, MessageRow};

const ARTICLE_MARK: &str = "[article ";

/// How a shown article is recorded in the conversation log.
pub fn article_marker(id: &str, title: &str) -> String {
    format!("{ARTICLE_MARK}{id}] {title}")
}

/// The ticket subject: the user's first words, on one line.
pub fn subject(messages: &[MessageRow]) -> String {
    let first = messages.iter().find(|m| m.author == Author::User).map(|m| m.body.as_str()).unwrap_or("(no text)");
    shorten(first, 80)
}

pub fn shorten(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The staff topic/thread name: number, level, user and first words.
pub fn thread_title(ticket: &Ticket, user: &str) -> String {
    shorten(&format!("#{} {} · {} · {}", ticket.id.0, ticket.level, shorten(user, 24), ticket.subject), 120)
}

/// Articles shown, each with the user's next reply to it.
fn articles_tried(messages: &[MessageRow]) -> Vec<String> {
    let mut tried = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        if message.author != Author::Bot {
            continue;
        }
        let Some(rest) = message.body.strip_prefix(ARTICLE_MARK) else { continue };
        let verdict = messages[i + 1..]
            .iter()
            .find(|m| m.author == Author::User)
            .map(|m| m.body.clone())
            .unwrap_or_else(|| "(no reply)".to_string());
        tried.push(format!("- [{rest} → {verdict}"));
    }
    tried
}

pub fn context(ticket: &Ticket, contact: &Contact, messages: &[MessageRow], tag: Option<&str>) -> String {
    context_under(&format!("New ticket {}", ticket.id), ticket, contact, messages, tag)
}

/// How many of the latest messages a recap quotes.
const RECAP_MESSAGES: usize = 30;

/// The context again, for a space that starts after the ticket did (a new
/// level's group, a topic someone deleted): `heading` says why, and the
/// conversation is the latest messages.
pub fn recap(heading: &str, ticket: &Ticket, contact: &Contact, messages: &[MessageRow]) -> String {
    let latest = &messages[messages.len().saturating_sub(RECAP_MESSAGES)..];
    context_under(&format!("{heading}\nTicket {}", ticket.id), ticket, contact, latest, None)
}

fn context_under(
    heading: &str,
    ticket: &Ticket,
    contact: &Contact,
    messages: &[MessageRow],
    tag: Option<&str>,
) -> String {
    let mut text = format!(
        "{heading} · {} · priority {}\nUser: {} ({} {}, language {})\n",
        ticket.level, ticket.priority, contact.display_name, contact.channel, contact.external_id, ticket.lang
    );
    if let Some(tag) = tag {
        text.push_str(&format!("Tag: {tag}\n"));
    }
    let tried = articles_tried(messages);
    text.push_str("\nArticles tried:\n");
    if tried.is_empty() {
        text.push_str("- none\n");
    } else {
        for line in tried {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text.push_str("\nConversation:\n");
    for m in messages {
        let who = match m.author {
            Author::User => contact.display_name.as_str(),
            Author::Bot => "bot",
            Author::Agent => m.author_name.as_str(),
            Author::Note => "note",
        };
        text.push_str(&format!("{} {}: {}\n", m.at.format("%H:%M"), who, shorten(&m.body, 500)));
    }
    text
}
