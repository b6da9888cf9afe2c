//! When the outbox gives up on a message (a platform refused it, or it
//! failed every attempt), nobody is left believing it arrived: the alerts
//! space hears of it, a ticket's staff space hears of a message its user
//! did not get (closed DMs, a blocked bot), the user hears of their words
//! that did not reach staff, and the ticket's history records it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::i18n::t;
use super::{handoff, retry, Engine, EngineError};
use crate::domain::{Destination, Outbound, TextFormat, ThreadOp, TicketId};
use crate::store::{Author, NewMessage};

/// The delivery side's port for messages it gave up on.
#[async_trait]
pub trait DeliveryFailures: Send + Sync {
    /// `message` will not be delivered; `error` says why.
    async fn dead_lettered(&self, message: &Outbound, error: &str, now: DateTime<Utc>);

    /// The ticket's staff space is gone: the message that opens a new one
    /// with the ticket's context (none if it cannot be written now).
    async fn space_lost(&self, _ticket: TicketId, _now: DateTime<Utc>) -> Option<Outbound> {
        None
    }
}

/// Nobody to tell (benchmarks, tests of the worker alone).
pub struct NoFailures;

#[async_trait]
impl DeliveryFailures for NoFailures {
    async fn dead_lettered(&self, _message: &Outbound, _error: &str, _now: DateTime<Utc>) {}
}

/// How much of the lost text the notices quote.
const QUOTED_CHARS: usize = 200;

fn quoted(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

impl Engine {
    /// Tells whoever must know that `message` was dead-lettered. The
    /// notices are ordinary outbox messages; one about a notice that failed
    /// in turn goes one step further (user → staff space → alerts) and
    /// stops there, as alerts are never reported.
    pub async fn report_dead_letter(
        &self,
        message: &Outbound,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), EngineError> {
        let mut turn = self.turn(self.store.begin().await?, now);
        let text = quoted(&message.text);
        let error = quoted(error);
        let ticket_id = match &message.destination {
            Destination::Staff { ticket, .. } => Some(*ticket),
            Destination::User { .. } => message.ticket,
            Destination::StaffAlerts => None,
        };
        let ticket = match ticket_id {
            Some(id) => turn.tx.ticket(id).await?,
            None => None,
        };
        let lang = self.settings.staff_lang;
        let place = match (&message.destination, &ticket) {
            (Destination::StaffAlerts, _) => return Ok(()),
            (Destination::User { .. }, Some(of)) => {
                t(lang, "staff-place-ticket-user", &[("ticket", of.id.to_string())])
            }
            (Destination::User { chat_id }, None) => t(lang, "staff-place-user-chat", &[("chat", chat_id.clone())]),
            (Destination::Staff { ticket, .. }, _) => {
                t(lang, "staff-place-staff-space", &[("ticket", ticket.to_string())])
            }
        };
        let alert = [
            ("channel", message.channel.to_string()),
            ("place", place),
            ("error", error.clone()),
            ("text", text.clone()),
        ];
        turn.send_alert(t(lang, "staff-not-delivered", &alert));
        if let Some(ticket) = ticket {
            let note = match message.destination {
                Destination::User { .. } => {
                    let key = if message.relay { "staff-reply-not-delivered" } else { "staff-message-not-delivered" };
                    let notice = t(lang, key, &[("error", error.clone()), ("text", text.clone())]);
                    turn.send_staff(&ticket, notice, None);
                    Some(t(lang, "staff-note-not-delivered", &[("error", error.clone()), ("text", text.clone())]))
                }
                Destination::Staff { .. } if message.relay => {
                    let contact =
                        turn.tx.contact(ticket.contact).await?.ok_or(EngineError::TicketNotFound(ticket.id))?;
                    turn.about(ticket.id);
                    turn.say(&contact, ticket.lang, "relay-failed", &[("ticket", ticket.id.to_string())]);
                    Some(t(lang, "staff-note-not-relayed", &[("error", error.clone()), ("text", text.clone())]))
                }
                _ => None,
            };
            if let Some(body) = note {
                let record = NewMessage {
                    conversation: None,
                    ticket: Some(ticket.id),
                    author: Author::Note,
                    author_name: "escala".into(),
                    body: format!("⚠ {body}"),
                    at: now,
                };
                turn.tx.append_message(&record).await?;
            }
        }
        turn.finish().await?;
        Ok(())
    }
}

#[async_trait]
impl DeliveryFailures for Engine {
    async fn dead_lettered(&self, message: &Outbound, error: &str, now: DateTime<Utc>) {
        let reported = retry::retrying("dead letter", || self.report_dead_letter(message, error, now)).await;
        if let Err(error) = reported {
            tracing::error!(%error, "the dead letter could not be reported; it stays in the outbox");
        }
    }

    async fn space_lost(&self, ticket: TicketId, _now: DateTime<Utc>) -> Option<Outbound> {
        let history = match self.store.ticket_history(ticket).await {
            Ok(Some(history)) => history,
            Ok(None) => return None,
            Err(error) => {
                tracing::error!(%error, %ticket, "the recap for a new staff space could not be read");
                return None;
            }
        };
        let lang = self.settings.staff_lang;
        let heading = t(lang, "staff-space-lost", &[]);
        let text = handoff::recap(&heading, &history.ticket, &history.contact, &history.messages, lang);
        let title = handoff::thread_title(&history.ticket, &history.contact.display_name);
        Some(Outbound {
            channel: self.settings.staff_channel,
            destination: Destination::Staff { ticket, level: history.ticket.level },
            text,
            format: TextFormat::Plain,
            choices: Vec::new(),
            thread: Some(ThreadOp::Open { title }),
            attachment: None,
            ticket: Some(ticket),
            relay: false,
            source: None,
            copies: None,
        })
    }
}
