//! Delivery pacing: a burst of 2 000 messages to 200 chats through the real
//! Telegram sender and outbox worker, against the fake Bot API enforcing
//! Telegram's published limits (1 message/s per chat, ~30/s overall).
//! Prints the time to drain against the theoretical minimum under those
//! limits, measured in the same run (ratio, target ≤ 1.1), and the 429s
//! received (target 0). `MESSAGES` and `CHATS` override the sizes;
//! `--json` prints one JSON object.

#[path = "../tests/support/fake_telegram.rs"]
mod fake_telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use escala::channels::telegram::{make_bot, StaffThreads, TelegramConfig, TelegramSender};
use escala::domain::{Channel, Destination, Outbound, TextFormat};
use escala::store::{sqlite::SqliteStore, Store};
use fake_telegram::{FakeTelegram, TOKEN};

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let json = std::env::args().any(|a| a == "--json");
    let messages = size("MESSAGES", 2000);
    let chats = size("CHATS", 200).max(1);
    let fake = FakeTelegram::start().await;
    fake.enforce_limits();
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("delivery.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await?);
    let mut tx = store.begin().await?;
    for i in 0..messages {
        let message = Outbound {
            channel: Channel::Telegram,
            destination: Destination::User { chat_id: (10_000 + i % chats).to_string() },
            text: format!("Update {i}: your ticket moved on."),
            format: TextFormat::Plain,
            choices: Vec::new(),
            thread: None,
            attachment: None,
        };
        tx.enqueue(&message, Utc::now()).await?;
    }
    tx.commit().await?;

    let config = Arc::new(TelegramConfig { api_url: Some(fake.url.clone()), ..TelegramConfig::default() });
    let overall_rate = f64::from(config.messages_per_second);
    let bot = make_bot(TOKEN, &config)?;
    let threads: Arc<dyn StaffThreads> = Arc::new(store.clone());
    let mut sender = TelegramSender::new(bot, config, threads);
    let started = Instant::now();
    while store.outbox_depth().await? > 0 {
        let sent = escala::delivery::drain_once(store.as_ref(), Channel::Telegram, &mut sender, Utc::now()).await?;
        if sent == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let drained = started.elapsed().as_secs_f64();
    // The first message to each chat and the first overall go at once; the
    // rest wait for the slowest of the limits.
    let per_chat = messages.div_ceil(chats);
    let minimum = ((messages.saturating_sub(1)) as f64 / overall_rate).max(per_chat.saturating_sub(1) as f64);
    let too_many = fake.calls().iter().filter(|c| c.status == 429).count();
    let delivered = fake.sent("sendMessage").len();
    let ratio = drained / minimum.max(f64::EPSILON);
    if json {
        println!(
            "{}",
            serde_json::json!({"platform": "telegram", "messages": messages, "chats": chats, "delivered": delivered,
                "drain_secs": drained, "minimum_secs": minimum, "ratio": ratio, "status_429": too_many})
        );
    } else {
        println!("delivery to the fake Telegram with its published limits enforced");
        println!(
            "{:>9} {:>6} {:>10} {:>11} {:>12} {:>7} {:>5}",
            "messages", "chats", "delivered", "drain s", "minimum s", "ratio", "429s"
        );
        println!("{messages:>9} {chats:>6} {delivered:>10} {drained:>11.1} {minimum:>12.1} {ratio:>7.2} {too_many:>5}");
    }
    Ok(())
}
