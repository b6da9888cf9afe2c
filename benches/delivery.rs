//! Delivery pacing: a burst of 2 000 messages to 200 chats through the real
//! senders and outbox worker, against the fake Telegram Bot API and the fake
//! Discord REST API, each enforcing its platform's published limits
//! (Telegram: 1 message/s per chat, ~30/s overall; Discord: 50 requests/s,
//! 5 messages per 5 s per channel). Prints the time to drain against the
//! theoretical minimum under those limits (ratio, target ≤ 1.1) and the
//! 429s received (target 0). `MESSAGES` and `CHATS` override the sizes;
//! `--json` prints one JSON object per platform.

// The fakes of the integration tests, compiled into this target too (they
// name each other as `super::`, siblings here as in `tests/it/support/`).
#[path = "../tests/it/support/discord_gateway.rs"]
mod discord_gateway;
#[path = "../tests/it/support/discord_spec.rs"]
mod discord_spec;
#[path = "../tests/it/support/fake_discord.rs"]
mod fake_discord;
#[path = "../tests/it/support/fake_telegram.rs"]
mod fake_telegram;
#[path = "../tests/it/support/multipart.rs"]
mod multipart;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use escala::channels::telegram::{make_bot, TelegramSender};
use escala::config::TelegramConfig;
use escala::delivery::Outbox;
use escala::domain::{Channel, Destination, Outbound, TextFormat};
use escala::store::{sqlite::SqliteStore, Store};
use fake_telegram::{FakeTelegram, TOKEN};

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// 2000 messages to 200 chats, queued at once in a fresh outbox.
async fn queued(
    channel: Channel,
    messages: usize,
    chats: usize,
) -> anyhow::Result<(Arc<dyn Store>, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("delivery.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await?);
    let mut tx = store.begin().await?;
    for i in 0..messages {
        let message = Outbound {
            channel,
            destination: Destination::User { chat_id: (10_000 + i % chats).to_string() },
            text: format!("Update {i}: your ticket moved on."),
            format: TextFormat::Plain,
            choices: Vec::new(),
            thread: None,
            attachment: None,
            ticket: None,
            relay: false,
            source: None,
            copies: None,
        };
        tx.enqueue(&message, Utc::now()).await?;
    }
    tx.commit().await?;
    Ok((store, dir))
}

/// Drains the outbox through `sender`; the seconds it took.
async fn drain(
    store: &Arc<dyn Store>,
    channel: Channel,
    sender: &mut dyn escala::delivery::Sender,
) -> anyhow::Result<f64> {
    let outbox = Outbox::new(store.clone());
    let started = Instant::now();
    while store.outbox_depth().await? > 0 {
        let sent = outbox.drain_once(channel, sender, Utc::now()).await?;
        if sent == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    Ok(started.elapsed().as_secs_f64())
}

struct Row {
    platform: &'static str,
    messages: usize,
    chats: usize,
    delivered: usize,
    drained: f64,
    minimum: f64,
    too_many: usize,
}

impl Row {
    fn print(&self, json: bool) {
        let ratio = self.drained / self.minimum.max(f64::EPSILON);
        if json {
            println!(
                "{}",
                serde_json::json!({"platform": self.platform, "messages": self.messages, "chats": self.chats,
                    "delivered": self.delivered, "drain_secs": self.drained, "minimum_secs": self.minimum,
                    "ratio": ratio, "status_429": self.too_many})
            );
        } else {
            println!(
                "{:<9} {:>9} {:>6} {:>10} {:>11.1} {:>12.1} {:>7.2} {:>5}",
                self.platform,
                self.messages,
                self.chats,
                self.delivered,
                self.drained,
                self.minimum,
                ratio,
                self.too_many
            );
        }
    }
}

async fn telegram(messages: usize, chats: usize) -> anyhow::Result<Row> {
    let fake = FakeTelegram::start().await;
    fake.enforce_limits();
    let (store, _dir) = queued(Channel::Telegram, messages, chats).await?;
    let config = Arc::new(TelegramConfig { api_url: Some(fake.url.clone()), ..TelegramConfig::default() });
    let overall_rate = f64::from(config.messages_per_second);
    let bot = make_bot(TOKEN, &config)?;
    let mut sender = TelegramSender::new(bot, config, Default::default());
    let drained = drain(&store, Channel::Telegram, &mut sender).await?;
    // The first message to each chat and the first overall go at once; the
    // rest wait for the slowest of the limits.
    let per_chat = messages.div_ceil(chats);
    let minimum = (messages.saturating_sub(1) as f64 / overall_rate).max(per_chat.saturating_sub(1) as f64);
    let too_many = fake.calls().iter().filter(|c| c.status == 429).count();
    let delivered = fake.sent("sendMessage").len();
    Ok(Row { platform: "telegram", messages, chats, delivered, drained, minimum, too_many })
}

async fn discord(messages: usize, chats: usize) -> anyhow::Result<Row> {
    use escala::channels::discord::{rest::Rest, DiscordSender, DmChannels};
    use escala::config::DiscordConfig;
    let fake = fake_discord::FakeDiscord::start().await;
    fake.enforce_limits();
    let (store, _dir) = queued(Channel::Discord, messages, chats).await?;
    let rest = Rest::new(reqwest::Client::new(), format!("Bot {}", fake_discord::TOKEN), Some(fake.url.clone()));
    let config = Arc::new(DiscordConfig { api_url: Some(fake.url.clone()), ..DiscordConfig::default() });
    let mut sender = DiscordSender::new(rest, config, DmChannels::default(), Default::default());
    let drained = drain(&store, Channel::Discord, &mut sender).await?;
    let calls = fake.calls();
    let too_many = calls.iter().filter(|c| c.status == 429).count();
    let delivered = calls.iter().filter(|c| c.route == "/channels/{channel_id}/messages" && c.status == 200).count();
    // Every accepted request (opening the DMs too) within 50/s; each
    // channel's messages in windows of 5 per 5 s.
    let accepted = calls.len() - too_many;
    let per_chat = messages.div_ceil(chats);
    let minimum = (accepted.saturating_sub(1) as f64 / 50.0).max((per_chat.saturating_sub(1) / 5) as f64 * 5.0);
    Ok(Row { platform: "discord", messages, chats, delivered, drained, minimum, too_many })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let json = std::env::args().any(|a| a == "--json");
    let messages = size("MESSAGES", 2000);
    let chats = size("CHATS", 200).max(1);
    if !json {
        println!("delivery against fakes enforcing each platform's published limits");
        println!(
            "{:<9} {:>9} {:>6} {:>10} {:>11} {:>12} {:>7} {:>5}",
            "platform", "messages", "chats", "delivered", "drain s", "minimum s", "ratio", "429s"
        );
    }
    telegram(messages, chats).await?.print(json);
    discord(messages, chats).await?.print(json);
    Ok(())
}
