//! `escala stats --by level|priority|channel|language|agent`: the same
//! report for each slice of the window's rows.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::sla::Calendar;
use crate::domain::{Level, Ticket, TicketId};
use crate::store::StatsInput;

use super::report::{compute, Report};
use super::workload::UNASSIGNED;

/// What to slice the report by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// The ticket's current level; bot conversations are the L0 slice.
    Level,
    /// The ticket's current priority; bot conversations are the bot slice.
    Priority,
    Channel,
    Language,
    /// The ticket's assignee (`unassigned` if none); bot conversations are
    /// the `bot` slice.
    Agent,
}

impl std::str::FromStr for Dimension {
    type Err = crate::domain::ids::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "level" => Ok(Dimension::Level),
            "priority" => Ok(Dimension::Priority),
            "channel" => Ok(Dimension::Channel),
            "language" => Ok(Dimension::Language),
            "agent" => Ok(Dimension::Agent),
            _ => {
                Err(crate::domain::ids::ParseError::new("dimension", s, "level, priority, channel, language or agent"))
            }
        }
    }
}

/// Where conversations handled by the bot alone land when slicing by a
/// property only tickets have.
const BOT: &str = "bot";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub report: Report,
}

fn ticket_key(ticket: &Ticket, by: Dimension) -> String {
    match by {
        Dimension::Level => ticket.level.to_string(),
        Dimension::Priority => ticket.priority.to_string(),
        Dimension::Channel => ticket.channel.to_string(),
        Dimension::Language => ticket.lang.to_string(),
        Dimension::Agent => ticket.assignee.clone().unwrap_or_else(|| UNASSIGNED.to_string()),
    }
}

/// One report per key, keys in alphabetical order.
pub fn breakdown(
    input: &StatsInput,
    by: Dimension,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    calendar: &Calendar,
) -> Vec<Group> {
    let mut slices: BTreeMap<String, StatsInput> = BTreeMap::new();
    let mut key_of: HashMap<TicketId, String> = HashMap::new();
    for ticket in &input.tickets {
        let key = ticket_key(ticket, by);
        key_of.insert(ticket.id, key.clone());
        slices.entry(key).or_default().tickets.push(ticket.clone());
    }
    for event in &input.events {
        if let Some(key) = key_of.get(&event.ticket) {
            slices.entry(key.clone()).or_default().events.push(event.clone());
        }
    }
    for clock in &input.sla_clocks {
        if let Some(key) = key_of.get(&clock.ticket) {
            slices.entry(key.clone()).or_default().sla_clocks.push(clock.clone());
        }
    }
    for conversation in &input.conversations {
        let key = match by {
            Dimension::Level => Level::L0.to_string(),
            Dimension::Channel => conversation.channel.to_string(),
            Dimension::Language => conversation.lang.to_string(),
            Dimension::Agent | Dimension::Priority => BOT.to_string(),
        };
        slices.entry(key).or_default().conversations.push(conversation.clone());
    }
    // Logged queries and shown articles carry no channel, so a channel
    // slice has none; articles go with the question's language.
    for query in &input.queries {
        let key = match by {
            Dimension::Level => Level::L0.to_string(),
            Dimension::Language => query.lang.to_string(),
            Dimension::Agent | Dimension::Priority => BOT.to_string(),
            Dimension::Channel => continue,
        };
        slices.entry(key).or_default().queries.push(query.clone());
    }
    for view in &input.views {
        let key = match by {
            Dimension::Level => Level::L0.to_string(),
            Dimension::Language => view.asked_lang.unwrap_or(view.lang).to_string(),
            Dimension::Agent | Dimension::Priority => BOT.to_string(),
            Dimension::Channel => continue,
        };
        slices.entry(key).or_default().views.push(view.clone());
    }
    // Open tickets now: per assignee or per level.
    for row in &input.open_load {
        let key = match by {
            Dimension::Agent => row.agent.clone().unwrap_or_else(|| UNASSIGNED.to_string()),
            Dimension::Level => row.level.to_string(),
            _ => continue,
        };
        slices.entry(key).or_default().open_load.push(row.clone());
    }
    slices.into_iter().map(|(key, slice)| Group { key, report: compute(&slice, since, until, calendar) }).collect()
}
