//! Opt-in auto-assignment per level: a ticket that arrives at a level with
//! `[assignment.Ln]` goes to one of its agents who is not away, by round
//! robin or to the least loaded; the user is told who handles it, and if
//! the agent has not picked it up after `offer_after` it is offered to the
//! next. Agents leave the rotation with `/away` and come back with `/back`.

use crate::domain::sla::TimerKind;
use crate::domain::text::markdown_literal;
use crate::domain::{Level, Ticket, TicketEvent, TicketState};
use crate::store::Contact;

use super::i18n::t;
use super::turn::Turn;
use super::{Engine, EngineError};

/// How a level's agents share its tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignMode {
    /// Each in turn, in the configured order.
    RoundRobin,
    /// Whoever holds the fewest active tickets (ties: the configured order).
    LeastLoaded,
}

/// `[assignment.Ln]`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentPolicy {
    pub mode: AssignMode,
    /// Agents' names as they act (their display names).
    pub agents: Vec<String>,
    /// Offer a ticket its agent has not picked up to the next after this.
    pub offer_after_secs: Option<i64>,
}

/// The actor of automatic assignments in the ticket history.
const ACTOR: &str = "assignment";

impl Engine {
    /// The agent `policy` gives the next ticket of `level` to, leaving out
    /// `not` (the agent who let it sit) and whoever is away.
    async fn pick_agent(
        &self,
        turn: &mut Turn,
        level: Level,
        policy: &AssignmentPolicy,
        not: Option<&str>,
    ) -> Result<Option<String>, EngineError> {
        let away = turn.tx.away_agents().await?;
        let available: Vec<&String> =
            policy.agents.iter().filter(|a| !away.contains(a) && Some(a.as_str()) != not).collect();
        if available.is_empty() {
            return Ok(None);
        }
        let chosen = match policy.mode {
            AssignMode::RoundRobin => {
                let last = turn.tx.assignment_cursor(level).await?.or_else(|| not.map(str::to_string));
                let after = last.and_then(|l| policy.agents.iter().position(|a| *a == l));
                // The first available agent after the last one, wrapping.
                let order = policy.agents.len();
                let start = after.map_or(0, |i| i + 1);
                (0..order).map(|k| &policy.agents[(start + k) % order]).find(|a| available.contains(a)).cloned()
            }
            AssignMode::LeastLoaded => {
                let load = turn.tx.agent_load().await?;
                let held = |agent: &str| load.iter().find(|(a, _)| a == agent).map_or(0, |(_, n)| *n);
                available.iter().min_by_key(|a| held(a)).map(|a| (*a).clone())
            }
        };
        if let Some(agent) = &chosen {
            turn.tx.set_assignment_cursor(level, agent).await?;
        }
        Ok(chosen)
    }

    /// Gives a ticket that just arrived at its level (opened, escalated)
    /// to an agent, if the level assigns automatically and someone is there.
    pub(super) async fn auto_assign(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
        not: Option<&str>,
    ) -> Result<Option<Ticket>, EngineError> {
        let Some(policy) = self.settings.assignment.get(&ticket.level) else { return Ok(None) };
        if ticket.state != TicketState::Open && not.is_none() {
            return Ok(None);
        }
        let Some(agent) = self.pick_agent(turn, ticket.level, policy, not).await? else {
            if let Some(previous) = not {
                let text = t(self.settings.staff_lang, "staff-assign-nobody-else", &[("agent", previous.to_string())]);
                turn.send_staff(ticket, text, None);
            }
            return Ok(None);
        };
        let event = TicketEvent::Claimed { agent: agent.clone() };
        let assigned = ticket.apply(&event, turn.now)?;
        turn.save_ticket(ticket, &assigned, &event, ACTOR).await?;
        if let Some(secs) = policy.offer_after_secs {
            turn.tx
                .schedule_timer(ticket.id, TimerKind::OfferNext, crate::domain::sla::plus_secs(turn.now, secs))
                .await?;
        }
        let staff_lang = self.settings.staff_lang;
        let mode = t(staff_lang, &format!("staff-assign-mode-{}", policy.mode.as_str()), &[]);
        let text = match not {
            Some(previous) => t(
                staff_lang,
                "staff-assign-offered-next",
                &[("agent", agent.clone()), ("previous", previous.to_string()), ("mode", mode)],
            ),
            None => t(staff_lang, "staff-assign-automatic", &[("agent", agent.clone()), ("mode", mode)]),
        };
        turn.send_staff(&assigned, text, None);
        let signed = markdown_literal(&self.signature(&agent, ticket.lang));
        turn.say(contact, ticket.lang, "ticket-claimed", &[("ticket", ticket.id.to_string()), ("agent", signed)]);
        Ok(Some(assigned))
    }

    /// The `OfferNext` timer: the agent has not picked the ticket up.
    pub(super) async fn offer_next(
        &self,
        turn: &mut Turn,
        contact: &Contact,
        ticket: &Ticket,
    ) -> Result<(), EngineError> {
        let Some(current) = ticket.assignee.clone() else { return Ok(()) };
        self.auto_assign(turn, contact, ticket, Some(&current)).await?;
        Ok(())
    }

    /// `/away` or `/back` from an agent.
    pub(super) async fn set_away(&self, turn: &mut Turn, agent: &str, away: bool) -> Result<String, EngineError> {
        let changed = turn.tx.set_away(agent, away, turn.now).await?;
        let key = match (away, changed) {
            (true, true) => "staff-away",
            (true, false) => "staff-away-already",
            (false, true) => "staff-back",
            (false, false) => "staff-back-already",
        };
        Ok(t(self.settings.staff_lang, key, &[("agent", agent.to_string())]))
    }
}

impl AssignMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignMode::RoundRobin => "round-robin",
            AssignMode::LeastLoaded => "least-loaded",
        }
    }
}
