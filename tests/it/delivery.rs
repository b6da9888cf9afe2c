//! The outbox worker's retry rules, against a scripted sender.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use escala::delivery::{Outbox, SendResult, Sender, StaffSpace, MAX_ATTEMPTS};
use escala::domain::{Channel, Destination, Outbound, TextFormat};
use escala::store::{sqlite::SqliteStore, Store};

/// Answers with each scripted result in turn, then `Sent`.
struct Scripted(Vec<SendResult>);

#[async_trait]
impl Sender for Scripted {
    async fn send(&mut self, _message: &Outbound, _space: &mut StaffSpace) -> SendResult {
        if self.0.is_empty() {
            SendResult::Sent
        } else {
            self.0.remove(0)
        }
    }
}

async fn one_queued_message() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("d.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    let mut tx = store.begin().await.unwrap();
    let message = Outbound {
        channel: Channel::Telegram,
        destination: Destination::User { chat_id: "5".into() },
        text: "hello".into(),
        format: TextFormat::Plain,
        choices: Vec::new(),
        thread: None,
        attachment: None,
    };
    tx.enqueue(&message, Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    (store, dir)
}

/// Drains until nothing is due any more, with the clock moved far ahead so
/// every backoff has passed; returns how many rows were sent.
async fn drain_all(store: &Arc<dyn Store>, sender: &mut Scripted) -> usize {
    let outbox = Outbox::new(store.clone());
    let mut sent = 0;
    for round in 0..100 {
        let now = Utc::now() + chrono::Duration::hours(round + 1);
        sent += outbox.drain_once(Channel::Telegram, sender, now).await.unwrap();
    }
    sent
}

#[tokio::test]
async fn a_long_rate_limit_never_dead_letters_a_message() {
    let (store, _dir) = one_queued_message().await;
    let limited = |_| SendResult::RateLimited { after: Duration::from_secs(1), error: "429".into() };
    let mut sender = Scripted((0..MAX_ATTEMPTS * 2).map(limited).collect());
    assert_eq!(drain_all(&store, &mut sender).await, 1, "sent once the platform let it through");
    assert_eq!(store.outbox_depth().await.unwrap(), 0);
}

#[tokio::test]
async fn repeated_failures_dead_letter_a_message_after_the_attempts() {
    let (store, _dir) = one_queued_message().await;
    let failing = |_| SendResult::Retry { after: Duration::from_secs(1), error: "502".into() };
    let mut sender = Scripted((0..MAX_ATTEMPTS * 2).map(failing).collect());
    assert_eq!(drain_all(&store, &mut sender).await, 0, "given up after MAX_ATTEMPTS");
    assert_eq!(store.outbox_depth().await.unwrap(), 0, "dead letters are not pending");
}

#[tokio::test]
async fn rate_limits_do_not_use_up_the_attempts_an_outage_gets() {
    let (store, _dir) = one_queued_message().await;
    let limited =
        (0..MAX_ATTEMPTS).map(|_| SendResult::RateLimited { after: Duration::from_secs(1), error: "429".into() });
    let failing =
        (0..MAX_ATTEMPTS - 1).map(|_| SendResult::Retry { after: Duration::from_secs(1), error: "502".into() });
    let mut sender = Scripted(limited.chain(failing).collect());
    assert_eq!(drain_all(&store, &mut sender).await, 1, "the outage alone stayed under MAX_ATTEMPTS");
}
