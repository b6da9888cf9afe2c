//! `escala users export` and `forget`: everything stored about one user, as
//! a document they can read (Markdown) or as JSON, on standard output; and
//! their erasure, with what it changed.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use escala::config::Config;
use escala::engine::Operator;
use escala::runtime::{App, KbUse};
use escala::store::{MessageRow, UserData};

use super::args::ExportFormat;
use super::out;

pub async fn run(
    config: Config,
    user: &str,
    format: ExportFormat,
    include_internal: bool,
    operator: Operator,
) -> anyhow::Result<ExitCode> {
    let (channel, id) = super::parse_user(user)?;
    let app = App::open_with(config, KbUse::Skip).await?;
    let Some(data) = app.engine.export_user(channel, &id, include_internal, &operator, Utc::now()).await? else {
        out::warn(format_args!("no data is stored about {channel}:{id}"));
        return Ok(ExitCode::FAILURE);
    };
    match format {
        ExportFormat::Json => out::json_pretty(&data)?,
        ExportFormat::Md => out::print(&markdown(&data, Utc::now()))?,
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn forget(config: Config, user: &str, dry_run: bool, operator: Operator) -> anyhow::Result<ExitCode> {
    let (channel, id) = super::parse_user(user)?;
    let app = App::open_with(config, KbUse::Skip).await?;
    let Some(report) = app.engine.forget_user(channel, &id, &operator, dry_run, Utc::now()).await? else {
        out::warn(format_args!("no data is stored about {channel}:{id}"));
        return Ok(ExitCode::FAILURE);
    };
    let verb = if dry_run { "would erase" } else { "erased" };
    out::line(format_args!(
        "{verb} {channel}:{id}: {} messages, {} ticket subjects, {} ticket events, {} questions, \
         {} outbox messages, {} relay records, {} incident subscriptions, {} audit mentions",
        report.messages,
        report.tickets,
        report.events,
        report.queries,
        report.outbox_rows,
        report.relays,
        report.subscriptions,
        report.audit_rows
    ))?;
    if dry_run {
        out::line("nothing was changed (--dry-run)")?;
    }
    Ok(ExitCode::SUCCESS)
}

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
pub fn markdown(data: &UserData, now: DateTime<Utc>) -> String {
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
