//! Parses what an agent types in a ticket's staff space (a Telegram topic, a
//! Discord thread) into a staff action: plain text is a reply, text after
//! the note prefix is an internal note, `/command args` is everything else.

use crate::domain::{Level, Priority};

use super::StaffAction;

/// What an agent's message in a ticket's staff space asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffCommand {
    Act(StaffAction),
    /// Print the whole ticket as markdown in the staff space.
    Transcript,
    /// Show the staff commands.
    Help,
    /// Post the support figures of the last seven days.
    Stats,
}

pub const STAFF_HELP: &str = "Staff commands in a ticket's space:
plain text: reply to the user · /areply text: reply signed \"Support team\" · ! text: internal note
/claim · /unclaim · /assign NAME · /priority low|normal|high|urgent
/escalate [L2|L3|L4] reason (L4: /escalate L4 VENDOR REFERENCE reason)
/deescalate · /waiting user · /waiting vendor VENDOR REFERENCE · /resume
/snippet NAME · /kb [ARTICLE-ID] (no id: the top 3 suggestions)
/resolve summary · /close [reason] · /reopen reason · /transcript
/incident ID: resolve this ticket together with a known incident
/stats: the support figures of the last 7 days";

/// Why a staff message could not be understood; shown to the agent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}\n\n{STAFF_HELP}")]
pub struct StaffCommandError(pub String);

fn need(args: &str, what: &str, command: &str) -> Result<String, StaffCommandError> {
    let args = args.trim();
    if args.is_empty() {
        Err(StaffCommandError(format!("/{command} needs {what}")))
    } else {
        Ok(args.to_string())
    }
}

pub fn parse_staff_command(text: &str, note_prefix: &str) -> Result<StaffCommand, StaffCommandError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(StaffCommandError("the message is empty".into()));
    }
    if !note_prefix.is_empty() {
        if let Some(note) = trimmed.strip_prefix(note_prefix) {
            return Ok(StaffCommand::Act(StaffAction::Note { text: need(note, "the note text", "note")? }));
        }
    }
    let Some((name, args)) = crate::domain::command::parse_command(trimmed) else {
        if let Some(other) = trimmed.strip_prefix('/').filter(|rest| !rest.starts_with(char::is_whitespace)) {
            // A slash and then no command name: a typo, not a reply to send.
            let shown: String = other.chars().take(32).collect();
            return Err(StaffCommandError(format!("unknown staff command /{shown}")));
        }
        return Ok(StaffCommand::Act(StaffAction::Reply { text: trimmed.to_string() }));
    };
    let act = |action| Ok(StaffCommand::Act(action));
    match name.as_str() {
        "reply" => act(StaffAction::Reply { text: need(args, "the reply text", "reply")? }),
        "areply" => act(StaffAction::AnonymousReply { text: need(args, "the reply text", "areply")? }),
        "note" => act(StaffAction::Note { text: need(args, "the note text", "note")? }),
        "claim" => act(StaffAction::Claim),
        "incident" => act(StaffAction::LinkIncident { id: need(args, "the incident id", "incident")? }),
        "unclaim" => act(StaffAction::Unclaim),
        "assign" => {
            let agent = need(args, "the agent's name", "assign")?;
            act(StaffAction::Assign { agent: agent.trim_start_matches('@').to_string() })
        }
        "priority" => {
            let priority = need(args, "low, normal, high or urgent", "priority")?
                .parse::<Priority>()
                .map_err(|e| StaffCommandError(e.to_string()))?;
            act(StaffAction::Priority(priority))
        }
        "escalate" => parse_escalate(args),
        "deescalate" => act(StaffAction::Deescalate),
        "waiting" => {
            let mut words = args.split_whitespace();
            match words.next() {
                Some("user") => act(StaffAction::WaitingOnUser),
                Some("vendor") => match (words.next(), words.next()) {
                    (Some(vendor), Some(reference)) => {
                        act(StaffAction::WaitingOnVendor { vendor: vendor.into(), reference: reference.into() })
                    }
                    _ => Err(StaffCommandError("/waiting vendor needs VENDOR and REFERENCE".into())),
                },
                _ => Err(StaffCommandError("/waiting needs `user` or `vendor VENDOR REFERENCE`".into())),
            }
        }
        "resume" => act(StaffAction::Resume),
        "snippet" => act(StaffAction::Snippet { name: need(args, "the snippet name", "snippet")? }),
        "kb" => act(StaffAction::SendArticle { id: Some(args.to_string()).filter(|a| !a.is_empty()) }),
        "resolve" => act(StaffAction::Resolve { summary: need(args, "a summary of the fix", "resolve")? }),
        "close" => {
            let reason = if args.is_empty() { "closed by the support team".to_string() } else { args.to_string() };
            act(StaffAction::Close { reason })
        }
        "reopen" => act(StaffAction::Reopen { reason: need(args, "the reason", "reopen")? }),
        "transcript" => Ok(StaffCommand::Transcript),
        "stats" => Ok(StaffCommand::Stats),
        "help" | "start" => Ok(StaffCommand::Help),
        other => {
            Err(StaffCommandError(format!("unknown staff command /{}", other.chars().take(32).collect::<String>())))
        }
    }
}

fn parse_escalate(args: &str) -> Result<StaffCommand, StaffCommandError> {
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    let (to, rest) = match first.parse::<Level>() {
        Ok(level) => (Some(level), rest.trim()),
        Err(_) => (None, args),
    };
    if to == Some(Level::L4) {
        let mut words = rest.splitn(3, char::is_whitespace);
        return match (words.next(), words.next(), words.next()) {
            (Some(vendor), Some(reference), Some(reason)) if !vendor.is_empty() && !reason.trim().is_empty() => {
                Ok(StaffCommand::Act(StaffAction::Escalate {
                    to,
                    reason: reason.trim().to_string(),
                    vendor: Some((vendor.to_string(), reference.to_string())),
                }))
            }
            _ => Err(StaffCommandError("/escalate L4 needs VENDOR REFERENCE and a reason".into())),
        };
    }
    let reason = need(rest, "a reason", "escalate")?;
    Ok(StaffCommand::Act(StaffAction::Escalate { to, reason, vendor: None }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<StaffCommand, StaffCommandError> {
        parse_staff_command(text, "!")
    }

    #[test]
    fn plain_text_is_a_reply_and_the_note_prefix_makes_a_note() {
        assert_eq!(parse("hello there"), Ok(StaffCommand::Act(StaffAction::Reply { text: "hello there".into() })));
        assert_eq!(parse("! vip"), Ok(StaffCommand::Act(StaffAction::Note { text: "vip".into() })));
    }

    #[test]
    fn escalation_to_the_vendor_takes_vendor_reference_and_reason() {
        assert_eq!(
            parse("/escalate L4 Acme AC-1 firmware bug"),
            Ok(StaffCommand::Act(StaffAction::Escalate {
                to: Some(Level::L4),
                reason: "firmware bug".into(),
                vendor: Some(("Acme".into(), "AC-1".into()))
            }))
        );
        assert!(parse("/escalate L4 Acme").is_err());
        assert_eq!(
            parse("/escalate@escala_bot needs logs"),
            Ok(StaffCommand::Act(StaffAction::Escalate { to: None, reason: "needs logs".into(), vendor: None }))
        );
    }

    #[test]
    fn missing_or_invalid_arguments_and_unknown_commands_explain_themselves() {
        assert!(parse("/priority").unwrap_err().0.contains("needs"));
        assert!(parse("/priority sky-high").unwrap_err().0.contains("priority"));
        assert!(parse("/frobnicate").unwrap_err().0.contains("unknown staff command /frobnicate"));
        assert!(parse("/resolve").is_err());
    }
}
