//! The Discord adapter: the gateway (serenity) for DMs, slash commands,
//! component presses and staff messages in forum posts, and the outbox
//! sender for users' DMs, the staff forum and the alerts channel.

mod config;
pub mod event;
mod handler;
pub mod render;
pub mod rest;
mod sender;
mod slash;

use std::collections::HashMap;
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use serenity::all::{ApplicationId, ClientBuilder, GatewayIntents, HttpBuilder};
use serenity::gateway::GatewayError;
use serenity::http::HttpError;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::domain::{Channel, TicketId};
use crate::engine::Engine;
use crate::runtime::App;
use crate::store::{Store, StoreResult};

pub use config::{DiscordConfig, Shards};
pub use handler::NOT_STAFF;
pub use sender::DiscordSender;

/// Users' DM channels (user id → channel id) learnt from the gateway, so
/// the sender rarely has to open one.
pub type DmChannels = Arc<Mutex<HashMap<u64, u64>>>;

/// What the bot must receive, and nothing more: GUILDS for the forum and
/// its threads, GUILD_MESSAGES for agents writing in ticket posts,
/// DIRECT_MESSAGES for users' DMs, and MESSAGE_CONTENT (privileged) to read
/// what agents write in guild threads (DM content comes without it).
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

/// The ticket ↔ forum post map, the only persistence the adapter needs.
#[async_trait]
pub trait StaffThreads: Send + Sync {
    async fn set_staff_thread(&self, ticket: TicketId, thread_id: &str) -> StoreResult<()>;
    async fn staff_thread(&self, ticket: TicketId) -> StoreResult<Option<String>>;
    async fn ticket_for_staff_thread(&self, thread_id: &str) -> StoreResult<Option<TicketId>>;
}

/// The store's staff thread map, for Discord (the ref is the thread id).
pub struct ForumPosts(pub Arc<dyn Store>);

#[async_trait]
impl StaffThreads for ForumPosts {
    async fn set_staff_thread(&self, ticket: TicketId, thread_id: &str) -> StoreResult<()> {
        self.0.set_staff_thread(ticket, Channel::Discord, thread_id, Utc::now()).await
    }
    async fn staff_thread(&self, ticket: TicketId) -> StoreResult<Option<String>> {
        self.0.staff_thread(ticket, Channel::Discord).await
    }
    async fn ticket_for_staff_thread(&self, thread_id: &str) -> StoreResult<Option<TicketId>> {
        self.0.ticket_for_staff_thread(Channel::Discord, thread_id).await
    }
}

/// Text of an error with the token masked, should a library ever print it.
fn masked(error: &dyn std::fmt::Display, token: &str) -> String {
    let text = error.to_string();
    let bare = token.trim_start_matches("Bot ").trim();
    if bare.is_empty() {
        text
    } else {
        text.replace(bare, "<token>")
    }
}

/// Why starting failed, for the person running `escala run`.
fn start_error(error: &serenity::Error, token: &str) -> anyhow::Error {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) if response.status_code.as_u16() == 401 => {
            anyhow::anyhow!("Discord refused the bot token (401 Unauthorized): check ESCALA_DISCORD_TOKEN")
        }
        serenity::Error::Http(HttpError::Request(e)) => {
            anyhow::anyhow!("cannot reach the Discord API ({}): check the network", masked(e, token))
        }
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
            anyhow::anyhow!("the Discord gateway refused the bot token: check ESCALA_DISCORD_TOKEN")
        }
        serenity::Error::Gateway(GatewayError::DisallowedGatewayIntents | GatewayError::InvalidGatewayIntents) => {
            anyhow::anyhow!(
                "Discord refused the gateway intents: enable the MESSAGE CONTENT intent under Bot → Privileged Gateway Intents in the developer portal"
            )
        }
        other => anyhow::anyhow!("Discord: {}", masked(other, token)),
    }
}

/// Runs the adapter until `shutdown`: the gateway feeds the engine and the
/// Discord outbox is delivered.
pub async fn run(app: &App, token: String, config: DiscordConfig, shutdown: CancellationToken) -> anyhow::Result<()> {
    let shards = config.shards().map_err(anyhow::Error::msg)?;
    let token = token.trim().to_string();
    anyhow::ensure!(!token.is_empty(), "ESCALA_DISCORD_TOKEN is empty");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| anyhow::anyhow!("cannot build the HTTP client for Discord: {e}"))?;
    let mut builder = HttpBuilder::new(&token).client(client.clone());
    let proxy = config.api_url.as_deref().map(|url| url.trim_end_matches('/').to_string());
    if let Some(url) = &proxy {
        // serenity's rate limiter ignores the proxy, so it has to go.
        builder = builder.proxy(url.clone()).ratelimiter_disabled(true);
    }
    if let Some(id) = config.application_id.and_then(NonZeroU64::new) {
        builder = builder.application_id(ApplicationId::from(id));
    }
    let http = builder.build();
    let me = http.get_current_user().await.map_err(|e| start_error(&e, &token))?;
    tracing::info!(bot = %me.name, "discord adapter started");
    if app.engine.settings().staff_channel != Channel::Discord {
        tracing::warn!("support.staff_channel is not discord: tickets of Discord users get no forum post");
    } else if config.staff_forum_id.is_none() && config.staff_forums.is_empty() {
        tracing::warn!("no discord.staff_forum_id configured: forum posts cannot be created");
    }
    let config = Arc::new(config);
    let threads: Arc<dyn StaffThreads> = Arc::new(ForumPosts(app.store.clone()));
    let dms = DmChannels::default();
    let notify = Arc::new(Notify::new());
    let rest = rest::Rest::new(client, http.token().to_string(), proxy);
    let mut sender = DiscordSender::new(rest, config.clone(), threads.clone(), dms.clone());
    // The handler must be 'static; the engine is cheap to build over the
    // same store and knowledge base.
    let engine = Engine::new(app.store.clone(), app.kb.clone(), app.engine.settings().clone());
    let handler = handler::Handler::new(engine, config.clone(), threads, dms, notify.clone());
    let mut client = ClientBuilder::new_with_http(http, intents())
        .event_handler(handler)
        .await
        .map_err(|e| start_error(&e, &token))?;
    let stop = shutdown.child_token();
    // Every instance runs its gateway shards; one at a time delivers.
    let delivery = crate::delivery::deliver_while_leading(
        app.store.as_ref(),
        "discord-delivery",
        Channel::Discord,
        &mut sender,
        &notify,
        &stop,
    );
    let manager = client.shard_manager.clone();
    let gateway = async {
        let started = async {
            match shards {
                Shards::Auto => client.start_autosharded().await,
                Shards::Range { first, last, total } => client.start_shard_range(first..last, total).await,
            }
        };
        let result = tokio::select! {
            result = started => result.map_err(|e| start_error(&e, &token)),
            _ = shutdown.cancelled() => {
                manager.shutdown_all().await;
                Ok(())
            }
        };
        stop.cancel();
        result
    };
    let ((), result) = tokio::join!(delivery, gateway);
    result
}
