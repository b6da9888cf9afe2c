//! `escala tickets …`: the console staff space. Agents list and read
//! tickets and act on them; the user is told through the outbox.

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use escala::config::Config;
use escala::domain::TicketId;
use escala::engine::{Agent, StaffAction};
use escala::runtime::{App, KbUse};
use escala::store::{TicketFilter, TicketHistory};

use super::args::TicketsCommand;
use super::joined;

pub async fn run(config: Config, command: TicketsCommand) -> anyhow::Result<ExitCode> {
    if let TicketsCommand::Snippets = command {
        return snippets(&config);
    }
    if let TicketsCommand::Away { agent } | TicketsCommand::Back { agent } = &command {
        let away = matches!(command, TicketsCommand::Away { .. });
        let app = App::open_with(config, KbUse::Skip).await?;
        let said = app.engine.presence(&Agent::operator(&agent.agent), away, Utc::now()).await?;
        super::out::line(format_args!("{said}"))?;
        return Ok(ExitCode::SUCCESS);
    }
    // Only sending an article reads the KB; the rest never waits on it.
    let kb = if matches!(command, TicketsCommand::Kb { .. }) { KbUse::Load } else { KbUse::Skip };
    let app = App::open_with(config, kb).await?;
    let (id, agent, action) = match command {
        TicketsCommand::List { all, state, level, tag, assignee, unassigned, user, text, breaching, sort } => {
            let tag = match tag.as_deref().map(escala::engine::tag_key) {
                Some(None) => anyhow::bail!("a tag is 1 to 32 letters, digits, `-` or `_`"),
                Some(tag) => tag,
                None => None,
            };
            if text.as_deref().is_some_and(|t| !t.chars().any(char::is_alphanumeric)) {
                anyhow::bail!("--text needs at least one word to look for");
            }
            let filter = TicketFilter {
                state,
                level,
                include_closed: all,
                limit: Some(200),
                tag,
                assignee,
                unassigned,
                user: user.as_deref().map(super::parse_user).transpose()?,
                text,
                breaching,
                by_due: sort == "due",
            };
            let tickets = app.store.list_tickets(&filter).await?;
            if tickets.is_empty() {
                super::out::line(format_args!("no tickets"))?;
            }
            for t in tickets {
                super::out::line(format_args!(
                    "{:<6} {:<3} {:<8} {:<18} {:<14} {:<10} {}",
                    t.id.to_string(),
                    t.level.to_string(),
                    t.priority.to_string(),
                    t.state.to_string(),
                    t.assignee.as_deref().unwrap_or("-"),
                    t.channel.to_string(),
                    t.subject
                ))?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Show { id } => {
            let lang = app.config.support.staff_lang;
            super::out::print(&escala::engine::transcript::render_history_in(&history(&app, id).await?, false, lang))?;
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Transcript { id } => {
            let lang = app.config.support.staff_lang;
            super::out::print(&escala::engine::transcript::render_history_in(&history(&app, id).await?, true, lang))?;
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Reply { id, text, agent, anonymous: false } => {
            (id, agent, StaffAction::Reply { text: joined(&text) })
        }
        TicketsCommand::Reply { id, text, agent, anonymous: true } => {
            (id, agent, StaffAction::AnonymousReply { text: joined(&text) })
        }
        TicketsCommand::Note { id, text, agent } => (id, agent, StaffAction::Note { text: joined(&text) }),
        TicketsCommand::Claim { id, agent } => (id, agent, StaffAction::Claim),
        TicketsCommand::Unclaim { id, agent } => (id, agent, StaffAction::Unclaim),
        TicketsCommand::Assign { id, to, agent } => (id, agent, StaffAction::Assign { agent: to }),
        TicketsCommand::Priority { id, priority, agent } => (id, agent, StaffAction::Priority(priority)),
        TicketsCommand::Escalate { id, to, vendor, reference, reason, agent } => {
            let vendor = vendor.zip(reference);
            (id, agent, StaffAction::Escalate { to, reason: joined(&reason), vendor })
        }
        TicketsCommand::Deescalate { id, agent } => (id, agent, StaffAction::Deescalate),
        TicketsCommand::Waiting { id, on, vendor, reference, agent } => {
            let action = if on == "user" {
                StaffAction::WaitingOnUser
            } else {
                let (vendor, reference) =
                    vendor.zip(reference).context("waiting on a vendor needs --vendor NAME and --reference REF")?;
                StaffAction::WaitingOnVendor { vendor, reference }
            };
            (id, agent, action)
        }
        TicketsCommand::Resume { id, agent } => (id, agent, StaffAction::Resume),
        TicketsCommand::Tag { id, change, tag, agent } => (id, agent, StaffAction::Tag { tag, add: change == "add" }),
        TicketsCommand::Snippets | TicketsCommand::Away { .. } | TicketsCommand::Back { .. } => {
            unreachable!("answered before")
        }
        TicketsCommand::Snippet { id, name, agent } => (id, agent, StaffAction::Snippet { name }),
        TicketsCommand::Kb { id, article: Some(article), agent } => {
            (id, agent, StaffAction::SendArticle { id: Some(article) })
        }
        TicketsCommand::Kb { id, article: None, .. } => {
            let ticket = history(&app, id).await?.ticket;
            let hits = app.kb.load().search(&ticket.subject, Some(ticket.lang), 3);
            super::out::line(format_args!(
                "Suggested articles for ticket {id} (send one with: escala tickets kb {} ID):",
                id.0
            ))?;
            if hits.is_empty() {
                super::out::line(format_args!("  none found"))?;
            }
            for hit in hits {
                super::out::line(format_args!("  {} — {} ({:.2})", hit.article_id, hit.title, hit.confidence))?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        TicketsCommand::Callback { id, args, agent } => {
            let action = escala::engine::parse_callback(&joined(&args))
                .map_err(|e| anyhow::anyhow!(e.reason(escala::domain::Lang::En)))?;
            (id, agent, StaffAction::Callback(action))
        }
        TicketsCommand::Remote { id, args, agent } => {
            let action = escala::engine::parse_remote(&joined(&args))
                .map_err(|e| anyhow::anyhow!(e.reason(escala::domain::Lang::En)))?;
            (id, agent, action)
        }
        TicketsCommand::Vendor { id, text, tell, agent } => {
            (id, agent, StaffAction::VendorUpdate { text: joined(&text), tell_user: tell })
        }
        TicketsCommand::Resolve { id, summary, agent } => {
            (id, agent, StaffAction::Resolve { summary: joined(&summary) })
        }
        TicketsCommand::Close { id, reason, agent } => {
            let reason = if reason.is_empty() { "closed by the support team".to_string() } else { joined(&reason) };
            (id, agent, StaffAction::Close { reason })
        }
        TicketsCommand::Reopen { id, reason, agent } => (id, agent, StaffAction::Reopen { reason: joined(&reason) }),
    };
    let agent = Agent::operator(&agent.agent);
    app.engine.staff(&agent, id, action, Utc::now()).await?;
    let ticket = history(&app, id).await?.ticket;
    super::out::line(format_args!("ticket {} is now {} at {}", ticket.id, ticket.state, ticket.level))?;
    Ok(ExitCode::SUCCESS)
}

/// `escala tickets snippets`: the canned answers in `kb/snippets/`.
fn snippets(config: &Config) -> anyhow::Result<ExitCode> {
    let dir = config.kb.dir.join("snippets");
    let found = escala::kb::snippets::list_snippets(&dir);
    if found.is_empty() {
        super::out::line(format_args!("no snippets in {}", dir.display()))?;
    }
    for (name, langs) in found {
        let langs: Vec<&str> = langs.iter().map(|l| l.code()).collect();
        super::out::line(format_args!("{name:<24} {}", langs.join(" ")))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn history(app: &App, id: TicketId) -> anyhow::Result<TicketHistory> {
    app.store.ticket_history(id).await?.with_context(|| format!("ticket {id} does not exist"))
}
