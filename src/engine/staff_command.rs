//! Parses what an agent types in a ticket's staff space (a Telegram topic, a
//! Discord thread) into a staff action: plain text is a reply, text after
//! the note prefix is an internal note, `/command args` is everything else.

use crate::domain::{Lang, Level, Priority};

use super::i18n::t;
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
    /// List the open tickets of this ticket's level, soonest SLA due first.
    Queue,
    /// Search every ticket's subject and messages.
    Find {
        text: String,
    },
    /// `/away` (out of auto-assignment) or `/back`.
    Presence {
        away: bool,
    },
}

/// The staff commands, as `/help` shows them in `lang`.
pub fn staff_help(lang: Lang) -> String {
    t(lang, "staff-help", &[])
}

/// What a staff command lacks (each names its own message, since the
/// wording around "needs" differs by argument and language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingArgument {
    NoteText,
    ReplyText,
    IncidentId,
    AgentName,
    Priority,
    SnippetName,
    FixSummary,
    Reason,
    EscalationReason,
    SearchText,
}

impl MissingArgument {
    fn key(self) -> &'static str {
        match self {
            MissingArgument::NoteText => "staff-needs-note-text",
            MissingArgument::ReplyText => "staff-needs-reply-text",
            MissingArgument::IncidentId => "staff-needs-incident-id",
            MissingArgument::AgentName => "staff-needs-agent-name",
            MissingArgument::Priority => "staff-needs-priority",
            MissingArgument::SnippetName => "staff-needs-snippet-name",
            MissingArgument::FixSummary => "staff-needs-fix-summary",
            MissingArgument::Reason => "staff-needs-reason",
            MissingArgument::EscalationReason => "staff-needs-escalation-reason",
            MissingArgument::SearchText => "staff-needs-search-text",
        }
    }
}

/// Why a staff message could not be understood; shown to the agent, in the
/// staff language, followed by the help (`Display` is the English text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffCommandError {
    Empty,
    Unknown { command: String },
    Missing { command: &'static str, what: MissingArgument },
    BadPriority { given: String },
    WaitingNeedsKind,
    WaitingNeedsVendor,
    EscalateNeedsVendor,
    VendorNeedsKind,
    RemoteNeedsTool,
    CallbackNeedsKind,
    TagNeedsKind,
}

impl StaffCommandError {
    /// What is wrong, in `lang`, without the help.
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            StaffCommandError::Empty => t(lang, "staff-command-empty", &[]),
            StaffCommandError::Unknown { command } => t(lang, "staff-command-unknown", &[("command", command.clone())]),
            StaffCommandError::Missing { command, what } => t(lang, what.key(), &[("command", command.to_string())]),
            StaffCommandError::BadPriority { given } => {
                t(lang, "staff-command-bad-priority", &[("priority", given.clone())])
            }
            StaffCommandError::WaitingNeedsKind => t(lang, "staff-waiting-needs-kind", &[]),
            StaffCommandError::WaitingNeedsVendor => t(lang, "staff-waiting-needs-vendor", &[]),
            StaffCommandError::EscalateNeedsVendor => t(lang, "staff-escalate-needs-vendor", &[]),
            StaffCommandError::VendorNeedsKind => t(lang, "staff-vendor-needs-kind", &[]),
            StaffCommandError::RemoteNeedsTool => t(lang, "staff-remote-needs-tool", &[]),
            StaffCommandError::CallbackNeedsKind => t(lang, "staff-callback-needs-kind", &[]),
            StaffCommandError::TagNeedsKind => t(lang, "staff-tag-needs-kind", &[]),
        }
    }

    /// What the agent is told: the reason, then the help, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        format!("{}\n\n{}", self.reason(lang), staff_help(lang))
    }
}

impl std::fmt::Display for StaffCommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for StaffCommandError {}

/// A command name as shown back in an error: at most 32 characters.
fn shown(command: &str) -> String {
    command.chars().take(32).collect()
}

fn need(args: &str, what: MissingArgument, command: &'static str) -> Result<String, StaffCommandError> {
    let args = args.trim();
    if args.is_empty() {
        Err(StaffCommandError::Missing { command, what })
    } else {
        Ok(args.to_string())
    }
}

pub fn parse_staff_command(text: &str, note_prefix: &str) -> Result<StaffCommand, StaffCommandError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(StaffCommandError::Empty);
    }
    if !note_prefix.is_empty() {
        if let Some(note) = trimmed.strip_prefix(note_prefix) {
            return Ok(StaffCommand::Act(StaffAction::Note { text: need(note, MissingArgument::NoteText, "note")? }));
        }
    }
    let Some((name, args)) = crate::domain::command::parse_command(trimmed) else {
        if let Some(other) = trimmed.strip_prefix('/').filter(|rest| !rest.starts_with(char::is_whitespace)) {
            // A slash and then no command name: a typo, not a reply to send.
            return Err(StaffCommandError::Unknown { command: shown(other) });
        }
        return Ok(StaffCommand::Act(StaffAction::Reply { text: trimmed.to_string() }));
    };
    let act = |action| Ok(StaffCommand::Act(action));
    match name.as_str() {
        "reply" => act(StaffAction::Reply { text: need(args, MissingArgument::ReplyText, "reply")? }),
        "areply" => act(StaffAction::AnonymousReply { text: need(args, MissingArgument::ReplyText, "areply")? }),
        "note" => act(StaffAction::Note { text: need(args, MissingArgument::NoteText, "note")? }),
        "claim" => act(StaffAction::Claim),
        "incident" => act(StaffAction::LinkIncident { id: need(args, MissingArgument::IncidentId, "incident")? }),
        "unclaim" => act(StaffAction::Unclaim),
        "assign" => {
            let agent = need(args, MissingArgument::AgentName, "assign")?;
            act(StaffAction::Assign { agent: agent.trim_start_matches('@').to_string() })
        }
        "priority" => {
            let priority = need(args, MissingArgument::Priority, "priority")?
                .parse::<Priority>()
                .map_err(|e| StaffCommandError::BadPriority { given: e.input })?;
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
                    _ => Err(StaffCommandError::WaitingNeedsVendor),
                },
                _ => Err(StaffCommandError::WaitingNeedsKind),
            }
        }
        "resume" => act(StaffAction::Resume),
        "remote" => parse_remote(args).map(StaffCommand::Act),
        "tag" => match args.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["add", tag] => act(StaffAction::Tag { tag: tag.to_string(), add: true }),
            ["remove", tag] => act(StaffAction::Tag { tag: tag.to_string(), add: false }),
            _ => Err(StaffCommandError::TagNeedsKind),
        },
        "callback" => parse_callback(args).map(|action| StaffCommand::Act(StaffAction::Callback(action))),
        "vendor" => {
            let (kind, text) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
            let tell_user = match kind {
                "update" => false,
                "tell" => true,
                _ => return Err(StaffCommandError::VendorNeedsKind),
            };
            if text.trim().is_empty() {
                return Err(StaffCommandError::VendorNeedsKind);
            }
            act(StaffAction::VendorUpdate { text: text.trim().to_string(), tell_user })
        }
        "snippet" => act(StaffAction::Snippet { name: need(args, MissingArgument::SnippetName, "snippet")? }),
        "kb" => act(StaffAction::SendArticle { id: Some(args.to_string()).filter(|a| !a.is_empty()) }),
        "resolve" => act(StaffAction::Resolve { summary: need(args, MissingArgument::FixSummary, "resolve")? }),
        "close" => {
            let reason = if args.is_empty() { "closed by the support team".to_string() } else { args.to_string() };
            act(StaffAction::Close { reason })
        }
        "reopen" => act(StaffAction::Reopen { reason: need(args, MissingArgument::Reason, "reopen")? }),
        "transcript" => Ok(StaffCommand::Transcript),
        "stats" => Ok(StaffCommand::Stats),
        "queue" => Ok(StaffCommand::Queue),
        "away" => Ok(StaffCommand::Presence { away: true }),
        "back" => Ok(StaffCommand::Presence { away: false }),
        "find" => Ok(StaffCommand::Find { text: need(args, MissingArgument::SearchText, "find")? }),
        "help" | "start" => Ok(StaffCommand::Help),
        other => Err(StaffCommandError::Unknown { command: shown(other) }),
    }
}

/// `offer`, `done [outcome]`, `missed` or `reschedule`, after `/callback`
/// (and `escala tickets callback ID`).
pub fn parse_callback(args: &str) -> Result<super::CallbackAction, StaffCommandError> {
    use super::CallbackAction as A;
    let (first, rest) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
    let rest = rest.trim();
    match (first, rest.is_empty()) {
        ("offer", true) => Ok(A::Offer),
        ("done", _) => Ok(A::Done { outcome: Some(rest.to_string()).filter(|r| !r.is_empty()) }),
        ("missed", true) => Ok(A::Missed),
        ("reschedule", true) => Ok(A::Reschedule),
        _ => Err(StaffCommandError::CallbackNeedsKind),
    }
}

/// `end [summary]` or `TOOL [CODE]`, after `/remote` (and `escala tickets
/// remote ID`).
pub fn parse_remote(args: &str) -> Result<StaffAction, StaffCommandError> {
    let (first, rest) = args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), ""));
    let rest = rest.trim();
    match first {
        "" => Err(StaffCommandError::RemoteNeedsTool),
        "end" => Ok(StaffAction::RemoteEnd { summary: Some(rest.to_string()).filter(|s| !s.is_empty()) }),
        tool => Ok(StaffAction::RemoteOffer {
            tool: tool.to_string(),
            code: Some(rest.to_string()).filter(|c| !c.is_empty()),
        }),
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
            _ => Err(StaffCommandError::EscalateNeedsVendor),
        };
    }
    let reason = need(rest, MissingArgument::EscalationReason, "escalate")?;
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
    fn a_vendor_update_is_kept_for_staff_or_told_to_the_user() {
        assert_eq!(
            parse("/vendor update patch due Friday"),
            Ok(StaffCommand::Act(StaffAction::VendorUpdate { text: "patch due Friday".into(), tell_user: false }))
        );
        assert_eq!(
            parse("/vendor tell  fixed in 2.1"),
            Ok(StaffCommand::Act(StaffAction::VendorUpdate { text: "fixed in 2.1".into(), tell_user: true }))
        );
        assert_eq!(parse("/vendor tell"), Err(StaffCommandError::VendorNeedsKind));
        assert_eq!(parse("/vendor shout hi"), Err(StaffCommandError::VendorNeedsKind));
    }

    #[test]
    fn a_remote_session_is_offered_with_its_tool_and_ended_with_a_summary() {
        assert_eq!(
            parse("/remote AnyDesk"),
            Ok(StaffCommand::Act(StaffAction::RemoteOffer { tool: "AnyDesk".into(), code: None }))
        );
        assert_eq!(
            parse("/remote teamviewer 123 456 789"),
            Ok(StaffCommand::Act(StaffAction::RemoteOffer {
                tool: "teamviewer".into(),
                code: Some("123 456 789".into())
            }))
        );
        assert_eq!(
            parse("/remote end printer driver reinstalled"),
            Ok(StaffCommand::Act(StaffAction::RemoteEnd { summary: Some("printer driver reinstalled".into()) }))
        );
        assert_eq!(parse("/remote end"), Ok(StaffCommand::Act(StaffAction::RemoteEnd { summary: None })));
        assert_eq!(parse("/remote"), Err(StaffCommandError::RemoteNeedsTool));
    }

    #[test]
    fn a_callback_is_offered_and_its_call_recorded() {
        use crate::engine::CallbackAction as A;
        let callback = |text| {
            parse(text).map(|c| match c {
                StaffCommand::Act(StaffAction::Callback(action)) => action,
                other => panic!("{other:?}"),
            })
        };
        assert_eq!(callback("/callback offer"), Ok(A::Offer));
        assert_eq!(callback("/callback done reset by phone"), Ok(A::Done { outcome: Some("reset by phone".into()) }));
        assert_eq!(callback("/callback missed"), Ok(A::Missed));
        assert_eq!(callback("/callback reschedule"), Ok(A::Reschedule));
        assert_eq!(parse("/callback"), Err(StaffCommandError::CallbackNeedsKind));
        assert_eq!(parse("/callback missed twice"), Err(StaffCommandError::CallbackNeedsKind));
    }

    #[test]
    fn missing_or_invalid_arguments_and_unknown_commands_explain_themselves() {
        assert!(parse("/priority").unwrap_err().to_string().contains("needs"));
        assert!(parse("/priority sky-high").unwrap_err().to_string().contains("priority"));
        assert!(parse("/frobnicate").unwrap_err().to_string().contains("unknown staff command /frobnicate"));
        assert!(parse("/resolve").is_err());
    }

    #[test]
    fn a_command_error_is_told_in_the_staff_language_with_the_help() {
        let missing = parse("/waiting").unwrap_err();
        assert_eq!(missing.reason(Lang::En), "/waiting needs `user` or `vendor VENDOR REFERENCE`");
        assert_eq!(missing.to_string(), format!("{}\n\n{}", missing.reason(Lang::En), staff_help(Lang::En)));
        let in_portuguese = missing.message(Lang::Pt);
        assert!(in_portuguese.starts_with("/waiting precisa de"), "{in_portuguese}");
        assert!(in_portuguese.ends_with(&staff_help(Lang::Pt)), "{in_portuguese}");
    }
}
