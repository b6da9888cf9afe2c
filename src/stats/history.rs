//! Each ticket's events of the window in order, read once from the stored
//! JSON, with the questions every section asks of them: who held the
//! ticket and at which level it was when something happened.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::{Level, TicketEvent, TicketId};
use crate::store::TicketEventStatRow;

/// One stored event, parsed.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub at: DateTime<Utc>,
    pub event: TicketEvent,
}

/// The window's events per ticket, oldest first, and each ticket's level and
/// assignee now (for tickets whose history started before the window).
#[derive(Debug, Default)]
pub(super) struct Histories {
    by_ticket: HashMap<TicketId, Vec<Entry>>,
    now: HashMap<TicketId, (Level, Option<String>)>,
}

impl Histories {
    /// Events whose payload no longer parses (written by a future version,
    /// or damaged) are left out rather than failing the whole report.
    pub fn read(rows: &[TicketEventStatRow]) -> Histories {
        let mut histories = Histories::default();
        for row in rows {
            histories.now.insert(row.ticket, (row.ticket_level, row.ticket_assignee.clone()));
            if let Ok(event) = serde_json::from_value::<TicketEvent>(row.payload.clone()) {
                histories.by_ticket.entry(row.ticket).or_default().push(Entry { at: row.at, event });
            }
        }
        histories
    }

    pub fn of(&self, ticket: TicketId) -> &[Entry] {
        self.by_ticket.get(&ticket).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn all(&self) -> impl Iterator<Item = (TicketId, &Entry)> {
        self.by_ticket.iter().flat_map(|(id, entries)| entries.iter().map(move |e| (*id, e)))
    }

    /// Who held the ticket at `at`, replaying the window's events as the
    /// ticket does (a claim takes it, a release or a level change frees
    /// it, the first reply on a free ticket takes it); when the window
    /// does not show (a ticket opened before it, untouched since), whoever
    /// holds it now.
    pub fn agent_at(&self, ticket: TicketId, at: DateTime<Utc>) -> Option<String> {
        // `None`: not known from the window; `Some(None)`: nobody.
        let mut held: Option<Option<String>> = None;
        for entry in self.of(ticket).iter().take_while(|e| e.at <= at) {
            match &entry.event {
                TicketEvent::Opened { .. }
                | TicketEvent::Unclaimed
                | TicketEvent::Escalated { .. }
                | TicketEvent::Deescalated { .. } => held = Some(None),
                TicketEvent::Claimed { agent } => held = Some(Some(agent.clone())),
                TicketEvent::AgentReplied { agent } if held == Some(None) => held = Some(Some(agent.clone())),
                _ => {}
            }
        }
        held.unwrap_or_else(|| self.now.get(&ticket).and_then(|(_, agent)| agent.clone()))
    }

    /// The ticket's level at `at`: the last level change before it, else
    /// the opening level, else the level now.
    pub fn level_at(&self, ticket: TicketId, at: DateTime<Utc>) -> Option<Level> {
        let mut level = None;
        for entry in self.of(ticket).iter().take_while(|e| e.at <= at) {
            match &entry.event {
                TicketEvent::Opened { level: l, .. } => level = Some(*l),
                TicketEvent::Escalated { to, .. } | TicketEvent::Deescalated { to } => level = Some(*to),
                _ => {}
            }
        }
        level.or_else(|| self.now.get(&ticket).map(|(level, _)| *level))
    }
}
