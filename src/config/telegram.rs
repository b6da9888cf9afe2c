//! The `[telegram]` section of the configuration: the staff supergroups per
//! level, the alerts chat, who is staff besides the groups' administrators,
//! polling or webhook mode and the send rate. The token and the webhook
//! secret are not here: they come only from the environment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::Level;

/// The `[telegram]` section of the configuration. The token is not here: it
/// comes only from `ESCALA_TELEGRAM_TOKEN`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramConfig {
    /// Bot API base URL (a local Bot API server, or a fake in tests).
    pub api_url: Option<String>,
    /// One forum supergroup for the staff of every level.
    pub staff_chat_id: Option<i64>,
    /// Per level ("L1".."L4") staff supergroups, overriding `staff_chat_id`.
    pub staff_chats: BTreeMap<Level, i64>,
    /// Where SLA alerts and dead letters go.
    pub alerts_chat_id: Option<i64>,
    /// Telegram user ids allowed to act as staff besides the group admins.
    pub staff_user_ids: Vec<u64>,
    /// Long-polling timeout of `getUpdates`, in seconds.
    pub poll_timeout_secs: u32,
    /// Webhook mode: the public HTTPS URL Telegram posts updates to (behind
    /// it, a load balancer may spread them over several instances). Needs
    /// `ESCALA_TELEGRAM_WEBHOOK_SECRET`. Unset: long polling.
    pub webhook_url: Option<String>,
    /// Where this instance listens for the webhook's POSTs.
    pub webhook_listen: String,
    /// Messages per second across all chats: about 30 for a bot, more for
    /// one with paid broadcasts.
    pub messages_per_second: u32,
}

impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            api_url: None,
            staff_chat_id: None,
            staff_chats: BTreeMap::new(),
            alerts_chat_id: None,
            staff_user_ids: Vec::new(),
            poll_timeout_secs: 25,
            webhook_url: None,
            webhook_listen: "0.0.0.0:8443".into(),
            messages_per_second: 30,
        }
    }
}

impl TelegramConfig {
    /// The staff supergroup that holds the topics of `level` tickets.
    pub fn staff_chat_for(&self, level: Level) -> Option<i64> {
        self.staff_chats.get(&level).copied().or(self.staff_chat_id)
    }

    /// The levels whose staff group `chat_id` is.
    pub fn levels_for_chat(&self, chat_id: i64) -> Vec<Level> {
        Level::STAFFED.into_iter().filter(|l| self.staff_chat_for(*l) == Some(chat_id)).collect()
    }

    /// Every configured staff supergroup.
    pub fn staff_chat_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = Level::STAFFED.iter().filter_map(|l| self.staff_chat_for(*l)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}
