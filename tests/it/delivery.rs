//! The outbox worker's retry rules, against a scripted sender.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use escala::delivery::{Outbox, Placement, SendResult, Sender, MAX_ATTEMPTS};
use escala::domain::{Channel, Destination, Outbound, TextFormat};
use escala::store::{sqlite::SqliteStore, Store};

/// Answers with each scripted result in turn, then `Sent`.
struct Scripted(Vec<SendResult>);

#[async_trait]
impl Sender for Scripted {
    async fn send(&mut self, _message: &Outbound, _space: &mut Placement) -> SendResult {
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
        ticket: None,
        relay: false,
        source: None,
        copies: None,
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

/// Refuses staff-space messages that carry a user's words; sends the rest
/// and keeps them.
#[derive(Default)]
struct StaffDown(Vec<Outbound>);

#[async_trait]
impl Sender for StaffDown {
    async fn send(&mut self, message: &Outbound, _space: &mut Placement) -> SendResult {
        if matches!(message.destination, Destination::Staff { .. }) && message.relay {
            return SendResult::Failed { error: "the staff forum is gone (404)".into() };
        }
        self.0.push(message.clone());
        SendResult::Sent
    }
}

/// A user's message the staff space refuses for good is not lost in
/// silence: the user is asked, in their language, to send it again, the
/// alerts space hears of it and the ticket's history records it.
#[tokio::test]
async fn a_users_message_that_cannot_reach_staff_is_told_to_them_in_their_language() {
    use crate::support::Desk;
    use escala::engine::{choice, Engine, EngineSettings};
    let mut desk = Desk::new().await;
    desk.says("rui", "pt-PT", "esqueci-me da palavra-passe").await;
    let ticket = desk.presses("rui", choice::NOT_SOLVED).await.ticket.unwrap();
    desk.deliver().await;
    desk.says("rui", "pt-PT", "ainda não consigo entrar").await;
    let engine = Arc::new(Engine::new(desk.store.clone(), desk.kb.clone(), EngineSettings::default()));
    let outbox = Outbox::new(desk.store.clone()).with_failures(engine);
    let mut sender = StaffDown::default();
    for _ in 0..3 {
        outbox.drain_once(Channel::Console, &mut sender, Utc::now() + chrono::Duration::hours(1)).await.unwrap();
    }
    let to_rui: Vec<&str> = sender
        .0
        .iter()
        .filter(|m| m.destination == Destination::User { chat_id: "rui".into() })
        .map(|m| m.text.as_str())
        .collect();
    assert!(to_rui.iter().any(|t| t.contains("não chegou à equipa de suporte")), "{to_rui:?}");
    let alerts: Vec<&str> =
        sender.0.iter().filter(|m| m.destination == Destination::StaffAlerts).map(|m| m.text.as_str()).collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(alerts[0].contains("ainda não consigo entrar") && alerts[0].contains("404"), "{}", alerts[0]);
    let history = desk.store.ticket_history(ticket).await.unwrap().unwrap();
    assert!(history.messages.iter().any(|m| m.body.contains("did not reach staff")), "{:?}", history.messages);
}

/// Shutdown arrives while a message is on its way: the worker finishes it
/// and records it sent, so the next start does not send it again.
#[tokio::test]
async fn a_message_in_flight_at_shutdown_is_recorded_and_not_sent_again() {
    struct StopsMidway(tokio_util::sync::CancellationToken);
    #[async_trait]
    impl Sender for StopsMidway {
        async fn send(&mut self, _message: &Outbound, _space: &mut Placement) -> SendResult {
            // The platform has the message; shutdown comes before the answer.
            self.0.cancel();
            tokio::task::yield_now().await;
            SendResult::Sent
        }
    }
    let (store, _dir) = one_queued_message().await;
    let stop = tokio_util::sync::CancellationToken::new();
    let outbox = Outbox::new(store.clone());
    let notify = tokio::sync::Notify::new();
    let mut sender = StopsMidway(stop.clone());
    tokio::time::timeout(Duration::from_secs(10), outbox.run_worker(Channel::Telegram, &mut sender, &notify, &stop))
        .await
        .expect("the worker stops");
    assert_eq!(store.outbox_depth().await.unwrap(), 0, "delivered and recorded");
    let again = drain_all(&store, &mut Scripted(Vec::new())).await;
    assert_eq!(again, 0, "nothing is sent twice after the restart");
}
