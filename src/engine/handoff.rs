//! The handoff context agents see when a ticket opens: who the user is, the
//! articles the bot already tried and what the user said about them, and the
//! conversation so far, in the staff language.

use super::i18n::t;
use crate::domain::{Lang, Ticket};
use crate::store::{Author, Contact, MessageRow};

const ARTICLE_MARK: &str = "[article ";

/// How a shown article is recorded in the conversation log.
pub fn article_marker(id: &str, title: &str) -> String {
    format!("{ARTICLE_MARK}{id}] {title}")
}

/// The ticket subject: the user's first words, on one line (a placeholder
/// in the staff language `lang` if they wrote none).
pub fn subject(messages: &[MessageRow], lang: Lang) -> String {
    match messages.iter().find(|m| m.author == Author::User) {
        Some(first) => shorten(&first.body, 80),
        None => shorten(&t(lang, "staff-card-no-text", &[]), 80),
    }
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
/// The ids of the articles the bot showed in `messages`, in order.
pub fn tried_article_ids(messages: &[MessageRow]) -> Vec<String> {
    messages
        .iter()
        .filter(|m| m.author == Author::Bot)
        .filter_map(|m| m.body.strip_prefix(ARTICLE_MARK)?.split_once(']').map(|(id, _)| id.to_string()))
        .collect()
}

fn articles_tried(messages: &[MessageRow], lang: Lang) -> Vec<String> {
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
            .unwrap_or_else(|| t(lang, "staff-card-no-reply", &[]));
        tried.push(format!("- [{rest} → {verdict}"));
    }
    tried
}

/// The card that opens a new ticket's staff space, in the staff language.
pub fn context(ticket: &Ticket, contact: &Contact, messages: &[MessageRow], tags: &[String], lang: Lang) -> String {
    let heading = t(lang, "staff-card-new", &[("ticket", ticket.id.to_string())]);
    context_under(&heading, ticket, contact, messages, tags, lang)
}

/// How many of the latest messages a recap quotes.
const RECAP_MESSAGES: usize = 30;

/// The context again, for a space that starts after the ticket did (a new
/// level's group, a topic someone deleted): `heading` says why, and the
/// conversation is the latest messages.
pub fn recap(heading: &str, ticket: &Ticket, contact: &Contact, messages: &[MessageRow], lang: Lang) -> String {
    let latest = &messages[messages.len().saturating_sub(RECAP_MESSAGES)..];
    let heading = format!("{heading}\n{}", t(lang, "staff-card-ticket", &[("ticket", ticket.id.to_string())]));
    context_under(&heading, ticket, contact, latest, &[], lang)
}

fn context_under(
    heading: &str,
    ticket: &Ticket,
    contact: &Contact,
    messages: &[MessageRow],
    tags: &[String],
    lang: Lang,
) -> String {
    let title = [
        ("heading", heading.to_string()),
        ("level", ticket.level.to_string()),
        ("priority", ticket.priority.to_string()),
    ];
    let user = [
        ("name", contact.display_name.clone()),
        ("channel", contact.channel.to_string()),
        ("id", contact.external_id.clone()),
        ("lang", ticket.lang.to_string()),
    ];
    let mut text = format!("{}\n{}\n", t(lang, "staff-card-heading", &title), t(lang, "staff-card-user", &user));
    if !tags.is_empty() {
        text.push_str(&format!("{}\n", t(lang, "staff-card-tags", &[("tags", tags.join(", "))])));
    }
    let tried = articles_tried(messages, lang);
    text.push_str(&format!("\n{}\n", t(lang, "staff-card-articles", &[])));
    if tried.is_empty() {
        text.push_str(&format!("- {}\n", t(lang, "staff-card-none", &[])));
    } else {
        for line in tried {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text.push_str(&format!("\n{}\n", t(lang, "staff-card-conversation", &[])));
    let (bot, note) = (t(lang, "staff-card-bot", &[]), t(lang, "staff-card-note", &[]));
    for m in messages {
        let who = match m.author {
            Author::User => contact.display_name.as_str(),
            Author::Bot => bot.as_str(),
            Author::Agent => m.author_name.as_str(),
            Author::Note => note.as_str(),
        };
        text.push_str(&format!("{} {}: {}\n", m.at.format("%H:%M"), who, shorten(&m.body, 500)));
    }
    text
}
