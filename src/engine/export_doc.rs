//! A user's data as a document they can read: the contact, then each
//! conversation, ticket, question and subscription. What `escala users
//! export` prints and what `/mydata` sends.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::store::{MessageRow, UserData};

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn messages(text: &mut String, messages: &[MessageRow]) {
    if messages.is_empty() {
        text.push_str("- (no messages)\n");
    }
    for m in messages {
        let body = m.body.replace('\n', "\n  ");
        let _ = writeln!(text, "- {} {} ({}): {body}", when(m.at), m.author_name, m.author.as_str());
    }
}

/// The export as a document: the contact, then each conversation, ticket,
/// question and subscription.
pub fn export_markdown(data: &UserData, now: DateTime<Utc>) -> String {
    let c = &data.contact;
    let mut text = format!(
        "# Data stored about {} ({}:{})\n\nExported {}.\n\n",
        c.display_name,
        c.channel,
        c.external_id,
        when(now)
    );
    let _ = writeln!(text, "## Contact\n");
    let _ = writeln!(text, "- Platform: {}\n- Platform id: {}\n- Chat: {}", c.channel, c.external_id, c.chat_id);
    let _ = writeln!(text, "- Name: {}", c.display_name);
    let _ = writeln!(text, "- Language: {}", c.lang.map_or("not set".to_string(), |l| l.code().to_string()));
    let _ = writeln!(text, "- Blocked: {}\n", if c.blocked { "yes" } else { "no" });
    let _ = writeln!(text, "## Conversations with the bot ({})\n", data.conversations.len());
    for conversation in &data.conversations {
        let end = match (conversation.ended_at, &conversation.outcome) {
            (Some(at), Some(outcome)) => format!("ended {} ({outcome})", when(at)),
            (Some(at), None) => format!("ended {}", when(at)),
            _ => "open".to_string(),
        };
        let _ = writeln!(text, "### Started {}, {end}\n", when(conversation.started_at));
        messages(&mut text, &conversation.messages);
        text.push('\n');
    }
    let _ = writeln!(text, "## Tickets ({})\n", data.tickets.len());
    for ticket in &data.tickets {
        let t = &ticket.ticket;
        let rating = t.csat.map_or(String::new(), |r| format!(", rated {r}/5"));
        let _ = writeln!(text, "### Ticket {}: {} ({}, {}{rating})\n", t.id, t.subject, t.state.as_str(), t.level);
        text.push_str("History:\n");
        for event in &ticket.events {
            let _ = writeln!(text, "- {} {} by {}", when(event.at), event.kind.replace('_', " "), event.actor);
        }
        text.push_str("\nMessages:\n");
        messages(&mut text, &ticket.messages);
        text.push('\n');
    }
    let _ = writeln!(text, "## Questions asked ({})\n", data.queries.len());
    for query in &data.queries {
        let _ = writeln!(text, "- {} [{}] {}", when(query.at), query.lang, query.text.replace('\n', " "));
    }
    let _ = writeln!(text, "\n## Incident subscriptions ({})\n", data.incident_subscriptions.len());
    for incident in &data.incident_subscriptions {
        let _ = writeln!(text, "- {incident}");
    }
    text
}
