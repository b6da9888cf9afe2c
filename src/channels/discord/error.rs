//! Why the Discord adapter could not start or stopped, for the person
//! running `escala run`; the token is masked in every text.

use serenity::gateway::GatewayError;
use serenity::http::HttpError;

use crate::config::ConfigError;

#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error("Discord refused the bot token (401 Unauthorized): check ESCALA_DISCORD_TOKEN")]
    InvalidToken,
    #[error("ESCALA_DISCORD_TOKEN is empty")]
    EmptyToken,
    #[error("cannot reach the Discord API ({0}): check the network")]
    Unreachable(String),
    #[error("the Discord gateway refused the bot token: check ESCALA_DISCORD_TOKEN")]
    GatewayRefusedToken,
    #[error(
        "Discord refused the gateway intents: enable the MESSAGE CONTENT intent under Bot → Privileged Gateway Intents in the developer portal"
    )]
    Intents,
    #[error("cannot build the HTTP client for Discord: {0}")]
    HttpClient(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("registering the slash commands of {scope} failed: {detail}")]
    SlashCommands { scope: String, detail: String },
    #[error("Discord: {0}")]
    Other(String),
}

/// Text of an error with the token masked, should a library ever print it.
pub(super) fn masked(error: &dyn std::fmt::Display, token: &str) -> String {
    let text = error.to_string();
    let bare = token.trim_start_matches("Bot ").trim();
    if bare.is_empty() {
        text
    } else {
        text.replace(bare, "<token>")
    }
}

/// Why starting failed, from what serenity said.
pub(super) fn start_error(error: &serenity::Error, token: &str) -> DiscordError {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) if response.status_code.as_u16() == 401 => {
            DiscordError::InvalidToken
        }
        serenity::Error::Http(HttpError::Request(e)) => DiscordError::Unreachable(masked(e, token)),
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => DiscordError::GatewayRefusedToken,
        serenity::Error::Gateway(GatewayError::DisallowedGatewayIntents | GatewayError::InvalidGatewayIntents) => {
            DiscordError::Intents
        }
        other => DiscordError::Other(masked(other, token)),
    }
}
