//! What an agent can do to a ticket, and who the agent is: parsed from a
//! staff space, the CLI or the engine's own automation, and checked here
//! before any of it touches a ticket — every text bounded and normalised,
//! every name a real name.

use crate::domain::text::{is_blank, normalize};
use crate::domain::{Lang, Level, Priority, MAX_NAME_CHARS};
use crate::i18n::t;

use super::EngineError;

/// Who acts, and at which levels they may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub id: String,
    pub display_name: String,
    pub levels: Vec<Level>,
}

impl Agent {
    /// The local operator at the console: acts at every level.
    pub fn operator(name: &str) -> Agent {
        Agent { id: format!("console:{name}"), display_name: name.to_string(), levels: Level::STAFFED.to_vec() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffAction {
    Claim,
    Unclaim,
    Assign {
        agent: String,
    },
    Reply {
        text: String,
    },
    /// A reply signed "Support team" whatever `support.sign_replies` says
    /// (Modmail's `anonreply`); staff still see who wrote it.
    AnonymousReply {
        text: String,
    },
    Note {
        text: String,
    },
    Priority(Priority),
    /// To the next level if `to` is None. L4 needs the vendor and reference.
    Escalate {
        to: Option<Level>,
        reason: String,
        vendor: Option<(String, String)>,
    },
    Deescalate,
    WaitingOnUser,
    WaitingOnVendor {
        vendor: String,
        reference: String,
    },
    /// What the vendor said about a ticket waiting on it; `tell_user`
    /// relays it to the user as well.
    VendorUpdate {
        text: String,
        tell_user: bool,
    },
    /// Offer the user a remote session with `tool`; `code` is one for the
    /// user to enter, when staff start the session.
    RemoteOffer {
        tool: String,
        code: Option<String>,
    },
    RemoteEnd {
        summary: Option<String>,
    },
    /// Add (or remove) a tag.
    Tag {
        tag: String,
        add: bool,
    },
    /// Level 2's callbacks: offer one, or record what became of the call.
    Callback(super::CallbackAction),
    Resume,
    Resolve {
        summary: String,
    },
    Close {
        reason: String,
    },
    Reopen {
        reason: String,
    },
    /// Send a canned answer from `kb/snippets/` as a reply.
    Snippet {
        name: String,
    },
    /// Send a KB article to the user; with no id, post the top three
    /// suggestions for the ticket in the staff space instead.
    SendArticle {
        id: Option<String>,
    },
    /// Resolve the ticket together with an incident of `kb/incidents/`.
    LinkIncident {
        id: String,
    },
    /// A file an agent posted in the staff space, with its caption: a
    /// reply carrying the file, or (a caption with the note prefix) an
    /// internal note that stays in the staff space.
    File {
        file: crate::domain::Attachment,
        caption: String,
        internal: bool,
    },
}

impl Agent {
    /// The agent with their name normalised, or why it cannot be used (in
    /// `lang`): users are told who handles their ticket, and " is now
    /// handling it" tells them nothing.
    pub(super) fn checked(&self, lang: Lang) -> Result<Agent, EngineError> {
        let display_name = checked_name(lang, "field-agent-name", &self.display_name)?;
        Ok(Agent { display_name, ..self.clone() })
    }
}

/// An operator's name for the audit log, checked like an agent's. The
/// operator names themselves on the command line, whose lines are English.
pub(super) fn checked_operator(name: &str) -> Result<String, EngineError> {
    checked_name(Lang::En, "field-operator-name", name)
}

/// Why a text typed by staff cannot be used, in `lang`: `field` is the
/// catalog key naming what was typed ("the reply").
fn refused(lang: Lang, key: &str, field: &str, args: &[(&str, String)]) -> EngineError {
    let mut all = vec![("what", t(lang, field, &[]))];
    all.extend(args.iter().cloned());
    EngineError::Invalid(t(lang, key, &all))
}

/// A person's name as typed by staff: non-blank, one line, bounded.
fn checked_name(lang: Lang, field: &str, name: &str) -> Result<String, EngineError> {
    let name = normalize(name).replace(['\n', '\t'], " ").trim().to_string();
    if is_blank(&name) {
        return Err(refused(lang, "staff-invalid-no-name", field, &[]));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(refused(lang, "staff-invalid-too-long", field, &[("max", MAX_NAME_CHARS.to_string())]));
    }
    Ok(name)
}

/// A reply's words as edited: checked like a reply.
pub(super) fn checked_reply(lang: Lang, text: &str, max: usize) -> Result<String, EngineError> {
    checked_text(lang, "field-reply", text, max)
}

/// Free text typed by staff (a reply, a reason): non-blank and bounded.
fn checked_text(lang: Lang, field: &str, text: &str, max: usize) -> Result<String, EngineError> {
    let text = normalize(text).trim().to_string();
    if is_blank(&text) {
        return Err(refused(lang, "staff-invalid-empty", field, &[]));
    }
    if text.chars().count() > max {
        return Err(refused(lang, "staff-invalid-too-long", field, &[("max", max.to_string())]));
    }
    Ok(text)
}

/// A short word typed by staff (a vendor, a reference, a snippet name).
fn checked_word(lang: Lang, field: &str, word: &str) -> Result<String, EngineError> {
    let word = checked_text(lang, field, word, 128)?;
    if word.contains('\n') {
        return Err(refused(lang, "staff-invalid-multiline", field, &[]));
    }
    Ok(word)
}

impl StaffAction {
    /// The action with every text normalised and checked: `max` bounds
    /// free text (`support.max_text_chars`); refusals are in `lang`.
    pub(super) fn checked(self, max: usize, lang: Lang) -> Result<StaffAction, EngineError> {
        let text = |field: &str, text: String| checked_text(lang, field, &text, max);
        let word = |field: &str, word: &str| checked_word(lang, field, word);
        Ok(match self {
            StaffAction::Assign { agent } => {
                StaffAction::Assign { agent: checked_name(lang, "field-assignee-name", &agent)? }
            }
            StaffAction::Reply { text: t } => StaffAction::Reply { text: text("field-reply", t)? },
            StaffAction::AnonymousReply { text: t } => StaffAction::AnonymousReply { text: text("field-reply", t)? },
            StaffAction::Note { text: t } => StaffAction::Note { text: text("field-note", t)? },
            StaffAction::Escalate { to, reason, vendor } => StaffAction::Escalate {
                to,
                reason: text("field-reason", reason)?,
                vendor: match vendor {
                    Some((vendor, reference)) => {
                        Some((word("field-vendor", &vendor)?, word("field-reference", &reference)?))
                    }
                    None => None,
                },
            },
            StaffAction::WaitingOnVendor { vendor, reference } => StaffAction::WaitingOnVendor {
                vendor: word("field-vendor", &vendor)?,
                reference: word("field-reference", &reference)?,
            },
            StaffAction::VendorUpdate { text: t, tell_user } => {
                StaffAction::VendorUpdate { text: text("field-vendor-update", t)?, tell_user }
            }
            StaffAction::RemoteOffer { tool, code } => StaffAction::RemoteOffer {
                tool: word("field-remote-tool", &tool)?,
                code: code.map(|code| word("field-session-code", &code)).transpose()?,
            },
            StaffAction::Tag { tag, add } => match super::tag_key(&tag) {
                Some(tag) => StaffAction::Tag { tag, add },
                None => {
                    let max = super::triage::MAX_TAG_CHARS.to_string();
                    return Err(EngineError::Invalid(t(lang, "staff-invalid-tag", &[("max", max)])));
                }
            },
            StaffAction::Callback(super::CallbackAction::Done { outcome }) => {
                StaffAction::Callback(super::CallbackAction::Done {
                    outcome: outcome.map(|o| text("field-outcome", o)).transpose()?,
                })
            }
            StaffAction::RemoteEnd { summary } => {
                StaffAction::RemoteEnd { summary: summary.map(|s| text("field-summary", s)).transpose()? }
            }
            StaffAction::Resolve { summary } => StaffAction::Resolve { summary: text("field-summary", summary)? },
            StaffAction::Close { reason } => StaffAction::Close { reason: text("field-reason", reason)? },
            StaffAction::Reopen { reason } => StaffAction::Reopen { reason: text("field-reason", reason)? },
            StaffAction::Snippet { name } => StaffAction::Snippet { name: word("field-snippet-name", &name)? },
            StaffAction::SendArticle { id } => {
                StaffAction::SendArticle { id: id.map(|id| word("field-article-id", &id)).transpose()? }
            }
            StaffAction::LinkIncident { id } => StaffAction::LinkIncident { id: word("field-incident-id", &id)? },
            StaffAction::File { mut file, caption, internal } => {
                let caption = normalize(&caption).trim().to_string();
                if caption.chars().count() > max {
                    return Err(refused(lang, "staff-invalid-too-long", "field-caption", &[("max", max.to_string())]));
                }
                file.name = file.name.map(|n| normalize(&n).chars().take(255).collect());
                StaffAction::File { file, caption, internal }
            }
            other @ (StaffAction::Claim
            | StaffAction::Unclaim
            | StaffAction::Priority(_)
            | StaffAction::Deescalate
            | StaffAction::WaitingOnUser
            | StaffAction::Callback(_)
            | StaffAction::Resume) => other,
        })
    }
}
