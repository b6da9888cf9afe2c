//! A ticket as text: for `escala tickets show` (plain) and for
//! `transcript` (markdown) in the CLI and in staff spaces.

use super::i18n::t;
use crate::domain::Lang;
use crate::store::{Author, TicketHistory};

/// The ticket in English, as the CLI prints it.
pub fn render_history(h: &TicketHistory, markdown: bool) -> String {
    render_history_in(h, markdown, Lang::En)
}

/// The ticket with its labels in `lang` (the staff language in a staff
/// space); what people wrote and the event records stay as they are.
pub fn render_history_in(h: &TicketHistory, markdown: bool, lang: Lang) -> String {
    let ticket = &h.ticket;
    let mut out = String::new();
    let heading = if markdown { "# " } else { "" };
    let title = [("ticket", ticket.id.to_string()), ("subject", ticket.subject.clone())];
    out.push_str(&format!("{heading}{}\n\n", t(lang, "transcript-title", &title)));
    let fields = [
        ("state", ticket.state.to_string()),
        ("level", ticket.level.to_string()),
        ("priority", ticket.priority.to_string()),
        ("assignee", ticket.assignee.clone().unwrap_or_else(|| "-".to_string())),
        ("user", h.contact.display_name.clone()),
        ("channel", h.contact.channel.to_string()),
        ("id", h.contact.external_id.clone()),
        ("lang", ticket.lang.to_string()),
        ("opened", ticket.created_at.format("%Y-%m-%d %H:%M UTC").to_string()),
    ];
    out.push_str(&format!("{}\n", t(lang, "transcript-fields", &fields)));
    if let Some(score) = ticket.csat {
        out.push_str(&format!("{}\n", t(lang, "transcript-rating", &[("score", score.to_string())])));
    }
    let section = if markdown { "## " } else { "" };
    let bullet = if markdown { "- " } else { "  " };
    out.push_str(&format!("\n{section}{}\n", t(lang, "transcript-conversation", &[])));
    for m in &h.messages {
        let who = match m.author {
            Author::Note => t(lang, "transcript-internal-note", &[("author", m.author_name.clone())]),
            _ => m.author_name.clone(),
        };
        out.push_str(&format!("{bullet}{} {}: {}\n", m.at.format("%m-%d %H:%M"), who, m.body));
    }
    out.push_str(&format!("\n{section}{}\n", t(lang, "transcript-history", &[])));
    for e in &h.events {
        let event = [
            ("at", e.at.format("%m-%d %H:%M").to_string()),
            ("kind", e.kind.to_string()),
            ("actor", e.actor.clone()),
            ("payload", e.payload.to_string()),
        ];
        out.push_str(&format!("{bullet}{}\n", t(lang, "transcript-event", &event)));
    }
    if !h.callbacks.is_empty() {
        out.push_str(&format!("\n{section}{}\n", t(lang, "transcript-callbacks", &[])));
    }
    for c in &h.callbacks {
        let window = format!("{}–{} UTC", c.window.start.format("%Y-%m-%d %H:%M"), c.window.end.format("%H:%M"));
        let args = [
            ("window", window),
            ("phone", c.phone.clone().unwrap_or_else(|| t(lang, "transcript-callback-no-phone", &[]))),
            ("state", c.state.as_str().to_string()),
            ("note", c.note.clone().unwrap_or_else(|| "–".to_string())),
            ("outcome", c.outcome.clone().unwrap_or_else(|| "–".to_string())),
        ];
        out.push_str(&format!("{bullet}{}\n", t(lang, "transcript-callback", &args)));
    }
    out
}
