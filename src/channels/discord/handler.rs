//! The gateway side: serenity's event handler. DMs and slash commands go to
//! the engine as a user's messages; messages in a guild channel go to it as
//! staff posts (the engine knows which channels are tickets' posts), with
//! the levels the author's roles grant; button and menu presses become
//! choices. Interactions are acknowledged before the engine runs, well
//! within Discord's three seconds.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use serenity::all::{
    ChannelId, CommandInteraction, Context, CreateMessage, EditInteractionResponse, EventHandler, Interaction, Message,
    MessageId, MessageUpdateEvent, Ready,
};

use super::event::{self, DiscordEvent, GuildText};
use super::rest::Rest;
use super::{render, slash, DmChannels};
use crate::config::DiscordConfig;
use crate::domain::{Channel, Inbound, Lang};
use crate::engine::{i18n, Engine, StaffPost, StaffReply};

/// Attempts at a user's message before telling them it failed (a busy
/// database): the gateway does not redeliver events.
const ATTEMPTS: u32 = 3;

pub struct Handler {
    pub(super) engine: Arc<Engine>,
    config: Arc<DiscordConfig>,
    pub(super) dms: DmChannels,
    /// The REST client, for catching up after downtime (`backfill`).
    pub(super) rest: Rest,
    registered: AtomicBool,
}

impl Handler {
    pub fn new(engine: Arc<Engine>, config: Arc<DiscordConfig>, dms: DmChannels, rest: Rest) -> Handler {
        Handler { engine, config, dms, rest, registered: AtomicBool::new(false) }
    }

    fn lang_of(&self, inbound: &Inbound) -> Lang {
        inbound.sender.locale.as_deref().and_then(Lang::from_locale).unwrap_or(self.engine.settings().fallback_lang)
    }

    /// Hands a user's update to the engine; `false` if it could not be
    /// handled (the user has been told).
    pub(super) async fn user(&self, ctx: &Context, inbound: Inbound) -> bool {
        let lang = self.lang_of(&inbound);
        let user = inbound.sender.external_id.clone();
        for attempt in 1..=ATTEMPTS {
            match self.engine.handle(inbound.clone()).await {
                Ok(_) => return true,
                Err(error) if attempt < ATTEMPTS => tracing::warn!(%error, attempt, "discord update failed; retrying"),
                Err(error) => tracing::error!(%error, key = ?inbound.key, "discord update not handled"),
            }
            tokio::time::sleep(std::time::Duration::from_millis(200 * u64::from(attempt))).await;
        }
        // The engine could not record anything, so the outbox cannot carry
        // the apology: it goes straight to the DM.
        let dm = self.dms.lock().ok().and_then(|dms| dms.get(&user.parse().unwrap_or(0)).copied());
        if let Some(channel) = dm.and_then(super::rest::channel) {
            say(ctx, channel, &i18n::t(lang, "processing-failed", &[])).await;
        }
        false
    }

    /// What someone wrote in a guild channel, as a staff post (`key` is
    /// the message or interaction id, or an edit's).
    async fn staff(&self, said: GuildText, key: String) -> StaffReply {
        // An edit comes without the author's roles; only the author can edit
        // a Discord message, and the engine changes only what it relayed
        // after checking that author's rights.
        let levels = if said.edited {
            crate::domain::Level::STAFFED.to_vec()
        } else {
            self.config.staff_levels(said.author_id, &said.roles)
        };
        let post = StaffPost {
            channel: Channel::Discord,
            thread_ref: said.channel_id.to_string(),
            author_id: said.author_id.to_string(),
            levels,
            author_name: said.author_name,
            text: said.text,
            key,
            source: said.source,
            edited: said.edited,
            attachment: said.attachment,
        };
        self.engine.staff_post(post, Utc::now()).await
    }

    async fn command(&self, ctx: &Context, command: CommandInteraction) {
        let in_guild = command.guild_id.is_some();
        // Acknowledge first: the engine may take longer than Discord's 3 s.
        let acked = if in_guild { command.defer_ephemeral(&ctx.http).await } else { command.defer(&ctx.http).await };
        if let Err(error) = acked {
            tracing::warn!(%error, "acknowledging a slash command failed");
        }
        // In a ticket's post the agent meant the staff command.
        let staff_reply = match in_guild {
            true => {
                let (name, args) = event::command_text(&command);
                let said = GuildText {
                    channel_id: command.channel_id.get(),
                    author_id: command.user.id.get(),
                    author_name: command
                        .member
                        .as_ref()
                        .map_or_else(|| event::display_name(&command.user), |m| m.display_name().to_string()),
                    roles: command
                        .member
                        .as_ref()
                        .map(|m| m.roles.iter().map(|r| r.get()).collect())
                        .unwrap_or_default(),
                    text: format!("/{name} {args}").trim().to_string(),
                    source: None,
                    edited: false,
                    attachment: None,
                };
                self.staff(said, command.id.get().to_string()).await
            }
            false => StaffReply::NotATicket,
        };
        let follow_up = match staff_reply {
            StaffReply::Done => None,
            StaffReply::Answer(text) | StaffReply::Retry(text) => Some(text),
            StaffReply::NotATicket => {
                let inbound = event::command_inbound(&command, Utc::now());
                let lang = self.lang_of(&inbound);
                if !self.user(ctx, inbound).await {
                    Some(i18n::t(lang, "processing-failed", &[]))
                } else if in_guild {
                    Some(i18n::t(lang, "discord-answer-in-dm", &[]))
                } else {
                    None
                }
            }
        };
        let done = match follow_up {
            // In a DM the answer arrives as the next message: the
            // "thinking…" placeholder is no longer needed.
            None => command.delete_response(&ctx.http).await,
            Some(text) => {
                let edit = EditInteractionResponse::new().content(text).allowed_mentions(render::no_mentions());
                command.edit_response(&ctx.http, edit).await.map(drop)
            }
        };
        if let Err(error) = done {
            tracing::warn!(%error, "following up a slash command failed");
        }
    }
}

impl Handler {
    /// The second and later files of `message`, each relayed on its own.
    pub(super) async fn extra_files(&self, ctx: &Context, message: &Message) {
        for (key, event) in event::extra_files(message) {
            match event {
                DiscordEvent::User(inbound) => {
                    self.user(ctx, inbound).await;
                }
                DiscordEvent::Guild(said) => self.guild(ctx, said, key).await,
                DiscordEvent::Ignore => {}
            }
        }
    }

    /// A message (or an edit) in a guild channel; the engine's answer, if
    /// any, goes back there.
    pub(super) async fn guild(&self, ctx: &Context, said: GuildText, key: String) {
        let channel = super::rest::channel(said.channel_id);
        match self.staff(said, key).await {
            StaffReply::NotATicket | StaffReply::Done => {}
            StaffReply::Answer(reply) | StaffReply::Retry(reply) => {
                if let Some(channel) = channel {
                    say(ctx, channel, &render::escape(&reply)).await;
                }
            }
        }
    }
}

/// A direct answer (a refusal, an error) outside the outbox.
async fn say(ctx: &Context, channel: ChannelId, text: &str) {
    let message = CreateMessage::new().content(text).allowed_mentions(render::no_mentions());
    if let Err(error) = channel.send_message(&ctx.http, message).await {
        tracing::warn!(%error, %channel, "direct reply failed");
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(bot = %ready.user.name, shard = ?ready.shard, "discord gateway ready");
        if self.config.register_commands && !self.registered.swap(true, Ordering::SeqCst) {
            if let Err(error) = slash::register(&ctx.http, &self.config.guild_ids).await {
                tracing::error!(%error, "registering the slash commands failed");
            }
        }
        // A READY is a new session: at start, or after a RESUME failed.
        // DMs arrive on shard 0, which catches up for the whole bot.
        if ready.shard.is_none_or(|shard| shard.id.0 == 0) {
            self.catch_up(&ctx).await;
        }
    }

    async fn message(&self, ctx: Context, message: Message) {
        match event::classify_message(&message) {
            DiscordEvent::Ignore => {}
            DiscordEvent::User(inbound) => {
                if let Ok(mut dms) = self.dms.lock() {
                    dms.insert(message.author.id.get(), message.channel_id.get());
                }
                self.user(&ctx, inbound).await;
            }
            DiscordEvent::Guild(said) => self.guild(&ctx, said, message.id.get().to_string()).await,
        }
        self.extra_files(&ctx, &message).await;
    }

    async fn message_update(
        &self,
        ctx: Context,
        _old: Option<Message>,
        _new: Option<Message>,
        update: MessageUpdateEvent,
    ) {
        match event::classify_update(&update, Utc::now()) {
            DiscordEvent::Ignore => {}
            DiscordEvent::User(inbound) => {
                self.user(&ctx, inbound).await;
            }
            DiscordEvent::Guild(said) => {
                let key =
                    format!("{}:edit:{}", update.id.get(), update.edited_timestamp.map_or(0, |t| t.unix_timestamp()));
                self.guild(&ctx, said, key).await;
            }
        }
    }

    async fn message_delete(
        &self,
        _ctx: Context,
        channel: ChannelId,
        message: MessageId,
        _guild: Option<serenity::all::GuildId>,
    ) {
        let source = event::source_of(channel.get(), message.get());
        let key = format!("{}:delete", message.get());
        for attempt in 1..=ATTEMPTS {
            match self.engine.message_deleted(&source, Some((Channel::Discord, key.as_str())), Utc::now()).await {
                Ok(_) => return,
                Err(error) if attempt < ATTEMPTS => tracing::warn!(%error, attempt, "a deletion failed; retrying"),
                Err(error) => tracing::error!(%error, %source, "a deletion was not passed on"),
            }
            tokio::time::sleep(std::time::Duration::from_millis(200 * u64::from(attempt))).await;
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(command) => self.command(&ctx, command).await,
            Interaction::Component(component) => {
                if let Err(error) = component.defer(&ctx.http).await {
                    tracing::warn!(%error, "acknowledging a button press failed");
                }
                if let Some(inbound) = event::component_inbound(&component, Utc::now()) {
                    if component.guild_id.is_none() {
                        if let Ok(mut dms) = self.dms.lock() {
                            dms.insert(component.user.id.get(), component.channel_id.get());
                        }
                    }
                    self.user(&ctx, inbound).await;
                }
            }
            _ => {}
        }
    }
}
