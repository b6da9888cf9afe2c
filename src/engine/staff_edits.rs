//! Someone changed or removed a message escala relayed. An agent's edited
//! reply changes the user's copy (or follows it, marked edited, where the
//! copy cannot change), an edited note stays in the staff space; a deleted
//! reply is withdrawn from the user and a user's deleted message leaves
//! the staff space. Anything escala never relayed (a command, a message
//! from before relays were kept) is left.

use chrono::{DateTime, Utc};

use super::i18n::t;
use super::staff_command::{parse_staff_command, StaffCommand};
use super::{Agent, Engine, EngineError, Outcome, StaffAction};
use crate::domain::{Channel, TextFormat, EDITED_MARK};
use crate::store::{Author, RelayKind};

impl Engine {
    /// `agent` edited the staff-space message `source` to `text`; `key`
    /// makes a redelivered edit change nothing.
    pub async fn staff_edited(
        &self,
        agent: &Agent,
        source: &str,
        text: &str,
        key: Option<(Channel, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let agent = agent.checked(self.settings.staff_lang)?;
        super::retry::retrying("staff edit", || self.staff_edit_attempt(&agent, source, text, key, now)).await
    }

    async fn staff_edit_attempt(
        &self,
        agent: &Agent,
        source: &str,
        text: &str,
        key: Option<(Channel, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        let Some(mut turn) = self.staff_turn(key, now).await? else {
            return Ok(Outcome { duplicate: true, ..Outcome::default() });
        };
        let Some(relayed) = turn.tx.relayed(source).await? else {
            turn.finish().await?;
            return Ok(Outcome::default());
        };
        let ticket = turn.tx.ticket(relayed.ticket).await?.ok_or(EngineError::TicketNotFound(relayed.ticket))?;
        if !agent.levels.contains(&ticket.level) {
            return Err(EngineError::NoRole { agent: agent.display_name.clone(), level: ticket.level });
        }
        let name = agent.display_name.clone();
        let staff_lang = self.settings.staff_lang;
        match relayed.kind {
            RelayKind::Reply | RelayKind::AnonymousReply => {
                // Only the words of a reply change; an edit that made it a
                // command or a note cannot take back what the user read.
                let new = match parse_staff_command(text, &self.settings.note_prefix) {
                    Ok(StaffCommand::Act(StaffAction::Reply { text }))
                    | Ok(StaffCommand::Act(StaffAction::AnonymousReply { text })) => text,
                    _ => return Err(EngineError::Invalid(t(staff_lang, "staff-edit-not-a-reply", &[]))),
                };
                let new = super::staff_action::checked_reply(staff_lang, &new, self.settings.max_text_chars)?;
                let signer = match relayed.kind {
                    RelayKind::AnonymousReply => super::i18n::t(ticket.lang, "support-team", &[]),
                    _ => self.signature(&name, ticket.lang),
                };
                let signed = format!("{signer}: {new}");
                turn.about(ticket.id);
                if relayed.copies.is_empty() {
                    let contact =
                        turn.tx.contact(ticket.contact).await?.ok_or(EngineError::TicketNotFound(ticket.id))?;
                    turn.relay_to_user(&contact, format!("{EDITED_MARK}{signed}"), TextFormat::Plain);
                } else {
                    turn.change_copies(&relayed.copies, true, signed, ticket.id);
                }
                turn.log_to_ticket(ticket.id, Author::Agent, &name, &format!("{EDITED_MARK}(edited) {new}")).await?;
            }
            RelayKind::Note => {
                let new = text.trim().strip_prefix(self.settings.note_prefix.as_str()).unwrap_or(text).trim();
                let new = super::staff_action::checked_reply(staff_lang, new, self.settings.max_text_chars)?;
                turn.log_to_ticket(ticket.id, Author::Note, &name, &format!("{EDITED_MARK}(edited) {new}")).await?;
                let notice = t(staff_lang, "staff-note-edited", &[("agent", name), ("text", new)]);
                turn.send_staff(&ticket, notice, None);
            }
            RelayKind::User => {}
        }
        let sent = turn.finish().await?;
        Ok(Outcome { duplicate: false, ticket: Some(ticket.id), sent })
    }

    /// The platform message `source` was deleted (platforms do not say by
    /// whom): a deleted reply is withdrawn from the user (or the user is
    /// told it was, where the copy cannot go), a user's deleted message
    /// leaves the staff space, with a notice where it cannot; the history
    /// keeps the original either way.
    pub async fn message_deleted(
        &self,
        source: &str,
        key: Option<(Channel, &str)>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, EngineError> {
        super::retry::retrying("staff delete", || async move {
            let Some(mut turn) = self.staff_turn(key, now).await? else {
                return Ok(Outcome { duplicate: true, ..Outcome::default() });
            };
            let Some(relayed) = turn.tx.relayed(source).await? else {
                turn.finish().await?;
                return Ok(Outcome::default());
            };
            let ticket = turn.tx.ticket(relayed.ticket).await?.ok_or(EngineError::TicketNotFound(relayed.ticket))?;
            let staff_lang = self.settings.staff_lang;
            let what = match relayed.kind {
                RelayKind::Reply | RelayKind::AnonymousReply => {
                    if !relayed.copies.is_empty() {
                        let notice = super::i18n::t(ticket.lang, "reply-withdrawn", &[]);
                        turn.change_copies(&relayed.copies, false, notice, ticket.id);
                        turn.send_staff(&ticket, t(staff_lang, "staff-reply-deleted", &[]), None);
                    }
                    "a reply was deleted in the staff space"
                }
                RelayKind::Note => "a note was deleted in the staff space",
                RelayKind::User => {
                    let notice = t(staff_lang, "staff-user-deleted", &[]);
                    if relayed.copies.is_empty() {
                        turn.send_staff(&ticket, notice, None);
                    } else {
                        turn.change_copies(&relayed.copies, false, notice, ticket.id);
                    }
                    "the user deleted a message"
                }
            };
            turn.log_to_ticket(ticket.id, Author::Note, "escala", &format!("🗑 {what}")).await?;
            let sent = turn.finish().await?;
            Ok(Outcome { duplicate: false, ticket: Some(ticket.id), sent })
        })
        .await
    }
}
