//! The Telegram adapter: updates by long polling or a webhook, the outbox
//! sender, and the staff side in forum topics of one or more staff
//! supergroups.

mod handler;
mod poller;
pub mod render;
mod sender;
pub mod update;
mod webhook;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::{Channel, Level, TicketId};
use crate::runtime::App;
use crate::store::{Store, StoreResult};

pub use handler::NOT_STAFF;
pub use sender::TelegramSender;
pub use webhook::validate_secret as validate_webhook_secret;

/// What the adapter needs from the environment: the bot token and, in
/// webhook mode, the secret Telegram sends back with every update.
#[derive(Clone)]
pub struct Credentials {
    pub token: String,
    pub webhook_secret: Option<String>,
}

impl Credentials {
    pub fn token(token: impl Into<String>) -> Credentials {
        Credentials { token: token.into(), webhook_secret: None }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials { token: <hidden>, webhook_secret: <hidden> }")
    }
}

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
    pub staff_chats: BTreeMap<String, i64>,
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
        self.staff_chats.get(&level.to_string()).copied().or(self.staff_chat_id)
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

/// The ticket ↔ forum topic map, the only persistence the adapter needs.
#[async_trait]
pub trait StaffThreads: Send + Sync {
    async fn set_staff_thread(&self, ticket: TicketId, thread_ref: &str) -> StoreResult<()>;
    async fn staff_thread(&self, ticket: TicketId) -> StoreResult<Option<String>>;
    async fn ticket_for_staff_thread(&self, thread_ref: &str) -> StoreResult<Option<TicketId>>;
}

#[async_trait]
impl StaffThreads for Arc<dyn Store> {
    async fn set_staff_thread(&self, ticket: TicketId, thread_ref: &str) -> StoreResult<()> {
        self.as_ref().set_staff_thread(ticket, Channel::Telegram, thread_ref, Utc::now()).await
    }
    async fn staff_thread(&self, ticket: TicketId) -> StoreResult<Option<String>> {
        self.as_ref().staff_thread(ticket, Channel::Telegram).await
    }
    async fn ticket_for_staff_thread(&self, thread_ref: &str) -> StoreResult<Option<TicketId>> {
        self.as_ref().ticket_for_staff_thread(Channel::Telegram, thread_ref).await
    }
}

/// `"<chat_id>:<thread_id>"`, the stored reference of a forum topic.
pub fn thread_ref(chat_id: i64, thread_id: i32) -> String {
    format!("{chat_id}:{thread_id}")
}

pub fn parse_thread_ref(value: &str) -> Option<(i64, i32)> {
    let (chat, thread) = value.split_once(':')?;
    Some((chat.parse().ok()?, thread.parse().ok()?))
}

/// An error's text with the token (part of every request URL) masked.
pub(crate) fn error_text(bot: &Bot, error: &RequestError) -> String {
    let text = error.to_string();
    if bot.token().is_empty() {
        text
    } else {
        text.replace(bot.token(), "<token>")
    }
}

/// A bot client whose HTTP timeout outlasts the long poll.
pub fn make_bot(token: &str, config: &TelegramConfig) -> anyhow::Result<Bot> {
    let timeout = Duration::from_secs(u64::from(config.poll_timeout_secs) + 15);
    let client = teloxide::net::default_reqwest_settings()
        .timeout(timeout)
        .build()
        .context("cannot build the HTTP client for Telegram")?;
    let mut bot = Bot::with_client(token, client);
    if let Some(url) = &config.api_url {
        bot = bot.set_api_url(url.parse().with_context(|| format!("telegram.api_url `{url}` is not a URL"))?);
    }
    Ok(bot)
}

/// Runs the adapter until `shutdown`. Long polling: the instance holding
/// the Telegram role polls and delivers, others stand by. Webhook mode: every
/// instance takes the updates posted to it, and the role holder delivers
/// (one sender per bot keeps each chat's order and the bot's rate limits).
pub async fn run(
    app: &App,
    credentials: Credentials,
    config: TelegramConfig,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let webhook = match (&config.webhook_url, credentials.webhook_secret) {
        (None, _) => None,
        (Some(_), None) => anyhow::bail!("telegram.webhook_url is set: ESCALA_TELEGRAM_WEBHOOK_SECRET must be set too"),
        (Some(url), Some(secret)) => {
            webhook::validate_secret(&secret).map_err(anyhow::Error::msg)?;
            Some((url.clone(), secret))
        }
    };
    let bot = make_bot(&credentials.token, &config)?;
    drop(credentials.token);
    let me = match bot.get_me().await {
        Ok(me) => me,
        Err(RequestError::Api(ApiError::InvalidToken)) => {
            anyhow::bail!("Telegram refused the bot token (401 Unauthorized): check ESCALA_TELEGRAM_TOKEN")
        }
        Err(e @ RequestError::Network(_)) => {
            anyhow::bail!("cannot reach the Telegram Bot API ({}): check the network", error_text(&bot, &e))
        }
        Err(e) => anyhow::bail!("Telegram getMe failed: {}", error_text(&bot, &e)),
    };
    let username = me.user.username.clone().unwrap_or_default();
    if config.staff_chat_ids().is_empty() {
        tracing::warn!("no telegram.staff_chat_id configured: staff topics cannot be created");
    } else if app.engine.settings().staff_channel != Channel::Telegram {
        tracing::warn!("telegram staff chats are configured but support.staff_channel is not telegram");
    }
    let config = Arc::new(config);
    let threads: Arc<dyn StaffThreads> = Arc::new(app.store.clone());
    let notify = Arc::new(Notify::new());
    let mut handler =
        handler::UpdateHandler::new(bot.clone(), &app.engine, config.clone(), threads.clone(), notify.clone());
    match webhook {
        Some((url, secret)) => {
            tracing::info!(bot = %username, "telegram adapter started (webhook)");
            let stop = shutdown.child_token();
            let receive = async {
                let result = webhook::serve(&bot, &url, &config.webhook_listen, &secret, &mut handler, &stop).await;
                stop.cancel();
                result
            };
            let mut sender = TelegramSender::new(bot.clone(), config.clone(), threads.clone());
            let store = app.store.as_ref();
            let deliver = crate::delivery::deliver_while_leading(
                store,
                "telegram",
                Channel::Telegram,
                &mut sender,
                &notify,
                &stop,
            );
            let (received, ()) = tokio::join!(receive, deliver);
            received
        }
        None => {
            // Several instances on one PostgreSQL database: one polls and
            // delivers, the others stand by and take over when it dies (or
            // when this one loses its database session).
            let mut sender = TelegramSender::new(bot.clone(), config.clone(), threads);
            while let Some(mut leadership) = crate::delivery::lead(app.store.as_ref(), "telegram", &shutdown).await {
                tracing::info!(bot = %username, "telegram adapter started");
                let stop = shutdown.child_token();
                let delivery =
                    crate::delivery::run_worker(app.store.as_ref(), Channel::Telegram, &mut sender, &notify, &stop);
                let polling = async {
                    let result = tokio::select! {
                        result = poller::poll(&bot, config.poll_timeout_secs, &mut handler, &stop) => result,
                        () = crate::delivery::lost(leadership.as_mut()) => Ok(()),
                    };
                    stop.cancel();
                    result
                };
                let ((), polled) = tokio::join!(delivery, polling);
                polled?;
                if shutdown.is_cancelled() {
                    break;
                }
            }
            Ok(())
        }
    }
}
