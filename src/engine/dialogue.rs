//! Where a user is in their conversation with the bot, kept on the contact
//! row so a restart resumes exactly where the user was.

use serde::{Deserialize, Serialize};

use crate::domain::{ConversationId, TicketId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Dialogue {
    #[default]
    Idle,
    /// An article was shown; waiting for Solved / Not solved / Talk to a person.
    AfterAnswer { conversation: ConversationId, article: String },
    /// Up to three articles were offered as choices.
    AfterSuggestions { conversation: ConversationId, articles: Vec<String> },
    /// Nothing was found; a ticket was offered.
    AfterMiss { conversation: ConversationId },
    /// The agent resolved the ticket; waiting for "is it fixed?".
    ConfirmFix { ticket: TicketId },
    /// The user said it is not fixed; waiting for what is still wrong.
    ReopenReason { ticket: TicketId },
    /// Waiting for a 1–5 rating.
    Rating { ticket: TicketId },
    /// Waiting for an optional comment on the rating.
    RatingComment { ticket: TicketId },
    /// `/new` with a ticket open: close it and start over, or keep it.
    ConfirmNewQuestion { ticket: TicketId },
    /// `/forget`: waiting for the user to confirm the erasure.
    ConfirmForget,
    /// `/mydata`: waiting for the user to confirm the export.
    ConfirmExport,
    /// A callback request: waiting for the number to call.
    CallbackPhone { ticket: TicketId },
    /// Waiting for the window (a button or a typed time); `ask_note` once
    /// it is a first request, not a new time for a missed call.
    CallbackWindow { ticket: TicketId, phone: String, note: Option<String>, ask_note: bool },
    /// Waiting for an optional note before the request is made.
    CallbackNote { ticket: TicketId, phone: String, window: crate::domain::callback::CallbackWindow },
}

impl Dialogue {
    pub fn conversation(&self) -> Option<ConversationId> {
        match self {
            Dialogue::AfterAnswer { conversation, .. }
            | Dialogue::AfterSuggestions { conversation, .. }
            | Dialogue::AfterMiss { conversation } => Some(*conversation),
            _ => None,
        }
    }

    /// Parses the stored form; an unreadable state (a downgrade, a manual
    /// edit) restarts the dialogue instead of locking the user out.
    pub fn from_stored(text: &str) -> Dialogue {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"step":"idle"}"#.to_string())
    }
}

/// The `data` of the buttons the engine offers.
pub mod choice {
    pub const SOLVED: &str = "solved";
    pub const NOT_SOLVED: &str = "not_solved";
    pub const HUMAN: &str = "human";
    pub const NONE_OF_THESE: &str = "none";
    pub const ARTICLE_PREFIX: &str = "article:";
    pub const TICKET_YES: &str = "ticket_yes";
    pub const TICKET_NO: &str = "ticket_no";
    pub const FIXED_YES: &str = "fixed_yes";
    pub const FIXED_NO: &str = "fixed_no";
    pub const CSAT_PREFIX: &str = "csat:";
    pub const SKIP: &str = "skip";
    pub const CLOSE_AND_NEW: &str = "close_and_new";
    pub const KEEP_TICKET: &str = "keep_ticket";
    pub const FORGET_YES: &str = "forget_yes";
    pub const FORGET_NO: &str = "forget_no";
    pub const MYDATA_YES: &str = "mydata_yes";
    pub const MYDATA_NO: &str = "mydata_no";
    /// Followed by an incident id: the user wants its updates.
    pub const SUBSCRIBE_PREFIX: &str = "incident:";
    /// `vendor:TICKET:yes|no`: the user's answer on sharing with a vendor.
    pub const VENDOR_CONSENT_PREFIX: &str = "vendor:";
    /// `remote:TICKET:yes|no`: the user's answer to a remote-session offer.
    pub const REMOTE_CONSENT_PREFIX: &str = "remote:";
    /// `callback:TICKET`: the user wants to be called back on the ticket.
    pub const CALLBACK_PREFIX: &str = "callback:";

    /// `PREFIX12:yes` → ticket 12, consent given (`no`: refused): the
    /// answer under a consent question that names its ticket.
    pub fn parse_consent(prefix: &str, data: &str) -> Option<(crate::domain::TicketId, bool)> {
        let (ticket, answer) = data.strip_prefix(prefix)?.split_once(':')?;
        let given = match answer {
            "yes" => true,
            "no" => false,
            _ => return None,
        };
        Some((crate::domain::TicketId(ticket.parse().ok()?), given))
    }

    /// The two answers to a consent question on `ticket`, labelled by the
    /// `allow` and `refuse` message keys.
    pub fn consent_buttons(
        prefix: &str,
        lang: crate::domain::Lang,
        ticket: crate::domain::TicketId,
        allow: &str,
        refuse: &str,
    ) -> Vec<crate::domain::Choice> {
        let data = |answer: &str| format!("{prefix}{}:{answer}", ticket.0);
        vec![
            crate::engine::turn::button(lang, allow, data("yes")),
            crate::engine::turn::button(lang, refuse, data("no")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::choice;

    /// Telegram's callback data is at most 64 bytes, and a button carries
    /// an article or incident id behind its prefix.
    #[test]
    fn every_button_with_an_id_fits_telegrams_callback_data() {
        for prefix in [choice::ARTICLE_PREFIX, choice::SUBSCRIBE_PREFIX] {
            assert!(prefix.len() + crate::kb::MAX_ID_BYTES <= 64, "{prefix}");
        }
    }
}
