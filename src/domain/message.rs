//! What crosses the boundary between the platforms and the engine: an
//! `Inbound` update from a user or agent, and the `Outbound` messages the
//! engine asks to send (stored in the outbox, sent by the delivery worker).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{Channel, Level, TicketId};

/// The person behind an inbound update, as the platform reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// Stable platform user id (Telegram user id, Discord user snowflake).
    pub external_id: String,
    /// Where replies go (Telegram private chat id, Discord DM channel id).
    pub chat_id: String,
    pub display_name: String,
    /// Platform locale (`pt-BR`, `en-US`…) if the platform tells it.
    pub locale: Option<String>,
}

pub use super::attachment::Attachment;

/// What a user sent, already parsed by the channel adapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserInput {
    Text(String),
    /// A button press: the choice's `data` as the engine issued it.
    Choice(String),
    Command {
        name: String,
        args: String,
    },
    Attachment(Attachment),
    /// The user changed the text of a message they sent earlier (the
    /// inbound's `source` names it); the new text.
    Edited(String),
}

impl UserInput {
    /// What a person typed: a slash command, or else text as written.
    pub fn typed(text: &str) -> UserInput {
        match super::command::parse_command(text) {
            Some((name, args)) => UserInput::Command { name, args: args.to_string() },
            None => UserInput::Text(text.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    pub channel: Channel,
    /// Platform idempotency key (update id, message or interaction id).
    pub key: Option<String>,
    pub sender: Sender,
    pub input: UserInput,
    pub at: DateTime<Utc>,
    /// The platform reference of the message as written
    /// (`telegram:<chat>:<message>`, `discord:<channel>:<message>`), so a
    /// later edit or deletion of it reaches the copies escala posted.
    pub source: Option<String>,
}

/// Longest display name kept; platforms allow more, templates and topic
/// titles do not need it.
pub const MAX_NAME_CHARS: usize = 64;

/// Longest message reference kept (a platform prefix and two snowflakes).
pub const MAX_SOURCE_CHARS: usize = 80;

/// Cuts `text` to at most `max` characters.
fn bounded(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].to_string(),
        None => text,
    }
}

impl Inbound {
    /// What the platform sent, normalised (`text::normalize`) and with names
    /// bounded, so every backend stores the same thing (a NUL byte never
    /// reaches PostgreSQL) and a blank name still names someone.
    pub fn normalized(mut self) -> Inbound {
        use super::text::{is_blank, normalize};
        let sender = &mut self.sender;
        sender.external_id = normalize(&sender.external_id);
        sender.chat_id = normalize(&sender.chat_id);
        let name = bounded(normalize(&sender.display_name).replace(['\n', '\t'], " "), MAX_NAME_CHARS);
        sender.display_name =
            if is_blank(&name) { format!("user {}", sender.external_id) } else { name.trim().to_string() };
        sender.locale = sender.locale.take().map(|l| bounded(normalize(&l), 35));
        self.source = self.source.take().map(|s| bounded(normalize(&s), MAX_SOURCE_CHARS));
        self.input = match self.input {
            UserInput::Text(text) => UserInput::Text(normalize(&text)),
            UserInput::Choice(data) => UserInput::Choice(normalize(&data)),
            UserInput::Command { name, args } => UserInput::Command { name: normalize(&name), args: normalize(&args) },
            UserInput::Edited(text) => UserInput::Edited(normalize(&text)),
            UserInput::Attachment(mut file) => {
                file.kind = bounded(normalize(&file.kind), 100);
                file.name = file.name.map(|n| bounded(normalize(&n), 255));
                file.caption = file.caption.map(|c| normalize(&c));
                UserInput::Attachment(file)
            }
        };
        self
    }
}

/// A button offered to the user; `data` comes back as `UserInput::Choice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub data: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TextFormat {
    /// Written by people: adapters escape it completely.
    #[default]
    Plain,
    /// KB articles and bot templates: adapters render the markdown.
    Markdown,
}

/// Where an outbound message goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Destination {
    /// A user's private chat on their channel.
    User { chat_id: String },
    /// The staff topic/thread of a ticket at its current level.
    Staff { ticket: TicketId, level: Level },
    /// The staff alerts space (SLA breaches, dead letters).
    StaffAlerts,
}

impl Destination {
    /// The ordering key: messages to one key are delivered in order.
    pub fn key(&self) -> String {
        match self {
            Destination::User { chat_id } => format!("user:{chat_id}"),
            Destination::Staff { ticket, .. } => format!("staff:{}", ticket.0),
            Destination::StaffAlerts => "staff-alerts".to_string(),
        }
    }
}

/// What the staff side should do with a ticket's space besides posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadOp {
    /// Create the ticket's topic/thread (its first message is the context).
    Open {
        title: String,
    },
    /// The ticket moved level: adapters move or re-tag the thread.
    Move {
        title: String,
    },
    Close,
    Reopen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbound {
    pub channel: Channel,
    pub destination: Destination,
    pub text: String,
    #[serde(default)]
    pub format: TextFormat,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadOp>,
    /// A file the user sent, relayed after the text by the adapter that
    /// made its reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    /// The ticket a message to a user is about (a reply, a status notice),
    /// so a failure to deliver it can be told in the ticket's staff space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<TicketId>,
    /// It carries a person's words (an agent's reply to the user, a user's
    /// message to staff): if it cannot be delivered, the writer is told.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relay: bool,
    /// The message it copies (`Inbound::source`), so the delivery worker
    /// records the copies it posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Instead of posting: change or remove copies posted earlier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<CopyOp>,
}

/// What to do to the copies of a relayed message, by the platform
/// references the sender returned when it posted them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum CopyOp {
    /// Replace their text with the message's `text`; where a copy cannot be
    /// edited (too old, split in parts), the text is posted anew with an
    /// edited mark instead.
    Edit { refs: Vec<String> },
    /// Delete them; where that is refused, the message's `text` (a notice
    /// of the deletion) is posted instead.
    Delete { refs: Vec<String> },
}

/// How a copy posted anew in place of an edit begins.
pub const EDITED_MARK: &str = "✏️ ";
