//! A ticket as text: for `escala tickets show` (plain) and for
//! `transcript` (markdown) in the CLI and in staff spaces.

use super::i18n::t;
use crate::domain::{Lang, TicketEvent};
use crate::store::{Author, EventRow, TicketHistory};

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
    let tags = if h.tags.is_empty() { "-".to_string() } else { h.tags.join(", ") };
    out.push_str(&format!("{}\n", t(lang, "transcript-fields", &fields)));
    out.push_str(&format!("{}\n", t(lang, "transcript-tags", &[("tags", tags)])));
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
        let line = format!("{} {}", e.at.format("%m-%d %H:%M"), event_sentence(lang, e, &h.contact.display_name));
        out.push_str(&format!("{bullet}{line}\n"));
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

/// Who did it, as staff name them: the user by name, an agent at the
/// console by their name, the automation as escala.
fn actor_name(actor: &str, user: &str) -> String {
    match actor {
        "user" => user.to_string(),
        "sla" | "system" => "escala".to_string(),
        other => other.strip_prefix("console:").unwrap_or(other).to_string(),
    }
}

/// One event as a sentence in `lang` ("Marta escalated to L2: mail relay
/// drops the reset emails"), never its stored JSON.
pub fn event_sentence(lang: Lang, e: &EventRow, user: &str) -> String {
    use TicketEvent as E;
    let actor = actor_name(&e.actor, user);
    let Ok(event) = serde_json::from_value::<TicketEvent>(e.payload.clone()) else {
        // Written by another version: its kind is all that can be said.
        return t(lang, "event-unknown", &[("actor", actor), ("kind", e.kind.clone())]);
    };
    let text = |s: &str| s.to_string();
    let (key, args): (&str, Vec<(&str, String)>) = match event {
        E::Opened { level, priority, subject } => (
            "event-opened",
            vec![("level", level.to_string()), ("priority", priority.to_string()), ("subject", subject)],
        ),
        E::Claimed { agent } => ("event-claimed", vec![("agent", agent)]),
        E::Unclaimed => ("event-unclaimed", vec![]),
        E::AgentReplied { agent } => ("event-agent-replied", vec![("agent", agent)]),
        E::UserReplied => ("event-user-replied", vec![]),
        E::NoteAdded { agent } => ("event-note-added", vec![("agent", agent)]),
        E::PriorityChanged { priority } => ("event-priority-changed", vec![("priority", priority.to_string())]),
        E::Escalated { to, reason } => ("event-escalated", vec![("to", to.to_string()), ("reason", reason)]),
        E::Deescalated { to } => ("event-deescalated", vec![("to", to.to_string())]),
        E::WaitingOnUser => ("event-waiting-on-user", vec![]),
        E::WaitingOnVendor { vendor, reference } => {
            ("event-waiting-on-vendor", vec![("vendor", vendor), ("reference", reference)])
        }
        E::VendorConsentAsked { vendor, reason, .. } => {
            ("event-vendor-consent-asked", vec![("vendor", vendor), ("reason", reason)])
        }
        E::VendorConsent { vendor, given: true } => ("event-vendor-consent-given", vec![("vendor", vendor)]),
        E::VendorConsent { vendor, given: false } => ("event-vendor-consent-refused", vec![("vendor", vendor)]),
        E::VendorUpdated { text: said, .. } => ("event-vendor-updated", vec![("text", said)]),
        E::RemoteOffered { tool, .. } => ("event-remote-offered", vec![("tool", tool)]),
        E::RemoteConsent { tool, given: true } => ("event-remote-allowed", vec![("tool", tool)]),
        E::RemoteConsent { tool, given: false } => ("event-remote-refused", vec![("tool", tool)]),
        E::RemoteStarted { tool } => ("event-remote-started", vec![("tool", tool)]),
        E::RemoteEnded { tool, summary } => {
            ("event-remote-ended", vec![("tool", tool), ("summary", summary.unwrap_or_else(|| text("–")))])
        }
        E::CallbackRequested { phone, window, .. } => {
            let window = format!("{}–{} UTC", window.start.format("%m-%d %H:%M"), window.end.format("%H:%M"));
            ("event-callback-requested", vec![("phone", phone), ("window", window)])
        }
        E::CallbackDone { outcome } => ("event-callback-done", vec![("outcome", outcome.unwrap_or_else(|| text("–")))]),
        E::CallbackMissed => ("event-callback-missed", vec![]),
        E::CallbackRescheduled => ("event-callback-rescheduled", vec![]),
        E::CallbackCancelled => ("event-callback-cancelled", vec![]),
        E::TagAdded { tag } => ("event-tag-added", vec![("tag", tag)]),
        E::TagRemoved { tag } => ("event-tag-removed", vec![("tag", tag)]),
        E::Resumed => ("event-resumed", vec![]),
        E::Resolved { summary } => ("event-resolved", vec![("summary", summary)]),
        E::Reopened { reason } => ("event-reopened", vec![("reason", reason)]),
        E::Closed { reason } => ("event-closed", vec![("reason", reason)]),
        E::Rated { score, .. } => ("event-rated", vec![("score", score.to_string())]),
        E::RatingCommented { comment } => ("event-rating-commented", vec![("comment", comment)]),
    };
    let mut args = args;
    args.push(("actor", actor));
    t(lang, key, &args)
}
