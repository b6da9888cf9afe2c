//! What one Telegram update does, however it arrived (long polling or a
//! webhook): user messages go to the engine, messages in staff topics become
//! staff actions for the people allowed to act.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use teloxide::prelude::*;
use teloxide::types::{ChatMemberKind, MessageId, ThreadId, Update, UpdateKind};
use tokio::sync::Notify;

use super::update::{classify, TelegramEvent};
use super::{error_text, thread_ref, StaffThreads, TelegramConfig};
use crate::engine::{Agent, Engine};

/// How long a group's administrator list is trusted.
const ADMIN_TTL: Duration = Duration::from_secs(300);
pub const NOT_STAFF: &str = "Only staff can act here.";

pub struct UpdateHandler<'a> {
    bot: Bot,
    engine: &'a Engine,
    config: Arc<TelegramConfig>,
    threads: Arc<dyn StaffThreads>,
    /// Wakes the delivery worker once an update's replies are committed.
    notify: Arc<Notify>,
    admins: HashMap<i64, (Instant, HashSet<u64>)>,
}

impl<'a> UpdateHandler<'a> {
    pub fn new(
        bot: Bot,
        engine: &'a Engine,
        config: Arc<TelegramConfig>,
        threads: Arc<dyn StaffThreads>,
        notify: Arc<Notify>,
    ) -> UpdateHandler<'a> {
        UpdateHandler { bot, engine, config, threads, notify, admins: HashMap::new() }
    }

    /// Handles one update; `false` if it should be tried again (its effects
    /// were not committed).
    pub async fn handle(&mut self, update: &Update) -> bool {
        let handled = self.apply(update).await;
        if handled {
            self.notify.notify_one();
        }
        handled
    }

    async fn apply(&mut self, update: &Update) -> bool {
        if let UpdateKind::CallbackQuery(query) = &update.kind {
            if let Err(error) = self.bot.answer_callback_query(query.id.clone()).await {
                tracing::warn!(error = %error_text(&self.bot, &error), "answerCallbackQuery failed");
            }
        }
        match classify(update, &self.config.staff_chat_ids(), Utc::now()) {
            TelegramEvent::Ignore => true,
            TelegramEvent::User(inbound) => match self.engine.handle(inbound).await {
                Ok(_) => true,
                Err(error) => {
                    tracing::error!(%error, update = update.id.0, "telegram update not handled");
                    false
                }
            },
            TelegramEvent::Staff { chat_id, thread_id, from_user_id, from_name, text } => {
                let key = update.id.0.to_string();
                self.staff(chat_id, thread_id, from_user_id, from_name, &text, &key).await
            }
        }
    }

    async fn staff(&mut self, chat: i64, thread: i32, user: u64, name: String, text: &str, key: &str) -> bool {
        let ticket = match self.threads.ticket_for_staff_thread(&thread_ref(chat, thread)).await {
            Ok(Some(ticket)) => ticket,
            Ok(None) => return true,
            Err(error) => {
                tracing::error!(%error, "staff topic lookup failed");
                return false;
            }
        };
        if !self.is_staff(chat, user).await {
            self.reply(chat, thread, NOT_STAFF).await;
            return true;
        }
        let agent =
            Agent { id: format!("telegram:{user}"), display_name: name, levels: self.config.levels_for_chat(chat) };
        let key = Some((crate::domain::Channel::Telegram, key));
        match self.engine.staff_message_once(&agent, ticket, text, key, Utc::now()).await {
            Ok(_) => true,
            Err(crate::engine::EngineError::Store(error)) => {
                tracing::error!(%error, %ticket, "staff message not handled");
                false
            }
            Err(error) => {
                self.reply(chat, thread, &error.to_string()).await;
                true
            }
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
