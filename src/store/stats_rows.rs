//! Plain rows read for the support metrics: what `escala stats` computes
//! its report from, and the counts the Prometheus gauges show.

use chrono::{DateTime, Utc};

use crate::domain::{Channel, ConversationId, Lang, Level, Priority, Ticket, TicketId, TicketState};

use super::LoggedQueryRow;

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
    /// SLA clocks of the tickets opened in the window.
    pub sla_clocks: Vec<SlaClockStatRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationStatRow {
    pub id: ConversationId,
    /// The channel of the contact who started it.
    pub channel: Channel,
    pub lang: Lang,
    pub started_at: DateTime<Utc>,
    /// `deflected`, `ticket`, `abandoned`, or none while it is still going.
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TicketEventStatRow {
    pub ticket: TicketId,
    pub at: DateTime<Utc>,
    pub kind: String,
    /// The stored event, as JSON (a serialised `TicketEvent`).
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlaClockStatRow {
    pub ticket: TicketId,
    /// `first_response` or `resolution`.
    pub clock: String,
    pub level: Level,
    pub priority: Priority,
    pub target_secs: i64,
    pub breached_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
}

/// Current totals for the Prometheus gauges, cheap to read at every scrape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GaugeCounts {
    pub tickets: Vec<(Level, TicketState, i64)>,
    /// Breached SLA clocks per clock name.
    pub sla_breaches: Vec<(String, i64)>,
}
