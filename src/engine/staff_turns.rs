//! How a staff action enters the engine: one transaction per action (or per
//! staff-space message), a duplicate platform update recognised by its key,
//! and a retry when the store reports a conflict. What each action does is in
//! `staff`.

use chrono::{DateTime, Utc};

use crate::domain::{Channel, TicketId};

use super::turn::Turn;
use super::{Agent, Engine, EngineError, Outcome, StaffAction};

impl Engine {
    /// Applies one staff action in one transaction.
    pub async fn staff(
        &self,
        agent: &Agent,
        id: TicketId,
        action: StaffAction,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        self.staff_once(agent, id, action, None, None, now).await
    }

    /// Opens the turn of a staff update, recording its platform key first;
    /// `None` means the key was seen before and nothing may change.
    pub(super) async fn staff_turn(
        &self,
        key: Option<(Channel, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Option<Turn>, EngineError> {
        let mut tx = self.store.begin().await?;
        if let Some((channel, key)) = key {
            if !tx.record_inbound(channel, key, super::processed_now()).await? {
                return Ok(None);
            }
        }
        Ok(Some(self.turn(tx, now)))
    }

    /// One staff action in one transaction, run again a bounded number of
    /// times if it collided with a simultaneous change.
    pub(super) async fn staff_once(
        &self,
        agent: &Agent,
        id: TicketId,
        action: StaffAction,
        key: Option<(Channel, &str)>,
        source: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        super::retry::retrying("staff action", || self.staff_attempt(agent, id, action.clone(), key, source, now)).await
    }

    async fn staff_attempt(
        &self,
        agent: &Agent,
        id: TicketId,
        action: StaffAction,
        key: Option<(Channel, &str)>,
        source: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let lang = self.settings.staff_lang;
        let action = action.checked(self.settings.max_text_chars, lang)?;
        let agent = &agent.checked(lang)?;
        let Some(mut turn) = self.staff_turn(key, now).await? else {
            return Ok(Outcome { duplicate: true, ..Outcome::default() });
        };
        turn.handling_source(source.map(str::to_string));
        let ticket = turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        if !agent.levels.contains(&ticket.level) {
            return Err(EngineError::NoRole { agent: agent.display_name.clone(), level: ticket.level });
        }
        self.apply_staff(&mut turn, agent, ticket, action).await?;
        let sent = turn.finish().await?;
        Ok(Outcome { duplicate: false, ticket: Some(id), sent })
    }

    /// Handles what an agent typed in a ticket's staff space: a reply, a
    /// note or a command. Errors are for the agent, in the staff space.
    /// `escala tickets away|back --as NAME`: the agent leaves or rejoins
    /// auto-assignment. Returns what staff are told.
    pub async fn presence(&self, agent: &Agent, away: bool, now: DateTime<Utc>) -> Result<String, EngineError> {
        let checked = agent.checked(self.settings.staff_lang)?;
        let mut turn = self.turn(self.store.begin().await?, now);
        let text = self.set_away(&mut turn, &checked.display_name, away).await?;
        turn.finish().await?;
        Ok(text)
    }

    pub async fn staff_message(
        &self,
        agent: &Agent,
        id: TicketId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        self.staff_message_once(agent, id, text, None, now).await
    }

    /// As `staff_message`, recording the platform update `key` in the same
    /// transaction as its effects: a redelivered update changes nothing,
    /// even after a restart.
    pub async fn staff_message_once(
        &self,
        agent: &Agent,
        id: TicketId,
        text: &str,
        key: Option<(Channel, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        self.staff_message_from(agent, id, text, key, None, now).await
    }

    /// As `staff_message_once` for the platform message `source`, whose
    /// later edits and deletion then reach the copies relayed of it.
    pub async fn staff_message_from(
        &self,
        agent: &Agent,
        id: TicketId,
        text: &str,
        key: Option<(Channel, &str)>,
        source: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let staff_lang = self.settings.staff_lang;
        let command = super::parse_staff_command(text, &self.settings.note_prefix)
            .map_err(|e| EngineError::Invalid(e.message(staff_lang)))?;
        let text = match command {
            super::StaffCommand::Act(action) => {
                return self.staff_once(agent, id, action, key, source.as_deref(), now).await
            }
            super::StaffCommand::Presence { away } => {
                let checked = agent.checked(self.settings.staff_lang)?;
                let Some(mut turn) = self.staff_turn(key, now).await? else {
                    return Ok(Outcome { duplicate: true, ..Outcome::default() });
                };
                let ticket = turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
                let text = self.set_away(&mut turn, &checked.display_name, away).await?;
                turn.send_staff(&ticket, text, None);
                let sent = turn.finish().await?;
                return Ok(Outcome { duplicate: false, ticket: Some(id), sent });
            }
            super::StaffCommand::Help => super::staff_help(staff_lang),
            super::StaffCommand::Stats => {
                crate::stats::staff_summary(self.store.as_ref(), now, &self.settings.sla.calendar, staff_lang).await?
            }
            super::StaffCommand::Queue => {
                let ticket = self.store.ticket_history(id).await?.ok_or(EngineError::TicketNotFound(id))?.ticket;
                let filter = crate::store::TicketFilter {
                    level: Some(ticket.level),
                    by_due: true,
                    limit: Some(QUEUE_LINES),
                    ..Default::default()
                };
                let rows = self.store.queue(&filter).await?;
                let rows: Vec<_> = rows.into_iter().filter(|r| r.ticket.state.is_active()).collect();
                let heading = super::i18n::t(staff_lang, "staff-queue", &[("level", ticket.level.to_string())]);
                queue_text(staff_lang, heading, &rows)
            }
            super::StaffCommand::Find { text } => {
                let filter = crate::store::TicketFilter {
                    text: Some(text.clone()),
                    include_closed: true,
                    limit: Some(QUEUE_LINES),
                    ..Default::default()
                };
                let rows = self.store.queue(&filter).await?;
                let heading = super::i18n::t(staff_lang, "staff-found", &[("text", text.chars().take(80).collect())]);
                queue_text(staff_lang, heading, &rows)
            }
            super::StaffCommand::Transcript => {
                let history = self.store.ticket_history(id).await?.ok_or(EngineError::TicketNotFound(id))?;
                super::transcript::render_history_in(&history, true, staff_lang)
            }
        };
        let Some(mut turn) = self.staff_turn(key, now).await? else {
            return Ok(Outcome { duplicate: true, ..Outcome::default() });
        };
        let ticket = turn.tx.ticket(id).await?.ok_or(EngineError::TicketNotFound(id))?;
        turn.send_staff(&ticket, text, None);
        let sent = turn.finish().await?;
        Ok(Outcome { duplicate: false, ticket: Some(id), sent })
    }
}

/// Lines a `/queue` or `/find` answer lists at most.
const QUEUE_LINES: i64 = 20;

/// One line per ticket: number, level, priority, state, holder, due, subject.
fn queue_text(lang: crate::domain::Lang, heading: String, rows: &[crate::store::QueueRow]) -> String {
    let mut text = heading;
    if rows.is_empty() {
        text.push_str(&format!("\n- {}", super::i18n::t(lang, "staff-suggested-none", &[])));
    }
    for row in rows {
        let t = &row.ticket;
        let due = row.next_due.map_or("–".to_string(), |d| d.format("%m-%d %H:%M UTC").to_string());
        let subject: String = t.subject.chars().take(60).collect();
        let args = [
            ("ticket", t.id.to_string()),
            ("level", t.level.to_string()),
            ("priority", t.priority.to_string()),
            ("state", t.state.to_string()),
            ("assignee", t.assignee.clone().unwrap_or_else(|| "–".to_string())),
            ("due", due),
            ("subject", subject),
        ];
        text.push('\n');
        text.push_str(&super::i18n::t(lang, "staff-queue-line", &args));
    }
    text
}
