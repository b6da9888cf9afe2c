//! What one Telegram update does, however it arrived (long polling or a
//! webhook): user messages go to the engine, messages in staff topics go to
//! it as staff posts, with the levels their author may act at.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use teloxide::prelude::*;
use teloxide::types::{ChatMemberKind, MessageId, ThreadId, Update, UpdateKind};

use super::update::{classify, TelegramEvent};
use super::{error_text, thread_ref};
use crate::config::TelegramConfig;
use crate::domain::{Channel, Level};
use crate::engine::{Engine, StaffPost, StaffReply};

/// How long a group's administrator list is trusted.
const ADMIN_TTL: Duration = Duration::from_secs(300);

/// What became of one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Its effects are committed (or it needed none): move past it.
    Done,
    /// Not committed for a reason that passes (the database away, a
    /// collision): keep it and bring it back after a pause, for as long as
    /// it takes; nothing is dropped.
    Later,
    /// Not committed, and trying again may not help (a bug, a corrupt
    /// row): retried a few times, then skipped with the user told.
    Failed,
}

pub struct UpdateHandler {
    bot: Bot,
    engine: Arc<Engine>,
    config: Arc<TelegramConfig>,
    admins: HashMap<i64, (Instant, HashSet<u64>)>,
}

impl UpdateHandler {
    pub fn new(bot: Bot, engine: Arc<Engine>, config: Arc<TelegramConfig>) -> UpdateHandler {
        UpdateHandler { bot, engine, config, admins: HashMap::new() }
    }

    /// Handles one update.
    pub async fn handle(&mut self, update: &Update) -> Handled {
        if let UpdateKind::CallbackQuery(query) = &update.kind {
            if let Err(error) = self.bot.answer_callback_query(query.id.clone()).await {
                tracing::warn!(error = %error_text(&self.bot, &error), "answerCallbackQuery failed");
            }
        }
        match classify(update, &self.config.staff_chat_ids(), Utc::now()) {
            TelegramEvent::Ignore => Handled::Done,
            TelegramEvent::User(inbound) => match self.engine.handle(inbound).await {
                Ok(_) => Handled::Done,
                Err(error) if error.is_temporary() => {
                    tracing::warn!(%error, update = update.id.0, "telegram update waits for the database");
                    Handled::Later
                }
                Err(error) => {
                    tracing::error!(%error, update = update.id.0, "telegram update not handled");
                    Handled::Failed
                }
            },
            TelegramEvent::Staff { chat_id, thread_id, from_user_id, from_name, text, source, edited, attachment } => {
                let post = StaffPost {
                    channel: Channel::Telegram,
                    thread_ref: thread_ref(chat_id, thread_id),
                    author_id: from_user_id.to_string(),
                    author_name: from_name,
                    levels: self.levels(chat_id, from_user_id).await,
                    text,
                    key: update.id.0.to_string(),
                    source: Some(source),
                    edited,
                    attachment,
                };
                match self.engine.staff_post(post, Utc::now()).await {
                    StaffReply::NotATicket | StaffReply::Done => Handled::Done,
                    StaffReply::Answer(text) => {
                        self.reply(chat_id, thread_id, &text).await;
                        Handled::Done
                    }
                    // The offset stays: the poller (or Telegram, for a
                    // webhook) brings the update back.
                    StaffReply::Retry(_) => Handled::Later,
                }
            }
        }
    }

    /// The levels `user` may act at in staff group `chat`: those of the
    /// group, if they are one of its administrators or listed as staff.
    async fn levels(&mut self, chat: i64, user: u64) -> Vec<Level> {
        if self.is_staff(chat, user).await {
            self.config.levels_for_chat(chat)
        } else {
            Vec::new()
        }
    }

    async fn is_staff(&mut self, chat: i64, user: u64) -> bool {
        if self.config.staff_user_ids.contains(&user) {
            return true;
        }
        let fresh = self.admins.get(&chat).is_some_and(|(at, _)| at.elapsed() < ADMIN_TTL);
        if !fresh {
            match self.bot.get_chat_administrators(ChatId(chat)).await {
                Ok(members) => {
                    let ids = members
                        .iter()
                        .filter(|m| matches!(m.kind, ChatMemberKind::Owner(_) | ChatMemberKind::Administrator(_)))
                        .map(|m| m.user.id.0)
                        .collect();
                    self.admins.insert(chat, (Instant::now(), ids));
                }
                Err(error) => {
                    tracing::warn!(error = %error_text(&self.bot, &error), chat, "getChatAdministrators failed")
                }
            }
        }
        self.admins.get(&chat).is_some_and(|(_, ids)| ids.contains(&user))
    }

    /// An update given up on: its sender is told, in their language, to
    /// send it again (the engine recorded nothing, so the outbox cannot
    /// carry this).
    pub async fn give_up(&self, update: &Update) {
        if let TelegramEvent::User(inbound) = classify(update, &self.config.staff_chat_ids(), Utc::now()) {
            let lang = inbound
                .sender
                .locale
                .as_deref()
                .and_then(crate::domain::Lang::from_locale)
                .unwrap_or(self.engine.settings().fallback_lang);
            let Ok(chat) = inbound.sender.chat_id.parse::<i64>() else { return };
            let text = crate::engine::i18n::t(lang, "processing-failed", &[]);
            if let Err(error) = self.bot.send_message(ChatId(chat), text).await {
                tracing::warn!(error = %error_text(&self.bot, &error), "telling the user of a lost update failed");
            }
        }
    }

    /// A direct answer in a staff topic (errors, refusals): not a ticket
    /// message, so it skips the outbox.
    async fn reply(&self, chat: i64, thread: i32, text: &str) {
        let request =
            self.bot.send_message(ChatId(chat), text.to_string()).message_thread_id(ThreadId(MessageId(thread)));
        if let Err(error) = request.await {
            tracing::warn!(error = %error_text(&self.bot, &error), "reply in staff topic failed");
        }
    }
}
