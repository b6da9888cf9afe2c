//! A ticket as text: for `escala tickets show` (plain) and for
//! `transcript` (markdown) in the CLI and in staff spaces.

use crate::store::{Author, TicketHistory};

pub fn render_history(h: &TicketHistory, markdown: bool) -> String {
    let t = &h.ticket;
    let mut out = String::new();
    let heading = if markdown { "# " } else { "" };
    out.push_str(&format!("{heading}Ticket {} — {}\n\n", t.id, t.subject));
    out.push_str(&format!(
        "state: {}\nlevel: {}\npriority: {}\nassignee: {}\nuser: {} ({} {}, {})\nopened: {}\n",
        t.state,
        t.level,
        t.priority,
        t.assignee.as_deref().unwrap_or("-"),
        h.contact.display_name,
        h.contact.channel,
        h.contact.external_id,
        t.lang,
        t.created_at.format("%Y-%m-%d %H:%M UTC")
    ));
    if let Some(score) = t.csat {
        out.push_str(&format!("rating: {score}/5\n"));
    }
    out.push_str(&format!("\n{}Conversation\n", if markdown { "## " } else { "" }));
    for m in &h.messages {
        let who = match m.author {
            Author::Note => format!("{} (internal note)", m.author_name),
            _ => m.author_name.clone(),
        };
        let bullet = if markdown { "- " } else { "  " };
        out.push_str(&format!("{bullet}{} {}: {}\n", m.at.format("%m-%d %H:%M"), who, m.body));
    }
    out.push_str(&format!("\n{}History\n", if markdown { "## " } else { "" }));
    for e in &h.events {
        let bullet = if markdown { "- " } else { "  " };
        out.push_str(&format!("{bullet}{} {} by {} {}\n", e.at.format("%m-%d %H:%M"), e.kind, e.actor, e.payload));
    }
    out
}
