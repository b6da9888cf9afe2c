//! `escala run`: the platform adapters whose tokens are set, each with its
//! outbox delivery. On several instances sharing PostgreSQL, one instance
//! at a time polls Telegram and one delivers each platform's outbox (a
//! role held through the store); webhooks and Discord shards take updates
//! on every instance.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::{App, StartError};
use crate::channels::{discord, telegram};
use crate::domain::Channel;

/// The platforms to run, with their secrets from the environment.
#[derive(Debug, Default)]
pub struct Platforms {
    pub telegram: Option<telegram::Credentials>,
    /// The Discord bot token.
    pub discord: Option<Secret>,
}

/// A secret that never prints.
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<hidden>")
    }
}

impl App {
    /// Runs the configured platforms and the SLA sweeper until `shutdown`.
    /// One adapter failing (a bad token, say) stops the others, so the
    /// process exits with the error instead of running half-deaf.
    pub async fn run(&self, platforms: Platforms, shutdown: CancellationToken) -> Result<(), StartError> {
        if platforms.telegram.is_none() && platforms.discord.is_none() {
            return Err(StartError::NoPlatform);
        }
        self.watch_kb(shutdown.clone())?;
        self.serve_metrics(shutdown.clone()).await?;
        let stop = shutdown.child_token();
        let stopping = |result: Result<(), StartError>| {
            if result.is_err() {
                stop.cancel();
            }
            result
        };
        let telegram = async {
            match platforms.telegram {
                Some(credentials) => stopping(self.run_telegram(credentials, stop.clone()).await),
                None => Ok(()),
            }
        };
        let discord = async {
            match platforms.discord {
                Some(Secret(token)) => stopping(self.run_discord(&token, stop.clone()).await),
                None => Ok(()),
            }
        };
        let adapters = async {
            let (telegram, discord) = tokio::join!(telegram, discord);
            telegram.and(discord)
        };
        // The SLA sweeper runs on every instance: its rows fire once.
        tokio::select! {
            ran = adapters => ran,
            () = self.run_upkeep(stop.clone()) => Ok(()),
        }
    }

    /// The Telegram adapter until `shutdown`. Long polling: the instance
    /// holding the Telegram role polls and delivers, others stand by.
    /// Webhook mode: every instance takes the updates posted to it, and the
    /// role holder delivers (one sender per bot keeps each chat's order and
    /// the bot's rate limits).
    pub async fn run_telegram(
        &self,
        credentials: telegram::Credentials,
        shutdown: CancellationToken,
    ) -> Result<(), StartError> {
        let config = Arc::new(self.config.telegram.clone());
        let webhook = match (&config.webhook_url, credentials.webhook_secret) {
            (None, _) => None,
            (Some(_), None) => return Err(telegram::TelegramError::WebhookSecretMissing.into()),
            (Some(url), Some(secret)) => {
                telegram::webhook::validate_secret(&secret)?;
                Some((url.clone(), secret))
            }
        };
        let connected = telegram::connect(&credentials.token, &config).await?;
        drop(credentials.token);
        if config.staff_chat_ids().is_empty() {
            tracing::warn!("no telegram.staff_chat_id configured: staff topics cannot be created");
        } else if self.engine.settings().staff_channel != Channel::Telegram {
            tracing::warn!("telegram staff chats are configured but support.staff_channel is not telegram");
        }
        let bot = connected.bot;
        let notify = self.engine.outbox_signal();
        let mut handler = telegram::UpdateHandler::new(bot.clone(), self.engine.clone(), config.clone());
        self.files.register(Channel::Telegram, Arc::new(telegram::files::TelegramFiles::new(bot.clone())));
        let mut sender = telegram::TelegramSender::new(bot.clone(), config.clone(), self.files.clone());
        if let Some((url, secret)) = webhook {
            tracing::info!(bot = %connected.username, "telegram adapter started (webhook)");
            let stop = shutdown.child_token();
            let receive = async {
                let result =
                    telegram::webhook::serve(&bot, &url, &config.webhook_listen, &secret, &mut handler, &stop).await;
                stop.cancel();
                result
            };
            let deliver = self.outbox.deliver_while_leading("telegram", Channel::Telegram, &mut sender, &notify, &stop);
            let (received, ()) = tokio::join!(receive, deliver);
            return Ok(received?);
        }
        // Several instances on one PostgreSQL database: one polls and
        // delivers, the others stand by and take over when it dies (or when
        // this one loses its database session).
        while let Some(mut leadership) = crate::delivery::lead(self.outbox.store(), "telegram", &shutdown).await {
            tracing::info!(bot = %connected.username, "telegram adapter started");
            let stop = shutdown.child_token();
            let delivery = self.outbox.run_worker(Channel::Telegram, &mut sender, &notify, &stop);
            let polling = async {
                let result = tokio::select! {
                    result = telegram::poller::poll(&bot, config.poll_timeout_secs, &mut handler, &stop) => result,
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

    /// The Discord adapter until `shutdown`: every instance runs its
    /// gateway shards; one at a time delivers the outbox.
    pub async fn run_discord(&self, token: &str, shutdown: CancellationToken) -> Result<(), StartError> {
        let config = Arc::new(self.config.discord.clone());
        let connected = discord::connect(token, &config).await?;
        tracing::info!(bot = %connected.name, "discord adapter started");
        if self.engine.settings().staff_channel != Channel::Discord {
            tracing::warn!("support.staff_channel is not discord: tickets of Discord users get no forum post");
        } else if config.staff_forum_id.is_none() && config.staff_forums.is_empty() {
            tracing::warn!("no discord.staff_forum_id configured: forum posts cannot be created");
        }
        let mut sender = connected.sender(config.clone(), self.files.clone());
        let notify = self.engine.outbox_signal();
        let stop = shutdown.child_token();
        let delivery =
            self.outbox.deliver_while_leading("discord-delivery", Channel::Discord, &mut sender, &notify, &stop);
        let gateway = async {
            let result = connected.run_gateway(self.engine.clone(), config.clone(), shutdown.clone()).await;
            stop.cancel();
            result
        };
        let ((), result) = tokio::join!(delivery, gateway);
        Ok(result?)
    }
}
