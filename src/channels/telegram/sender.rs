//! The outbox sender for Telegram: user chats, staff forum topics (created,
//! renamed, closed and reopened as tickets move) and the alerts chat, under
//! Telegram's rate limits.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use governor::clock::Clock;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use teloxide::prelude::*;
use teloxide::types::{MessageId, ParseMode, ThreadId};
use teloxide::{ApiError, RequestError};

use super::render;
use super::{parse_thread_ref, thread_ref};
use crate::config::TelegramConfig;
use crate::delivery::files::Files;
use crate::delivery::pacing::{quota, PartsSent};
use crate::delivery::{Placement, SendResult, Sender};
use crate::domain::{CopyOp, Destination, Outbound, ThreadOp, TicketId, EDITED_MARK};

/// Topic names are 1–128 characters.
const MAX_TOPIC_NAME: usize = 128;

pub struct TelegramSender {
    pub(super) bot: Bot,
    config: Arc<TelegramConfig>,
    private: DefaultKeyedRateLimiter<i64>,
    groups: DefaultKeyedRateLimiter<i64>,
    global: DefaultDirectRateLimiter,
    /// Parts already sent of a message that was interrupted (429, outage),
    /// so a retry does not repeat them.
    pub(super) progress: PartsSent,
    /// Where files held by other platforms are fetched from.
    pub(super) files: Arc<Files>,
    /// A group whose next message slot `send` already took: its first
    /// throttle does not wait again.
    reserved: Option<i64>,
}

impl TelegramSender {
    pub fn new(bot: Bot, config: Arc<TelegramConfig>, files: Arc<Files>) -> TelegramSender {
        let overall = Quota::per_second(quota(config.messages_per_second)).allow_burst(quota(1));
        TelegramSender {
            bot,
            config,
            private: RateLimiter::keyed(Quota::per_second(quota(1))),
            // Telegram counts over windows ("20 per minute"), so no burst:
            // a burst of 20 then 20 more in the same minute would be 40.
            groups: RateLimiter::keyed(Quota::per_minute(quota(20)).allow_burst(quota(1))),
            global: RateLimiter::direct(overall),
            progress: PartsSent::default(),
            files,
            reserved: None,
        }
    }

    pub(super) async fn throttle(&mut self, chat: i64) {
        if self.reserved.take() == Some(chat) {
            // `send` took this slot when it checked the group was free.
        } else if chat < 0 {
            self.groups.until_key_ready(&chat).await;
        } else {
            self.private.until_key_ready(&chat).await;
        }
        self.global.until_ready().await;
    }

    /// Sends the parts of `message` to a chat (and topic), skipping those a
    /// previous attempt delivered; the keyboard goes on the last part. The
    /// parts posted are added to `posted` as `<chat>:<message id>`.
    async fn post(
        &mut self,
        chat: i64,
        thread: Option<i32>,
        message: &Outbound,
        posted: &mut Vec<String>,
    ) -> Result<(), RequestError> {
        let parts = render::render(message);
        let done = self.progress.resume_at(message);
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.iter().enumerate().skip(done) {
            self.throttle(chat).await;
            let mut request = self.bot.send_message(ChatId(chat), part.clone()).parse_mode(ParseMode::Html);
            if let Some(thread) = thread {
                request = request.message_thread_id(ThreadId(MessageId(thread)));
            }
            if i == last {
                if let Some(keyboard) = render::keyboard(&message.choices) {
                    request = request.reply_markup(keyboard);
                }
            }
            match request.await {
                Ok(sent) => posted.push(thread_ref(chat, sent.id.0)),
                Err(e) => {
                    self.progress.interrupted(message, i);
                    return Err(e);
                }
            }
        }
        self.progress.finished(message);
        Ok(())
    }

    /// Changes or removes the copies `op` names. A copy that cannot be
    /// edited (older than Telegram allows, or the new text needs more
    /// parts) gets the new text posted anew with the edited mark; one that
    /// cannot be deleted gets the message's notice.
    async fn change_copies(&mut self, op: &CopyOp, message: &Outbound, space: &mut Placement) -> SendResult {
        let (refs, editing) = match op {
            CopyOp::Edit { refs } => (refs, true),
            CopyOp::Delete { refs } => (refs, false),
        };
        let parts = render::render(message);
        let mut unchanged = false;
        for (chat, id) in refs.iter().filter_map(|r| parse_thread_ref(r)) {
            self.throttle(chat).await;
            let result = if editing && parts.len() == 1 && refs.len() == 1 {
                let edit = self.bot.edit_message_text(ChatId(chat), MessageId(id), parts[0].clone());
                edit.parse_mode(ParseMode::Html).await.map(drop)
            } else if editing {
                unchanged = true;
                continue;
            } else {
                self.bot.delete_message(ChatId(chat), MessageId(id)).await.map(drop)
            };
            match result {
                Ok(()) | Err(RequestError::Api(ApiError::MessageNotModified | ApiError::MessageToDeleteNotFound)) => {}
                Err(e) => match classify(&self.bot, e) {
                    SendResult::Failed { error } => {
                        tracing::info!(%error, "a copy could not be changed; posting anew");
                        unchanged = true;
                    }
                    other => return other,
                },
            }
        }
        if !unchanged && !refs.is_empty() {
            return SendResult::Sent;
        }
        let mut anew = Outbound { copies: None, source: None, ..message.clone() };
        if editing {
            anew.text = format!("{EDITED_MARK}{}", message.text);
        }
        self.send(&anew, space).await
    }

    /// The ticket's topic in `chat`: the known one if it is in that chat,
    /// else a new one, which `space.opened` hands to the worker to record.
    async fn topic(
        &mut self,
        chat: i64,
        ticket: TicketId,
        op: Option<&ThreadOp>,
        space: &mut Placement,
    ) -> Result<i32, RequestError> {
        if let Some((known_chat, thread)) = space.known.as_deref().and_then(parse_thread_ref) {
            if known_chat == chat {
                return Ok(thread);
            }
        }
        let title = match op {
            Some(ThreadOp::Open { title } | ThreadOp::Move { title }) => title.clone(),
            _ => format!("Ticket {ticket}"),
        };
        self.throttle(chat).await;
        let topic = self.bot.create_forum_topic(ChatId(chat), topic_name(&title)).await?;
        let thread = topic.thread_id.0 .0;
        space.opened = Some(thread_ref(chat, thread));
        Ok(thread)
    }

    /// The ticket moved to another level's group: its old topic says where
    /// it went and closes, so agents there stop writing into it. Best
    /// effort: the ticket already lives in its new topic.
    async fn retire_topic(&mut self, chat: i64, thread: i32, ticket: TicketId, destination: &Destination) {
        let level = match destination {
            Destination::Staff { level, .. } => level.to_string(),
            _ => "next".to_string(),
        };
        let id = ThreadId(MessageId(thread));
        self.throttle(chat).await;
        let note = format!("Moved to the {level} staff group as a new topic; this topic is closed.");
        let posted = self.bot.send_message(ChatId(chat), note).message_thread_id(id).await.map(drop);
        let closed = match posted {
            Ok(()) => self.bot.close_forum_topic(ChatId(chat), id).await.map(drop),
            Err(e) => Err(e),
        };
        if let Err(e) = closed {
            tracing::warn!(error = %super::error_text(&self.bot, &e), %ticket, "retiring the old forum topic failed");
        }
    }

    async fn send_staff(
        &mut self,
        ticket: TicketId,
        chat: i64,
        message: &Outbound,
        space: &mut Placement,
    ) -> SendResult {
        let existed = space.known.as_deref().and_then(parse_thread_ref);
        // A topic in a group that is no longer this level's (the config
        // changed) and no move asked for: as good as lost.
        let moving = matches!(message.thread, Some(ThreadOp::Move { .. } | ThreadOp::Open { .. }));
        if existed.is_some_and(|(known_chat, _)| known_chat != chat) && !moving {
            return SendResult::SpaceGone { error: format!("the ticket's topic is not in staff chat {chat}") };
        }
        let thread = match self.topic(chat, ticket, message.thread.as_ref(), space).await {
            Ok(thread) => thread,
            Err(e) => return classify(&self.bot, e),
        };
        let id = ThreadId(MessageId(thread));
        let fresh = existed != Some((chat, thread));
        let op_result = match &message.thread {
            Some(ThreadOp::Reopen) => self.bot.reopen_forum_topic(ChatId(chat), id).await.map(drop),
            Some(ThreadOp::Move { title }) if !fresh => {
                self.bot.edit_forum_topic(ChatId(chat), id).name(topic_name(title)).await.map(drop)
            }
            _ => Ok(()),
        };
        if let Err(e) = op_result {
            if topic_gone(&e) {
                return SendResult::SpaceGone { error: super::error_text(&self.bot, &e) };
            }
            // A topic already open or already named so is not worth a retry.
            match classify(&self.bot, e) {
                SendResult::Failed { error } => tracing::warn!(%error, %ticket, "forum topic change refused"),
                other => return other,
            }
        }
        if let Err(e) = self.post(chat, Some(thread), message, &mut space.posted).await {
            if !fresh && topic_gone(&e) {
                return SendResult::SpaceGone { error: super::error_text(&self.bot, &e) };
            }
            return classify(&self.bot, e);
        }
        let parts = render::render(message).len();
        match self.send_file(chat, Some(thread), message, parts, &mut space.posted).await {
            SendResult::Sent => {}
            other => return other,
        }
        if let (Some((old_chat, old_thread)), true) = (existed, fresh) {
            if old_chat != chat {
                self.retire_topic(old_chat, old_thread, ticket, &message.destination).await;
            }
        }
        if message.thread == Some(ThreadOp::Close) {
            if let Err(e) = self.bot.close_forum_topic(ChatId(chat), id).await {
                tracing::warn!(error = %super::error_text(&self.bot, &e), %ticket, "closing the forum topic failed");
            }
        }
        SendResult::Sent
    }
}

impl TelegramSender {
    /// The group a message goes to, if it goes to one.
    fn group_of(&self, message: &Outbound) -> Option<i64> {
        let chat = match &message.destination {
            Destination::User { .. } => None,
            Destination::Staff { level, .. } => self.config.staff_chat_for(*level),
            Destination::StaffAlerts => self.config.alerts_chat_id,
        };
        chat.filter(|c| *c < 0)
    }
}

#[async_trait]
impl Sender for TelegramSender {
    async fn send(&mut self, message: &Outbound, space: &mut Placement) -> SendResult {
        self.reserved = None;
        // A group takes 20 messages a minute: rather than hold every other
        // chat (the users' replies) behind its pace, a busy group's message
        // waits its turn while the worker goes on.
        if let Some(group) = self.group_of(message) {
            match self.groups.check_key(&group) {
                Ok(()) => self.reserved = Some(group),
                Err(not_until) => {
                    return SendResult::Paced { after: not_until.wait_time_from(self.groups.clock().now()) }
                }
            }
        }
        if let Some(op) = &message.copies {
            return self.change_copies(op, message, space).await;
        }
        match &message.destination {
            Destination::User { chat_id } => {
                let Ok(chat) = chat_id.parse::<i64>() else {
                    return SendResult::Failed { error: format!("`{chat_id}` is not a Telegram chat id") };
                };
                if let Err(e) = self.post(chat, None, message, &mut space.posted).await {
                    return classify(&self.bot, e);
                }
                let parts = render::render(message).len();
                self.send_file(chat, None, message, parts, &mut space.posted).await
            }
            Destination::Staff { ticket, level } => match self.config.staff_chat_for(*level) {
                Some(chat) => self.send_staff(*ticket, chat, message, space).await,
                None => SendResult::Failed { error: format!("no Telegram staff chat is configured for {level}") },
            },
            Destination::StaffAlerts => match self.config.alerts_chat_id {
                Some(chat) => match self.post(chat, None, message, &mut space.posted).await {
                    Ok(()) => SendResult::Sent,
                    Err(e) => classify(&self.bot, e),
                },
                None => {
                    tracing::debug!("no telegram.alerts_chat_id: staff alert dropped");
                    SendResult::Sent
                }
            },
        }
    }
}

/// 429 → retry after Telegram's delay; network trouble → retry (the outbox
/// backs off); an error teloxide does not know, which is how Telegram's own
/// 5xx ("Internal Server Error", "Bad Gateway") arrive → retry, dead-lettered
/// after the outbox's attempts; anything Telegram refused → failed for good.
pub fn classify(bot: &Bot, error: RequestError) -> SendResult {
    let text = super::error_text(bot, &error);
    match error {
        RequestError::RetryAfter(after) => {
            SendResult::RateLimited { after: after.duration(), error: format!("rate limited by Telegram ({text})") }
        }
        RequestError::Network(_)
        | RequestError::Io(_)
        | RequestError::InvalidJson { .. }
        | RequestError::Api(ApiError::Unknown(_)) => SendResult::Retry { after: Duration::from_secs(1), error: text },
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => SendResult::Failed { error: text },
    }
}

/// Telegram's answers for a forum topic someone deleted.
fn topic_gone(error: &RequestError) -> bool {
    match error {
        RequestError::Api(ApiError::Unknown(text)) => {
            ["message thread not found", "TOPIC_DELETED", "TOPIC_ID_INVALID"].iter().any(|t| text.contains(t))
        }
        _ => false,
    }
}

fn topic_name(title: &str) -> String {
    let name: String = title.chars().take(MAX_TOPIC_NAME).collect();
    if name.trim().is_empty() {
        "Ticket".to_string()
    } else {
        name
    }
}
