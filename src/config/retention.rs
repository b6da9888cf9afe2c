//! The `[retention]` section: how long rows that only grow are kept before
//! the sweeper prunes them, and how long what people wrote is kept before
//! it is erased, in small batches. The defaults keep what
//! `escala stats` and `escala kb gaps` read by default (their windows are 7
//! and 30 days) many times over.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::store::Retention;

const DAY: u64 = 24 * 3600;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Delivered outbox rows (each holds the message's full text).
    #[serde(with = "humantime_serde")]
    pub sent_messages: Duration,
    /// Messages that could not be delivered, kept for inspection.
    #[serde(with = "humantime_serde")]
    pub dead_letters: Duration,
    /// Platform update keys; must outlast every platform's redelivery
    /// window (Telegram keeps updates 24 hours), or a late repeat would be
    /// handled twice.
    #[serde(with = "humantime_serde")]
    pub inbound_keys: Duration,
    /// The KB query log the gaps report and the stats read.
    #[serde(with = "humantime_serde")]
    pub kb_queries: Duration,
    /// Bot conversations that ended without a ticket, with their messages.
    #[serde(with = "humantime_serde")]
    pub closed_conversations: Duration,
    /// What people wrote, once the conversation or ticket is over for this
    /// long: message texts of ended conversations and closed tickets,
    /// ticket subjects and KB query texts are erased; the rows (times,
    /// outcomes, ratings) stay for the reports.
    #[serde(with = "humantime_serde")]
    pub personal_data: Duration,
    /// Rows deleted per kind at each prune.
    pub batch: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            sent_messages: Duration::from_secs(7 * DAY),
            dead_letters: Duration::from_secs(30 * DAY),
            inbound_keys: Duration::from_secs(30 * DAY),
            kb_queries: Duration::from_secs(365 * DAY),
            closed_conversations: Duration::from_secs(365 * DAY),
            personal_data: Duration::from_secs(365 * DAY),
            batch: 1000,
        }
    }
}

/// The shortest key retention: a platform may redeliver for a day.
const SHORTEST_KEYS: Duration = Duration::from_secs(2 * DAY);
/// The longest retention: a century (beyond it nothing is ever pruned).
const LONGEST: Duration = Duration::from_secs(36_600 * DAY);

impl RetentionConfig {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.inbound_keys < SHORTEST_KEYS {
            return Err(ConfigError::invalid(format!(
                "retention.inbound_keys must be at least {}: platforms redeliver updates for a day",
                humantime::format_duration(SHORTEST_KEYS)
            )));
        }
        for (key, value) in [
            ("sent_messages", self.sent_messages),
            ("dead_letters", self.dead_letters),
            ("kb_queries", self.kb_queries),
            ("closed_conversations", self.closed_conversations),
            ("personal_data", self.personal_data),
            ("inbound_keys", self.inbound_keys),
        ] {
            if value.is_zero() || value > LONGEST {
                return Err(ConfigError::invalid(format!("retention.{key} must lie between 1s and 36600 days")));
            }
        }
        if self.batch == 0 {
            return Err(ConfigError::invalid("retention.batch must be at least 1"));
        }
        Ok(())
    }

    /// The cutoffs at `now`.
    pub fn cutoffs(&self, now: DateTime<Utc>) -> Retention {
        let before = |keep: Duration| {
            chrono::Duration::from_std(keep)
                .ok()
                .and_then(|keep| now.checked_sub_signed(keep))
                .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
        };
        Retention {
            sent_messages: before(self.sent_messages),
            dead_letters: before(self.dead_letters),
            inbound_keys: before(self.inbound_keys),
            kb_queries: before(self.kb_queries),
            closed_conversations: before(self.closed_conversations),
            personal_data: before(self.personal_data),
        }
    }
}
