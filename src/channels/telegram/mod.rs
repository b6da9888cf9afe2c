//! The Telegram adapter: updates by long polling or a webhook become the
//! engine's `Inbound` values and staff posts, and the outbox sender turns
//! `Outbound` messages into Bot API calls (user chats, one forum topic per
//! ticket in the staff supergroups, the alerts chat). Which instance polls
//! and delivers is the runtime's business.

mod error;
pub mod files;
mod handler;
pub mod poller;
pub mod render;
mod sender;
pub mod update;
mod upload;
pub mod webhook;

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};

use crate::config::TelegramConfig;

pub use error::TelegramError;
pub use handler::UpdateHandler;
pub use sender::TelegramSender;

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
pub fn make_bot(token: &str, config: &TelegramConfig) -> Result<Bot, TelegramError> {
    let timeout = Duration::from_secs(u64::from(config.poll_timeout_secs) + 15);
    let client = teloxide::net::default_reqwest_settings()
        .timeout(timeout)
        .build()
        .map_err(|e| TelegramError::HttpClient(e.to_string()))?;
    let mut bot = Bot::with_client(token, client);
    if let Some(url) = &config.api_url {
        let parsed = url.parse().map_err(|_| TelegramError::BadApiUrl(url.clone()))?;
        bot = bot.set_api_url(parsed);
    }
    Ok(bot)
}

/// A bot whose token Telegram accepted.
pub struct Connected {
    pub bot: Bot,
    /// The bot's @username, for the logs.
    pub username: String,
}

/// Builds the client and checks the token with `getMe`, so a wrong token or
/// no network stops the start with a message saying which.
pub async fn connect(token: &str, config: &TelegramConfig) -> Result<Connected, TelegramError> {
    let bot = make_bot(token, config)?;
    let me = match bot.get_me().await {
        Ok(me) => me,
        Err(RequestError::Api(ApiError::InvalidToken)) => return Err(TelegramError::InvalidToken),
        Err(e @ RequestError::Network(_)) => return Err(TelegramError::Unreachable(error_text(&bot, &e))),
        Err(e) => return Err(TelegramError::Api { call: "getMe", detail: error_text(&bot, &e) }),
    };
    Ok(Connected { username: me.user.username.clone().unwrap_or_default(), bot })
}
