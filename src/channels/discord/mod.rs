//! The Discord adapter: the gateway (serenity) turns DMs, slash commands,
//! component presses and staff messages in forum posts into the engine's
//! `Inbound` values and staff posts; the outbox sender turns `Outbound`
//! messages into REST calls for users' DMs, the staff forum and the alerts
//! channel. Which instance delivers is the runtime's business.

mod backfill;
mod error;
pub mod event;
mod handler;
pub mod render;
pub mod rest;
mod sender;
mod slash;
mod upload;

use std::collections::HashMap;
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serenity::all::{ApplicationId, ClientBuilder, GatewayIntents, HttpBuilder};
use serenity::http::Http;
use tokio_util::sync::CancellationToken;

use crate::config::{DiscordConfig, Shards};
use crate::engine::Engine;

pub use error::DiscordError;
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

/// A bot whose token Discord accepted, with what the gateway and the
/// sender share: the REST client and the DM channels learnt so far.
pub struct Connected {
    http: Http,
    rest: rest::Rest,
    shards: Shards,
    token: String,
    pub dms: DmChannels,
    /// The bot's user name, for the logs.
    pub name: String,
}

/// Builds the clients and checks the token (`GET /users/@me`), so a wrong
/// token or no network stops the start with a message saying which.
pub async fn connect(token: &str, config: &DiscordConfig) -> Result<Connected, DiscordError> {
    let shards = config.shards()?;
    let token = token.trim().to_string();
    if token.is_empty() {
        return Err(DiscordError::EmptyToken);
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| DiscordError::HttpClient(e.to_string()))?;
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
    let me = http.get_current_user().await.map_err(|e| error::start_error(&e, &token))?;
    let rest = rest::Rest::new(client, http.token().to_string(), proxy);
    Ok(Connected { http, rest, shards, token, dms: DmChannels::default(), name: me.name.clone() })
}

impl Connected {
    /// The outbox sender, sharing the DM channels the gateway learns.
    pub fn sender(&self, config: Arc<DiscordConfig>, files: Arc<crate::delivery::files::Files>) -> DiscordSender {
        DiscordSender::new(self.rest.clone(), config, self.dms.clone(), files)
    }

    /// Runs this instance's gateway shards until `shutdown`, handing what
    /// they dispatch to `engine`.
    pub async fn run_gateway(
        self,
        engine: Arc<Engine>,
        config: Arc<DiscordConfig>,
        shutdown: CancellationToken,
    ) -> Result<(), DiscordError> {
        let handler = handler::Handler::new(engine, config, self.dms.clone(), self.rest.clone());
        let token = self.token;
        let mut client = ClientBuilder::new_with_http(self.http, intents())
            .event_handler(handler)
            .await
            .map_err(|e| error::start_error(&e, &token))?;
        let manager = client.shard_manager.clone();
        let started = async {
            match self.shards {
                Shards::Auto => client.start_autosharded().await,
                Shards::Range { first, last, total } => client.start_shard_range(first..last, total).await,
            }
        };
        tokio::select! {
            result = started => result.map_err(|e| error::start_error(&e, &token)),
            _ = shutdown.cancelled() => {
                manager.shutdown_all().await;
                Ok(())
            }
        }
    }
}

/// The names of the slash commands the bot registers, for `escala doctor`.
pub fn slash_command_names() -> Vec<String> {
    slash::commands()
        .iter()
        .filter_map(|command| serde_json::to_value(command).ok())
        .filter_map(|json| json["name"].as_str().map(str::to_string))
        .collect()
}
