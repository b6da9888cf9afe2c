//! Agent workload: open tickets per agent and level now, and per agent in
//! the window the replies sent, the resolutions made and the time to the
//! first reply on the tickets they answered first.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::{Level, Ticket, TicketEvent};
use crate::store::OpenLoadRow;

use super::figures::Durations;
use super::history::Histories;

/// Where tickets nobody holds are counted.
pub const UNASSIGNED: &str = "unassigned";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentWorkload {
    pub agent: String,
    /// Replies sent to users in the window, on any ticket.
    pub replies: u64,
    /// Resolutions in the window of tickets the agent held then.
    pub resolutions: u64,
    /// Opened → first reply (wall time), over the window's new tickets whose
    /// first reply was this agent's.
    pub first_response: Durations,
    /// Tickets held now and not resolved or closed, per level.
    pub open: Vec<LevelCount>,
    pub open_total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelCount {
    pub level: Level,
    pub count: u64,
}

#[derive(Default)]
struct Tally {
    replies: u64,
    resolutions: u64,
    first_responses: Vec<i64>,
    open: BTreeMap<Level, u64>,
}

pub(super) fn workload(tickets: &[Ticket], histories: &Histories, open_load: &[OpenLoadRow]) -> Vec<AgentWorkload> {
    let mut agents: BTreeMap<String, Tally> = BTreeMap::new();
    for (ticket, entry) in histories.all() {
        match &entry.event {
            TicketEvent::AgentReplied { agent } => agents.entry(agent.clone()).or_default().replies += 1,
            TicketEvent::Resolved { .. } => {
                let agent = histories.agent_at(ticket, entry.at).unwrap_or_else(|| UNASSIGNED.to_string());
                agents.entry(agent).or_default().resolutions += 1;
            }
            _ => {}
        }
    }
    for ticket in tickets {
        let Some(answered) = ticket.first_response_at else { continue };
        let first = histories.of(ticket.id).iter().find_map(|e| match &e.event {
            TicketEvent::AgentReplied { agent } => Some(agent.clone()),
            _ => None,
        });
        if let Some(agent) = first {
            agents.entry(agent).or_default().first_responses.push((answered - ticket.created_at).num_seconds().max(0));
        }
    }
    for row in open_load {
        let agent = row.agent.clone().unwrap_or_else(|| UNASSIGNED.to_string());
        *agents.entry(agent).or_default().open.entry(row.level).or_default() += row.count.max(0) as u64;
    }
    agents
        .into_iter()
        .map(|(agent, tally)| AgentWorkload {
            agent,
            replies: tally.replies,
            resolutions: tally.resolutions,
            first_response: Durations::of(&tally.first_responses),
            open_total: tally.open.values().sum(),
            open: tally.open.into_iter().map(|(level, count)| LevelCount { level, count }).collect(),
        })
        .collect()
}
