//! The outbox sender for Discord: users' DMs, a forum post per ticket in
//! the staff forum (opened with the ticket card, re-tagged or moved when
//! the level changes, archived on close and unarchived on reopen) and the
//! alerts channel, paced per channel and honouring `429 retry_after`.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde_json::json;
use serenity::all::{ChannelId, CreateActionRow, CreateEmbed, CreateForumPost, CreateMessage, EditThread, MessageId};
use serenity::http::{LightMethod, Request, Route};

use super::rest::{self, Rest, RestError};
use super::{render, DmChannels};
use crate::config::DiscordConfig;
use crate::delivery::files::Files;
use crate::delivery::pacing::{quota, PartsSent};
use crate::delivery::split::{split, Markup};
use crate::delivery::{Placement, SendResult, Sender};
use crate::domain::{CopyOp, Destination, Level, Outbound, ThreadOp, TicketId, EDITED_MARK};

/// Discord thread names are 1–100 characters.
const MAX_THREAD_NAME: usize = 100;

pub struct DiscordSender {
    pub(super) rest: Rest,
    pub(super) config: Arc<DiscordConfig>,
    dms: DmChannels,
    /// Discord allows about 5 messages per 5 s in one channel and 50
    /// requests per second overall; pacing below that avoids most 429s.
    channels: DefaultKeyedRateLimiter<u64>,
    global: DefaultDirectRateLimiter,
    /// Parts already sent of a message that was interrupted (429, outage),
    /// so a retry does not repeat them.
    pub(super) progress: PartsSent,
    /// Where the files of both platforms are fetched from.
    pub(super) files: Arc<Files>,
    /// The forum of each ticket post seen, by thread id.
    parents: std::collections::HashMap<u64, u64>,
}

impl DiscordSender {
    pub fn new(rest: Rest, config: Arc<DiscordConfig>, dms: DmChannels, files: Arc<Files>) -> Self {
        DiscordSender {
            rest,
            config,
            dms,
            // Discord's buckets reset every 5 s: 5 at once then one a
            // second would put 9 in one window. Evenly paced, never over.
            channels: RateLimiter::keyed(Quota::per_second(quota(1)).allow_burst(quota(1))),
            // 50 requests/s per bot; 48 leaves room for HTTP jitter.
            global: RateLimiter::direct(Quota::per_second(quota(48)).allow_burst(quota(1))),
            progress: PartsSent::default(),
            files,
            parents: std::collections::HashMap::new(),
        }
    }

    pub(super) async fn throttle(&self, channel: ChannelId) {
        self.channels.until_key_ready(&channel.get()).await;
        self.global.until_ready().await;
    }

    async fn call(&self, request: Request<'_>) -> Result<serde_json::Value, RestError> {
        self.rest.call(request).await
    }

    async fn create_message(&self, channel: ChannelId, message: CreateMessage) -> Result<serde_json::Value, RestError> {
        self.throttle(channel).await;
        let body = serde_json::to_vec(&message.allowed_mentions(render::no_mentions())).ok();
        self.call(Request::new(Route::ChannelMessages { channel_id: channel }, LightMethod::Post).body(body)).await
    }

    /// Posts `parts` in order, skipping those a previous attempt of the
    /// same message delivered; the components go on the last part. The
    /// parts posted are added to `posted` as `<channel>:<message id>`.
    async fn post(
        &mut self,
        channel: ChannelId,
        message: &Outbound,
        parts: &[String],
        components: Vec<CreateActionRow>,
        posted: &mut Vec<String>,
    ) -> Result<(), RestError> {
        let done = self.progress.resume_at(message);
        let last = parts.len().saturating_sub(1);
        for (i, part) in parts.iter().enumerate().skip(done) {
            let mut create = CreateMessage::new().content(part.clone());
            if i == last && !components.is_empty() {
                create = create.components(components.clone());
            }
            match self.create_message(channel, create).await {
                Ok(json) => {
                    if let Some(id) = rest::id_of(&json) {
                        posted.push(format!("{channel}:{id}"));
                    }
                }
                Err(e) => {
                    self.progress.interrupted(message, i);
                    return Err(e);
                }
            }
        }
        self.progress.finished(message);
        Ok(())
    }

    /// Changes or removes the copies `op` names (`<channel>:<message>`). A
    /// copy Discord will not change (deleted meanwhile, the new text needs
    /// more parts) gets the new text posted anew with the edited mark; one
    /// it will not delete gets the message's notice.
    async fn change_copies(&mut self, op: &CopyOp, message: &Outbound, space: &mut Placement) -> SendResult {
        let (refs, editing) = match op {
            CopyOp::Edit { refs } => (refs, true),
            CopyOp::Delete { refs } => (refs, false),
        };
        let parts = render::render(message);
        let mut unchanged = false;
        for copy in refs {
            let Some((channel, id)) = copy.split_once(':') else { continue };
            let (Some(channel), Some(id)) = (rest::snowflake(channel), rest::snowflake(id)) else { continue };
            let (channel_id, message_id) = (ChannelId::from(channel), MessageId::from(id));
            let route = Route::ChannelMessage { channel_id, message_id };
            self.throttle(channel_id).await;
            let result = if editing && parts.len() == 1 && refs.len() == 1 {
                let body = serde_json::to_vec(&json!({ "content": parts[0] })).ok();
                self.call(Request::new(route, LightMethod::Patch).body(body)).await.map(drop)
            } else if editing {
                unchanged = true;
                continue;
            } else {
                self.call(Request::new(route, LightMethod::Delete)).await.map(drop)
            };
            match result {
                Ok(()) => {}
                // Unknown Message: already gone, nothing left to delete.
                Err(RestError::Refused { code: 10008, .. }) if !editing => {}
                Err(e) => match classify(e) {
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

    /// The DM channel with `user`, opened (and remembered) if unknown.
    async fn dm_channel(&self, user: u64) -> Result<ChannelId, RestError> {
        if let Some(channel) = self.dms.lock().ok().and_then(|dms| dms.get(&user).copied()) {
            if let Some(channel) = rest::channel(channel) {
                return Ok(channel);
            }
        }
        // Opening a DM is a request like any other for the global limit.
        self.global.until_ready().await;
        let body = serde_json::to_vec(&json!({ "recipient_id": user.to_string() })).ok();
        let json = self.call(Request::new(Route::UserMeDmChannels, LightMethod::Post).body(body)).await?;
        let id = rest::id_of(&json).ok_or_else(|| RestError::Unavailable("the DM channel has no id".into()))?;
        if let Ok(mut dms) = self.dms.lock() {
            dms.insert(user, id.get());
        }
        Ok(ChannelId::from(id))
    }

    async fn send_user(&mut self, chat_id: &str, message: &Outbound, space: &mut Placement) -> SendResult {
        let Some(user) = rest::snowflake(chat_id) else {
            return SendResult::Failed { error: format!("`{chat_id}` is not a Discord user id") };
        };
        let channel = match self.dm_channel(user.get()).await {
            Ok(channel) => channel,
            Err(e) => return classify(e),
        };
        let parts = render::render(message);
        let mut posted = Vec::new();
        let sent = self.post(channel, message, &parts, render::components(&message.choices), &mut posted).await;
        let result = match sent {
            Ok(()) => self.send_file(channel, message, parts.len(), &mut posted).await,
            Err(e) => classify(e),
        };
        space.posted.extend(posted);
        result
    }

    /// Changes a thread; refusals are logged, not retried (a thread already
    /// in that state, a tag deleted since).
    async fn edit_thread(&self, thread: ChannelId, edit: EditThread<'_>) -> Result<(), RestError> {
        let body = serde_json::to_vec(&edit).ok();
        match self.call(Request::new(Route::Channel { channel_id: thread }, LightMethod::Patch).body(body)).await {
            Err(RestError::Refused { status, code, message }) => {
                tracing::warn!(status, code, %message, %thread, "thread change refused");
                Ok(())
            }
            other => other.map(drop),
        }
    }

    fn tagged(&self, edit: EditThread<'static>, level: Level, status: &str) -> EditThread<'static> {
        let tags = self.config.tags_for(level, status);
        if tags.is_empty() {
            edit
        } else {
            edit.applied_tags(rest::tags(&tags))
        }
    }

    /// A new forum post for the ticket: the card holds the start of the
    /// text, the rest follows as messages in the thread.
    async fn open_post(
        &mut self,
        ticket: TicketId,
        level: Level,
        forum: ChannelId,
        message: &Outbound,
        space: &mut Placement,
    ) -> SendResult {
        let title = match &message.thread {
            Some(ThreadOp::Open { title } | ThreadOp::Move { title }) => title.clone(),
            _ => format!("Ticket {ticket}"),
        };
        let text = render::escape(&message.text);
        let chunks = split(&text, render::MAX_EMBED_CHARS, Markup::Markdown);
        let card: CreateEmbed = render::card(&title, chunks.first().map_or("", String::as_str), level);
        let name: String = title.chars().take(MAX_THREAD_NAME).collect();
        let post = CreateForumPost::new(
            if name.trim().is_empty() { format!("Ticket {ticket}") } else { name },
            CreateMessage::new().embed(card).allowed_mentions(render::no_mentions()),
        )
        .set_applied_tags(rest::tags(&self.config.tags_for(level, "open")));
        self.throttle(forum).await;
        let body = serde_json::to_vec(&post).ok();
        let created =
            self.call(Request::new(Route::ChannelForumPosts { channel_id: forum }, LightMethod::Post).body(body));
        let thread = match created.await.map(|json| rest::id_of(&json)) {
            Ok(Some(id)) => ChannelId::from(id),
            Ok(None) => return SendResult::Failed { error: "Discord returned a forum post without an id".into() },
            Err(e) => return classify(e),
        };
        space.opened = Some(thread.to_string());
        let rest: Vec<String> =
            chunks.iter().skip(1).flat_map(|c| split(c, render::MAX_MESSAGE_CHARS, Markup::Markdown)).collect();
        match self.post(thread, message, &rest, Vec::new(), &mut space.posted).await {
            Ok(()) => self.send_file(thread, message, rest.len(), &mut space.posted).await,
            Err(e) => classify(e),
        }
    }

    /// The forum a thread belongs to, asked once per thread and process.
    async fn forum_of(&mut self, thread: ChannelId) -> Result<Option<u64>, RestError> {
        if let Some(parent) = self.parents.get(&thread.get()) {
            return Ok(Some(*parent));
        }
        let parent = self.parent_of(thread).await?;
        if let Some(parent) = parent {
            self.parents.insert(thread.get(), parent);
        }
        Ok(parent)
    }

    /// The forum a thread belongs to.
    async fn parent_of(&self, thread: ChannelId) -> Result<Option<u64>, RestError> {
        let json = self.call(Request::new(Route::Channel { channel_id: thread }, LightMethod::Get)).await?;
        Ok(json["parent_id"].as_str().and_then(rest::snowflake).map(|id| id.get()))
    }

    async fn send_staff(
        &mut self,
        ticket: TicketId,
        level: Level,
        message: &Outbound,
        space: &mut Placement,
    ) -> SendResult {
        let Some(forum) = self.config.staff_forum_for(level).and_then(rest::channel) else {
            return SendResult::Failed { error: format!("no Discord staff forum is configured for {level}") };
        };
        let stored = space.known.as_deref().and_then(rest::snowflake).map(ChannelId::from);
        let Some(thread) = stored else {
            return self.open_post(ticket, level, forum, message, space).await;
        };
        if !matches!(message.thread, Some(ThreadOp::Move { .. })) {
            // A post left in a forum the config no longer names (the staff
            // forum was changed): as good as lost, so it opens anew there.
            match self.forum_of(thread).await {
                Ok(Some(parent)) if parent != forum.get() => {
                    let error = format!("the ticket's post is in forum {parent}, not in the staff forum {forum}");
                    return SendResult::SpaceGone { error };
                }
                Ok(_) => {}
                Err(e) => return gone_or(e),
            }
        }
        let changed = match &message.thread {
            Some(ThreadOp::Move { title }) => match self.parent_of(thread).await {
                Ok(Some(parent)) if parent != forum.get() => {
                    // Another level's forum: the old post is archived and a
                    // new one opens where that level's staff work.
                    self.edit_thread(thread, EditThread::new().archived(true)).await.ok();
                    return self.open_post(ticket, level, forum, message, space).await;
                }
                Ok(_) => {
                    let name: String = title.chars().take(MAX_THREAD_NAME).collect();
                    self.edit_thread(thread, self.tagged(EditThread::new().name(name), level, "open")).await
                }
                Err(e) => Err(e),
            },
            Some(ThreadOp::Reopen) => {
                let edit = EditThread::new().archived(false).locked(false);
                self.edit_thread(thread, self.tagged(edit, level, "open")).await
            }
            _ => Ok(()),
        };
        if let Err(e) = changed {
            return gone_or(e);
        }
        let parts = render::render(message);
        if let Err(e) = self.post(thread, message, &parts, Vec::new(), &mut space.posted).await {
            return gone_or(e);
        }
        match self.send_file(thread, message, parts.len(), &mut space.posted).await {
            SendResult::Sent => {}
            other => return other,
        }
        if message.thread == Some(ThreadOp::Close) {
            // Archived threads do not count towards the guild's 1000
            // active threads; a later message unarchives it.
            if let Err(error) =
                self.edit_thread(thread, self.tagged(EditThread::new(), level, "closed").archived(true)).await
            {
                tracing::warn!(%error, %ticket, "archiving the forum post failed");
            }
        }
        SendResult::Sent
    }
}

#[async_trait]
impl Sender for DiscordSender {
    async fn send(&mut self, message: &Outbound, space: &mut Placement) -> SendResult {
        if let Some(op) = &message.copies {
            return self.change_copies(op, message, space).await;
        }
        match &message.destination {
            Destination::User { chat_id } => self.send_user(chat_id, message, space).await,
            Destination::Staff { ticket, level } => self.send_staff(*ticket, *level, message, space).await,
            Destination::StaffAlerts => match self.config.alerts_channel_id.and_then(rest::channel) {
                Some(channel) => {
                    match self.post(channel, message, &render::render(message), Vec::new(), &mut space.posted).await {
                        Ok(()) => SendResult::Sent,
                        Err(e) => classify(e),
                    }
                }
                None => {
                    tracing::debug!("no discord.alerts_channel_id: staff alert dropped");
                    SendResult::Sent
                }
            },
        }
    }
}

/// Unknown Channel (10003) for the ticket's stored post: someone deleted
/// it, so the worker opens a new one; anything else as `classify`.
fn gone_or(error: RestError) -> SendResult {
    match error {
        RestError::Refused { code: 10003, .. } => SendResult::SpaceGone { error: error.to_string() },
        other => classify(other),
    }
}

/// 429 → retry after Discord's delay; no answer → retry (the outbox backs
/// off); anything Discord refused → failed for good.
pub fn classify(error: RestError) -> SendResult {
    match error {
        RestError::RateLimited { after, .. } => SendResult::RateLimited { after, error: error.to_string() },
        RestError::Unavailable(_) => SendResult::Retry { after: Duration::from_secs(1), error: error.to_string() },
        RestError::Refused { .. } => SendResult::Failed { error: error.to_string() },
    }
}
