//! The outbox worker: sends due outbox rows through a channel's sender and
//! marks them sent, keeping order per destination and retrying failures
//! with exponential backoff. It is also where a platform's answer is
//! written back: the topic or thread a sender opened for a ticket is
//! recorded here, through the store, so the adapters never touch it.

pub mod files;
pub mod pacing;
mod roles;
pub mod split;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::{Channel, Destination, Outbound};
use crate::engine::{Counters, DeliveryError, DeliveryFailures, NoCounters, NoFailures};
use crate::store::{OutboxRow, Store, StoreResult};

pub use roles::{lead, lost};

/// What sending one message can end in.
#[derive(Debug, Clone, PartialEq)]
pub enum SendResult {
    Sent,
    /// Not this consumer's message (another console user, say): leave it.
    NotMine,
    /// Try again after the given delay (outage, network trouble); counts
    /// towards dead-lettering.
    Retry {
        after: Duration,
        error: String,
    },
    /// The platform asked us to slow down (`429 retry_after`): try again
    /// then. Not a failure of the message, so it never dead-letters it.
    RateLimited {
        after: Duration,
        error: String,
    },
    /// The platform refused it for good.
    Failed {
        error: String,
    },
    /// Our own pacing says this destination must wait (a busy staff
    /// group): the worker moves on to other destinations and comes back
    /// then. Neither a failure nor the platform's refusal.
    Paced {
        after: Duration,
    },
    /// The ticket's staff space is gone (someone deleted the topic or the
    /// post): the worker opens a new one with a recap, then sends again.
    SpaceGone {
        error: String,
    },
}

/// Where a message lands, between the worker and the sender. For a staff
/// message, the ticket's platform space: the one the store knows (`known`,
/// adapter-defined, e.g. `"<chat_id>:<thread_id>"`) and the one the sender
/// had to open (`opened`), which the worker records whatever the rest of
/// the send came to. For any message, the platform references of the
/// messages the sender posted (`posted`), which the worker records as the
/// copies of a relayed message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub known: Option<String>,
    pub opened: Option<String>,
    pub posted: Vec<String>,
}

/// Sends outbox messages to one platform.
#[async_trait]
pub trait Sender: Send {
    /// `space` is the ticket's staff space for `Destination::Staff`
    /// messages (empty for the others).
    async fn send(&mut self, message: &Outbound, space: &mut Placement) -> SendResult;
}

/// Attempts before a message is dead-lettered.
pub const MAX_ATTEMPTS: i64 = 8;

/// Delay before attempt `attempts + 1`: 1 s doubling, capped at 5 minutes.
pub fn backoff(attempts: i64) -> Duration {
    Duration::from_secs(1u64 << attempts.clamp(0, 8)).min(Duration::from_secs(300))
}

/// The delivery side's ports: the store the rows come from and go back to,
/// what counts the sends, and who is told of a message given up on.
#[derive(Clone)]
pub struct Outbox {
    store: Arc<dyn Store>,
    counters: Arc<dyn Counters>,
    failures: Arc<dyn DeliveryFailures>,
}

impl Outbox {
    pub fn new(store: Arc<dyn Store>) -> Outbox {
        Outbox { store, counters: Arc::new(NoCounters), failures: Arc::new(NoFailures) }
    }

    pub fn with_counters(mut self, counters: Arc<dyn Counters>) -> Outbox {
        self.counters = counters;
        self
    }

    /// Who hears of dead letters (the engine, in the bot).
    pub fn with_failures(mut self, failures: Arc<dyn DeliveryFailures>) -> Outbox {
        self.failures = failures;
        self
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// Sends every due row of `channel` once; returns how many were sent.
    pub async fn drain_once(
        &self,
        channel: Channel,
        sender: &mut dyn Sender,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        self.drain_until(channel, sender, now, &CancellationToken::new()).await
    }

    /// As `drain_once`, stopping between rows once `stop` is cancelled. A
    /// row being sent is finished and recorded first: stopping in the
    /// middle would leave a delivered message unmarked, sent again at the
    /// next start.
    async fn drain_until(
        &self,
        channel: Channel,
        sender: &mut dyn Sender,
        now: DateTime<Utc>,
        stop: &CancellationToken,
    ) -> StoreResult<usize> {
        let mut sent = 0;
        loop {
            let rows = self.store.due_outbox(channel, now, 100).await?;
            let mut progressed = false;
            for row in rows {
                if stop.is_cancelled() {
                    return Ok(sent);
                }
                if self.send_one(channel, sender, &row, now).await? {
                    sent += 1;
                    progressed = true;
                }
            }
            // A sent row may uncover the next row of its destination.
            if !progressed {
                return Ok(sent);
            }
        }
    }

    /// Sends one row and records what came of it; `true` if it was sent.
    async fn send_one(
        &self,
        channel: Channel,
        sender: &mut dyn Sender,
        row: &OutboxRow,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let ticket = match row.message.destination {
            Destination::Staff { ticket, .. } => Some(ticket),
            _ => None,
        };
        let mut space = Placement::default();
        if let Some(ticket) = ticket {
            space.known = self.store.staff_thread(ticket, channel).await?;
        }
        let mut result = sender.send(&row.message, &mut space).await;
        if let (SendResult::SpaceGone { error }, Some(ticket)) = (&result, ticket) {
            tracing::warn!(%ticket, %error, "the ticket's staff space is gone; opening a new one");
            let (reopened, fresh) = self.reopen_space(channel, sender, ticket).await?;
            result = match reopened {
                SendResult::Sent => {
                    space = Placement { known: fresh, ..Placement::default() };
                    sender.send(&row.message, &mut space).await
                }
                other => other,
            };
        }
        if let (Some(ticket), Some(opened)) = (ticket, &space.opened) {
            self.store.set_staff_thread(ticket, channel, opened, Utc::now()).await?;
        }
        // Copies posted are recorded even if a later part failed: an edit
        // must reach what the user already sees.
        if let (Some(source), false) = (&row.message.source, space.posted.is_empty()) {
            let destination = &row.message.destination;
            self.store.record_copies(source, channel, destination, &space.posted, Utc::now()).await?;
        }
        let store = self.store.as_ref();
        match result {
            SendResult::Sent => {
                self.counters.message_out(channel);
                store.mark_sent(row.id, Utc::now()).await?;
                return Ok(true);
            }
            SendResult::NotMine => {}
            SendResult::Paced { after } => {
                let retry_at = now + chrono::Duration::from_std(after).unwrap_or_default();
                tracing::debug!(outbox = row.id, %retry_at, "paced; other destinations go first");
                store.postpone(row.id, "paced by the bot's own rate limits", retry_at).await?;
            }
            SendResult::RateLimited { after, error } => {
                self.counters.delivery_error(channel, DeliveryError::RateLimited);
                let retry_at = now + chrono::Duration::from_std(after).unwrap_or_default();
                tracing::info!(outbox = row.id, %retry_at, %error, "rate limited; retrying then");
                store.postpone(row.id, &error, retry_at).await?;
            }
            SendResult::Retry { after, error } => {
                self.counters.delivery_error(channel, DeliveryError::Retry);
                let retry_at = now + chrono::Duration::from_std(after.max(backoff(row.attempts))).unwrap_or_default();
                let dead = row.attempts + 1 >= MAX_ATTEMPTS;
                tracing::warn!(outbox = row.id, attempts = row.attempts + 1, %retry_at, dead, %error, "delivery failed");
                store.mark_failed(row.id, &error, retry_at, dead).await?;
                if dead {
                    self.failures.dead_lettered(&row.message, &error, Utc::now()).await;
                }
            }
            SendResult::Failed { error } | SendResult::SpaceGone { error } => {
                self.counters.delivery_error(channel, DeliveryError::Failed);
                store.mark_failed(row.id, &error, now, true).await?;
                tracing::error!(outbox = row.id, %error, "message dead-lettered");
                self.failures.dead_lettered(&row.message, &error, Utc::now()).await;
            }
        }
        Ok(false)
    }

    /// Opens a new staff space for `ticket` with the engine's recap; the
    /// result of that send and the space it opened (recorded already).
    async fn reopen_space(
        &self,
        channel: Channel,
        sender: &mut dyn Sender,
        ticket: crate::domain::TicketId,
    ) -> StoreResult<(SendResult, Option<String>)> {
        let Some(recap) = self.failures.space_lost(ticket, Utc::now()).await else {
            let error = "the staff space is gone and no recap could be written".to_string();
            return Ok((SendResult::Retry { after: Duration::from_secs(5), error }, None));
        };
        let mut fresh = Placement::default();
        let mut result = sender.send(&recap, &mut fresh).await;
        // The recap has no row of its own to postpone: it waits its turn
        // here (the failed send just used the group's slot).
        while let SendResult::Paced { after } = result {
            tokio::time::sleep(after).await;
            result = sender.send(&recap, &mut fresh).await;
        }
        if let Some(opened) = &fresh.opened {
            self.store.set_staff_thread(ticket, channel, opened, Utc::now()).await?;
        }
        Ok((result, fresh.opened))
    }

    /// Delivers `channel`'s outbox until `stop`: every 200 ms, or at once
    /// when `notify` says the engine committed new messages. Errors are
    /// logged and retried at the next round; the rows stay in the outbox.
    pub async fn run_worker(
        &self,
        channel: Channel,
        sender: &mut dyn Sender,
        notify: &Notify,
        stop: &CancellationToken,
    ) {
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tick.tick() => {}
                _ = notify.notified() => {}
            }
            if let Err(error) = self.drain_until(channel, sender, Utc::now(), stop).await {
                tracing::error!(%error, %channel, "delivery failed");
            }
            if stop.is_cancelled() {
                return;
            }
        }
    }

    /// Delivers `channel`'s outbox while this instance holds `role`,
    /// standing by whenever another instance holds it, until `stop`.
    pub async fn deliver_while_leading(
        &self,
        role: &str,
        channel: Channel,
        sender: &mut dyn Sender,
        notify: &Notify,
        stop: &CancellationToken,
    ) {
        while let Some(mut leadership) = lead(self.store.as_ref(), role, stop).await {
            tokio::select! {
                () = self.run_worker(channel, sender, notify, stop) => return,
                () = lost(leadership.as_mut()) => {}
            }
        }
    }
}
