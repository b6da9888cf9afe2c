//! Plain rows read for the support metrics: what `escala stats` computes
//! its report from, and the counts the Prometheus gauges show.

use chrono::{DateTime, Utc};

use crate::domain::sla::ClockKind;
use crate::domain::{Channel, ConversationEnd, ConversationId, Lang, Level, Priority, Ticket, TicketId, TicketState};

use super::{ArticleViewRow, LoggedQueryRow};

/// Everything a stats report over a window needs, read in one snapshot.
#[derive(Debug, Clone, Default)]
pub struct StatsInput {
    /// Conversations started in the window.
    pub conversations: Vec<ConversationStatRow>,
    /// Tickets opened in the window (the report's ticket cohort).
    pub tickets: Vec<Ticket>,
    /// Ticket events that happened in the window, of any ticket, oldest first.
    pub events: Vec<TicketEventStatRow>,
    /// KB queries logged in the window.
    pub queries: Vec<LoggedQueryRow>,
    /// SLA clocks of the tickets opened in the window, every level's.
    pub sla_clocks: Vec<SlaClockStatRow>,
    /// Articles shown in the window, with what became of each.
    pub views: Vec<ArticleViewRow>,
    /// Tickets open now (not resolved or closed), per assignee and level:
    /// the workload as it stands when the report is read.
    pub open_load: Vec<OpenLoadRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationStatRow {
    pub id: ConversationId,
    /// The channel of the contact who started it.
    pub channel: Channel,
    pub lang: Lang,
    pub started_at: DateTime<Utc>,
    /// How it ended; none while it is still going.
    pub outcome: Option<ConversationEnd>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TicketEventStatRow {
    pub ticket: TicketId,
    pub at: DateTime<Utc>,
    /// Who did it (`console:Marta`, `telegram:42`, `user`, `sla`…).
    pub actor: String,
    /// The ticket's level and assignee now, for events of tickets opened
    /// before the window, whose earlier history the window does not hold.
    pub ticket_level: Level,
    pub ticket_assignee: Option<String>,
    pub kind: String,
    /// The stored event, as JSON (a serialised `TicketEvent`).
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlaClockStatRow {
    pub ticket: TicketId,
    pub clock: ClockKind,
    pub level: Level,
    pub priority: Priority,
    pub target_secs: i64,
    pub breached_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    /// The ticket left the clock's level before it was met or breached.
    pub handed_over_at: Option<DateTime<Utc>>,
}

/// How many open tickets an agent (or nobody) holds at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLoadRow {
    /// The assignee's name; `None` for tickets nobody claimed.
    pub agent: Option<String>,
    pub level: Level,
    pub count: i64,
}

/// Current totals for the Prometheus gauges, cheap to read at every scrape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GaugeCounts {
    pub tickets: Vec<(Level, TicketState, i64)>,
    /// Breached SLA clocks per clock and the level each clock ran at; a
    /// breach stays counted after the ticket moves on.
    pub sla_breaches: Vec<(ClockKind, Level, i64)>,
    /// Open tickets per assignee and level.
    pub open_load: Vec<OpenLoadRow>,
}
