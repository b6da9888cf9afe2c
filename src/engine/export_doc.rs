//! A user's data as a document they can read: the contact, then each
//! conversation, ticket, question and subscription. What `escala users
//! export` prints and what `/mydata` sends.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::domain::Lang;
use crate::i18n::t;
use crate::store::{MessageRow, UserData};

fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn messages(lang: Lang, text: &mut String, messages: &[MessageRow]) {
    if messages.is_empty() {
        let _ = writeln!(text, "- {}", t(lang, "export-no-messages", &[]));
    }
    for m in messages {
        let body = m.body.replace('\n', "\n  ");
        let author = t(lang, &format!("export-author-{}", m.author.as_str()), &[]);
        let _ = writeln!(text, "- {} {} ({author}): {body}", when(m.at), m.author_name);
    }
}

/// The export as a document in `lang` (the user's): the contact, then
/// each conversation, ticket, question and subscription.
pub fn export_markdown(data: &UserData, now: DateTime<Utc>, lang: Lang) -> String {
    let say = |key: &str, args: &[(&str, String)]| t(lang, key, args);
    let count = |n: usize| [("n", n.to_string())];
    let c = &data.contact;
    let user = format!("{}:{}", c.channel, c.external_id);
    let title = [("name", c.display_name.clone()), ("user", user), ("at", when(now))];
    let mut text = format!("# {}\n\n", say("export-title", &title[..2]));
    let _ = writeln!(text, "{}\n", say("export-exported", &title[2..]));
    let _ = writeln!(text, "## {}\n", say("export-contact", &[]));
    let language = c.lang.map_or_else(|| say("export-not-set", &[]), |l| l.code().to_string());
    let blocked = say(if c.blocked { "export-yes" } else { "export-no" }, &[]);
    for (key, value) in [
        ("export-platform", c.channel.to_string()),
        ("export-platform-id", c.external_id.clone()),
        ("export-chat", c.chat_id.clone()),
        ("export-name", c.display_name.clone()),
        ("export-language", language),
        ("export-blocked", blocked),
    ] {
        let _ = writeln!(text, "- {}: {value}", say(key, &[]));
    }
    let _ = writeln!(text, "\n## {}\n", say("export-conversations", &count(data.conversations.len())));
    for conversation in &data.conversations {
        let started = when(conversation.started_at);
        let heading = match (conversation.ended_at, &conversation.outcome) {
            (Some(at), Some(outcome)) => {
                let outcome = say(&format!("export-outcome-{outcome}"), &[]);
                say("export-conversation-ended-as", &[("start", started), ("end", when(at)), ("outcome", outcome)])
            }
            (Some(at), None) => say("export-conversation-ended", &[("start", started), ("end", when(at))]),
            _ => say("export-conversation-open", &[("start", started)]),
        };
        let _ = writeln!(text, "### {heading}\n");
        messages(lang, &mut text, &conversation.messages);
        text.push('\n');
    }
    let _ = writeln!(text, "## {}\n", say("export-tickets", &count(data.tickets.len())));
    for ticket in &data.tickets {
        let tk = &ticket.ticket;
        let state = crate::i18n::state_words(lang, tk.state);
        let mut args = vec![
            ("ticket", tk.id.to_string()),
            ("subject", tk.subject.clone()),
            ("state", state),
            ("level", tk.level.to_string()),
        ];
        let key = match tk.csat {
            Some(score) => {
                args.push(("score", score.to_string()));
                "export-ticket-rated"
            }
            None => "export-ticket",
        };
        let _ = writeln!(text, "### {}\n", say(key, &args));
        let _ = writeln!(text, "{}", say("export-history", &[]));
        for event in &ticket.events {
            let _ = writeln!(
                text,
                "- {} {}",
                when(event.at),
                super::transcript::event_sentence(lang, event, &c.display_name)
            );
        }
        let _ = writeln!(text, "\n{}", say("export-messages", &[]));
        messages(lang, &mut text, &ticket.messages);
        text.push('\n');
    }
    let _ = writeln!(text, "## {}\n", say("export-questions", &count(data.queries.len())));
    for query in &data.queries {
        let _ = writeln!(text, "- {} [{}] {}", when(query.at), query.lang, query.text.replace('\n', " "));
    }
    let _ = writeln!(text, "\n## {}\n", say("export-subscriptions", &count(data.incident_subscriptions.len())));
    for incident in &data.incident_subscriptions {
        let _ = writeln!(text, "- {incident}");
    }
    text
}
