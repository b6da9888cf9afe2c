//! The outbox worker: sends due outbox rows through a channel's sender and
//! marks them sent, keeping order per destination and retrying failures
//! with exponential backoff.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::{Channel, Outbound};
use crate::store::{Leadership, Store, StoreResult};

/// How often an instance standing by tries to take a role over.
const STANDBY_CHECK: Duration = Duration::from_secs(3);

/// Waits until this instance holds `role` (at once on SQLite, where one
/// process serves everything); `None` if shut down while standing by. One
/// sender per bot keeps each chat's order and the platform's rate limits,
/// and no outbox row is sent by two instances.
pub async fn lead(store: &dyn Store, role: &str, shutdown: &CancellationToken) -> Option<Box<dyn Leadership>> {
    let mut announced = false;
    loop {
        match store.try_lead(role).await {
            Ok(Some(leadership)) => return Some(leadership),
            Ok(None) if !announced => {
                tracing::info!(role, "another instance holds this role; standing by to take over");
                announced = true;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, role, "cannot take the role yet"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return None,
            _ = tokio::time::sleep(STANDBY_CHECK) => {}
        }
    }
}

/// How often a role holder checks that it still holds its role.
const HOLD_CHECK: Duration = Duration::from_secs(1);

/// Completes when `leadership` is lost (its database session died, so
/// another instance may take the role): the holder must stop acting on it.
pub async fn lost(leadership: &mut dyn Leadership) {
    loop {
        tokio::time::sleep(HOLD_CHECK).await;
        if !leadership.is_held().await {
            tracing::warn!("lost the database session holding this instance's role; standing by again");
            return;
        }
    }
}

/// Delivers `channel`'s outbox while this instance holds `role`, standing
/// by whenever another instance holds it, until `stop`.
pub async fn deliver_while_leading(
    store: &dyn Store,
    role: &str,
    channel: Channel,
    sender: &mut dyn Sender,
    notify: &Notify,
    stop: &CancellationToken,
) {
    while let Some(mut leadership) = lead(store, role, stop).await {
        tokio::select! {
            () = run_worker(store, channel, sender, notify, stop) => return,
            () = lost(leadership.as_mut()) => {}
        }
    }
}

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
}

#[async_trait]
pub trait Sender: Send {
    async fn send(&mut self, message: &Outbound) -> SendResult;
}

/// Attempts before a message is dead-lettered.
pub const MAX_ATTEMPTS: i64 = 8;

/// Delay before attempt `attempts + 1`: 1 s doubling, capped at 5 minutes.
pub fn backoff(attempts: i64) -> Duration {
    Duration::from_secs(1u64 << attempts.clamp(0, 8)).min(Duration::from_secs(300))
}

/// Sends every due row of `channel` once; returns how many were sent.
pub async fn drain_once(
    store: &dyn Store,
    channel: Channel,
    sender: &mut dyn Sender,
    now: DateTime<Utc>,
) -> StoreResult<usize> {
    let mut sent = 0;
    loop {
        let rows = store.due_outbox(channel, now, 100).await?;
        let mut progressed = false;
        for row in rows {
            match sender.send(&row.message).await {
                SendResult::Sent => {
                    crate::metrics::global().message_out(channel);
                    store.mark_sent(row.id, Utc::now()).await?;
                    sent += 1;
                    progressed = true;
                }
                SendResult::NotMine => {}
                SendResult::RateLimited { after, error } => {
                    crate::metrics::global().delivery_error(channel, "rate_limited");
                    let retry_at = now + chrono::Duration::from_std(after).unwrap_or_default();
                    tracing::info!(outbox = row.id, %retry_at, %error, "rate limited; retrying then");
                    store.postpone(row.id, &error, retry_at).await?;
                }
                SendResult::Retry { after, error } => {
                    crate::metrics::global().delivery_error(channel, "retry");
                    let retry_at =
                        now + chrono::Duration::from_std(after.max(backoff(row.attempts))).unwrap_or_default();
                    let dead = row.attempts + 1 >= MAX_ATTEMPTS;
                    tracing::warn!(outbox = row.id, attempts = row.attempts + 1, %retry_at, dead, %error, "delivery failed");
                    store.mark_failed(row.id, &error, retry_at, dead).await?;
                }
                SendResult::Failed { error } => {
                    crate::metrics::global().delivery_error(channel, "failed");
                    store.mark_failed(row.id, &error, now, true).await?;
                    tracing::error!(outbox = row.id, %error, "message dead-lettered");
                }
            }
        }
        // A sent row may uncover the next row of its destination.
        if !progressed {
            return Ok(sent);
        }
    }
}

/// Delivers `channel`'s outbox until `stop`: every 200 ms, or at once when
/// `notify` says the engine committed new messages. Errors are logged and
/// retried at the next round; the rows stay in the outbox.
pub async fn run_worker(
    store: &dyn Store,
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
        tokio::select! {
            _ = stop.cancelled() => return,
            result = drain_once(store, channel, sender, Utc::now()) => {
                if let Err(error) = result {
                    tracing::error!(%error, %channel, "delivery failed");
                }
            }
        }
    }
}
