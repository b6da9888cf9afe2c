//! Plain row types read from and written to the store.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    ArticleFate, Channel, ContactId, ConversationId, Destination, Lang, Level, Outbound, Priority, QueryOutcome,
    Ticket, TicketId, TicketState,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub channel: Channel,
    pub external_id: String,
    pub chat_id: String,
    pub display_name: String,
    pub lang: Option<Lang>,
    /// The engine's dialogue state, serialised; opaque to the store.
    pub dialogue: String,
    pub blocked: bool,
}

#[derive(Debug, Clone)]
pub struct NewContact {
    pub channel: Channel,
    pub external_id: String,
    pub chat_id: String,
    pub display_name: String,
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    User,
    Bot,
    Agent,
    Note,
}

impl Author {
    pub fn as_str(self) -> &'static str {
        match self {
            Author::User => "user",
            Author::Bot => "bot",
            Author::Agent => "agent",
            Author::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Author {
        match s {
            "user" => Author::User,
            "agent" => Author::Agent,
            "note" => Author::Note,
            _ => Author::Bot,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub conversation: Option<ConversationId>,
    pub ticket: Option<TicketId>,
    pub author: Author,
    pub author_name: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageRow {
    pub author: Author,
    pub author_name: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub contact: ContactId,
    pub conversation: Option<ConversationId>,
    pub channel: Channel,
    pub lang: Lang,
    pub level: Level,
    pub priority: Priority,
    pub subject: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub state: Option<TicketState>,
    pub level: Option<Level>,
    pub include_closed: bool,
    pub limit: Option<i64>,
    /// Only tickets with this tag.
    pub tag: Option<String>,
    /// Only tickets this agent holds.
    pub assignee: Option<String>,
    /// Only tickets nobody holds.
    pub unassigned: bool,
    /// Only this user's tickets: their channel and platform id.
    pub user: Option<(crate::domain::Channel, String)>,
    /// Only tickets whose subject or messages hold all these words (the
    /// store's own full-text search).
    pub text: Option<String>,
    /// Only tickets with a current SLA clock warned or breached.
    pub breaching: bool,
    /// Soonest SLA due time first (tickets without a running clock last),
    /// instead of newest first.
    pub by_due: bool,
}

/// A ticket of a queue, with its soonest SLA due time (none: no clock runs).
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub ticket: Ticket,
    pub next_due: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketHistory {
    pub ticket: Ticket,
    pub contact: Contact,
    pub events: Vec<EventRow>,
    /// The bot conversation before the ticket, then the ticket's messages.
    pub messages: Vec<MessageRow>,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// Its callbacks, oldest first, numbers whole: a history is for staff.
    pub callbacks: Vec<crate::domain::callback::Callback>,
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub message: Outbound,
    pub attempts: i64,
}

#[derive(Debug, Clone)]
pub struct NewLoggedQuery {
    pub contact: ContactId,
    pub conversation: Option<ConversationId>,
    pub text: String,
    pub lang: Lang,
    pub best_article: Option<String>,
    pub confidence: f32,
    pub outcome: QueryOutcome,
    pub at: DateTime<Utc>,
}

/// Everything stored about one user, for `escala users export`.
#[derive(Debug, Clone, Serialize)]
pub struct UserData {
    pub contact: Contact,
    pub conversations: Vec<ConversationData>,
    pub tickets: Vec<TicketData>,
    /// The questions they asked the knowledge base.
    pub queries: Vec<QueryData>,
    /// The incidents they asked to hear about.
    pub incident_subscriptions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConversationData {
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    /// The bot conversation (a ticket's messages are under the ticket).
    pub messages: Vec<MessageRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketData {
    pub ticket: Ticket,
    pub events: Vec<EventRow>,
    pub messages: Vec<MessageRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryData {
    pub text: String,
    pub lang: String,
    pub at: DateTime<Utc>,
}

/// What erasing a user changed (or, in a dry run, would change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ForgetReport {
    pub messages: u64,
    pub tickets: u64,
    pub events: u64,
    pub queries: u64,
    pub outbox_rows: u64,
    pub relays: u64,
    pub subscriptions: u64,
    pub audit_rows: u64,
}

/// A staff or admin action for the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit {
    /// Who: an agent's platform id (`telegram:42`) or `cli:<name>`.
    pub actor: String,
    /// Where it was done: `cli`, `telegram`, `discord`.
    pub channel: String,
    /// What, as `noun.verb`: `user.block`, `incident.open`, `doctor.run`…
    pub action: String,
    /// The action's details.
    pub payload: serde_json::Value,
    pub at: DateTime<Utc>,
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub channel: String,
    pub action: String,
    pub payload: serde_json::Value,
}

/// Which audit rows to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub since: Option<DateTime<Utc>>,
    pub actor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoggedQueryRow {
    pub text: String,
    pub lang: Lang,
    pub best_article: Option<String>,
    pub confidence: f32,
    /// What the bot did with the question.
    pub outcome: QueryOutcome,
    /// What the user said about the article it led to, if anything.
    pub fate: Option<ArticleFate>,
    /// The resolved ticket the question's conversation became, if any: a
    /// source for a draft article (`escala kb draft`).
    pub resolved_ticket: Option<TicketId>,
    pub at: DateTime<Utc>,
}

/// An article the user was shown (as the answer, a picked suggestion or by
/// an agent with `/kb`).
#[derive(Debug, Clone)]
pub struct NewArticleView {
    pub contact: ContactId,
    /// The conversation it was shown in; the view belongs to that
    /// conversation's latest question.
    pub conversation: Option<ConversationId>,
    pub article: String,
    /// The language of the article shown.
    pub lang: Lang,
    pub at: DateTime<Utc>,
}

/// A shown article and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleViewRow {
    pub article: String,
    pub lang: Lang,
    /// The question it answered and that question's language, when it
    /// answered one.
    pub question: Option<String>,
    pub asked_lang: Option<Lang>,
    pub shown_at: DateTime<Utc>,
    pub fate: Option<ArticleFate>,
    /// The ticket its conversation became, if it did.
    pub ticket: Option<TicketId>,
}

/// Where a platform may hold messages written while escala was down: an
/// open conversation's user, or an open ticket's staff space, with the
/// time of the last message stored there.
#[derive(Debug, Clone, PartialEq)]
pub enum CatchUpPoint {
    /// A user with an open conversation or ticket (their platform id).
    User { external_id: String, last_seen: DateTime<Utc> },
    /// An open ticket's staff thread or topic.
    StaffThread { thread_ref: String, last_seen: DateTime<Utc> },
}

/// A due reminder or auto-close timer of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerRow {
    pub id: i64,
    pub ticket: TicketId,
    pub kind: crate::domain::sla::TimerKind,
    pub due_at: DateTime<Utc>,
}

/// Which alert of an SLA clock was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaAlert {
    Warned,
    Breached,
}

impl SlaAlert {
    /// The column that records it.
    pub(crate) fn column(self) -> &'static str {
        match self {
            SlaAlert::Warned => "warned_at",
            SlaAlert::Breached => "breached_at",
        }
    }
}

/// What a relayed message was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayKind {
    /// A user's message, copied into the ticket's staff space.
    User,
    /// An agent's reply, copied to the user.
    Reply,
    /// An agent's reply signed "Support team": an edit keeps it unsigned.
    AnonymousReply,
    /// An agent's internal note: never copied to the user, edits included.
    Note,
}

impl RelayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelayKind::User => "user",
            RelayKind::Reply => "reply",
            RelayKind::AnonymousReply => "anonymous_reply",
            RelayKind::Note => "note",
        }
    }
}

impl std::str::FromStr for RelayKind {
    type Err = crate::domain::ids::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "user" => Ok(RelayKind::User),
            "reply" => Ok(RelayKind::Reply),
            "anonymous_reply" => Ok(RelayKind::AnonymousReply),
            "note" => Ok(RelayKind::Note),
            _ => Err(crate::domain::ids::ParseError::new("relay kind", s, "user, reply, anonymous_reply or note")),
        }
    }
}

/// A relayed message and the copies posted of it so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Relayed {
    pub ticket: TicketId,
    pub kind: RelayKind,
    pub copies: Vec<RelayCopy>,
}

/// One copy the bot posted: where, and its platform reference.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayCopy {
    pub channel: Channel,
    pub destination: Destination,
    pub copy_ref: String,
}
