//! Two `escala run` instances on one PostgreSQL database against one fake
//! Bot API: one serves Telegram, the other stands by and takes over when the
//! first stops; every update is answered exactly once.

use crate::support::fake_telegram;

use std::sync::Arc;
use std::time::Duration;

use escala::channels::telegram;
use escala::config::Config;
use escala::config::TelegramConfig;
use escala::domain::Channel;
use escala::runtime::App;
use fake_telegram::{FakeTelegram, TOKEN};
use serde_json::{json, Value};
use sqlx::Connection;
use tokio_util::sync::CancellationToken;

const WAIT: Duration = Duration::from_secs(20);
const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh schema for this test's database, dropped by hand at the end.
async fn schema() -> (String, String) {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("PostgreSQL at DATABASE_URL");
    let name = format!("escala_instances_{:016x}", rand::random::<u64>());
    sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&mut admin).await.unwrap();
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    (format!("{admin_url}{separator}options=-csearch_path%3D{name}"), name)
}

struct Instance {
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), escala::runtime::StartError>>,
}

async fn instance(fake: &FakeTelegram, url: &str) -> Instance {
    let mut config = Config::default();
    config.database.url = url.to_string();
    config.kb.dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
    config.kb.watch = false;
    config.support.staff_channel = Channel::Telegram;
    config.telegram = TelegramConfig {
        api_url: Some(fake.url.clone()),
        staff_chat_id: Some(-1001),
        poll_timeout_secs: 1,
        ..Default::default()
    };
    let app = Arc::new(App::open(config).await.unwrap());
    let shutdown = CancellationToken::new();
    let task = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { app.run_telegram(telegram::Credentials::token(TOKEN), shutdown).await }
    });
    Instance { shutdown, task }
}

fn says(fake: &FakeTelegram, update_id: i64, user: i64, text: &str) {
    fake.push(json!({"update_id": update_id, "message": {"message_id": update_id, "date": 1_790_000_000,
        "chat": {"id": user, "type": "private", "first_name": "Ana"},
        "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "en"}, "text": text}}));
}

/// Two instances on a fresh schema, the first serving (polling) and the
/// second standing by, and `user` answered once by the first.
async fn serving_and_standby(fake: &FakeTelegram, user: i64) -> (String, Instance, Instance) {
    let (url, name) = schema().await;
    let first = instance(fake, &url).await;
    fake.wait_for("the first instance polling", WAIT, |f| f.calls().into_iter().find(|c| c.method == "getUpdates"))
        .await;
    let second = instance(fake, &url).await;
    says(fake, 1, user, "I forgot my password");
    fake.wait_for("an answer", WAIT, |f| to_chat(f, user).into_iter().next()).await;
    (name, first, second)
}

fn to_chat(fake: &FakeTelegram, chat: i64) -> Vec<Value> {
    fake.sent("sendMessage").into_iter().filter(|m| m["chat_id"].as_i64() == Some(chat)).collect()
}

#[tokio::test]
async fn a_standby_instance_takes_over_when_the_serving_one_stops() {
    let fake = FakeTelegram::start().await;
    let (name, first, second) = serving_and_standby(&fake, 7001).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(to_chat(&fake, 7001).len(), 1, "one instance answered, once");

    first.shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(10), first.task).await.expect("first stops").unwrap().unwrap();
    says(&fake, 2, 7002, "I forgot my password");
    fake.wait_for("the standby answering", WAIT, |f| to_chat(f, 7002).into_iter().next()).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(to_chat(&fake, 7002).len(), 1);
    assert_eq!(to_chat(&fake, 7001).len(), 1, "nothing was answered twice after the take-over");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());

    second.shutdown.cancel();
    tokio::time::timeout(Duration::from_secs(10), second.task).await.expect("second stops").unwrap().unwrap();
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("DROP SCHEMA {name} CASCADE")).execute(&mut admin).await.unwrap();
}

#[tokio::test]
async fn an_instance_that_loses_its_database_session_stops_serving_and_the_other_takes_over() {
    let fake = FakeTelegram::start().await;
    let (name, first, second) = serving_and_standby(&fake, 7101).await;

    // The first instance's lock session dies (a network blip, a restarted
    // backend) while the process itself keeps running.
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let terminated: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND objid::bigint = (hashtext('escala:' || $1 || ':telegram')::bigint & 4294967295)",
    )
    .bind(&name)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(terminated, vec![true], "the lock's session was found and ended");
    // Past the moment the first notices (it checks every second).
    tokio::time::sleep(Duration::from_secs(4)).await;
    for (i, user) in (7102..7112).enumerate() {
        says(&fake, 10 + i as i64, user, "I forgot my password");
    }
    for user in 7102..7112 {
        fake.wait_for("answers after the take-over", WAIT, |f| to_chat(f, user).into_iter().next()).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for user in 7101..7112 {
        assert_eq!(to_chat(&fake, user).len(), 1, "user {user} answered once");
    }
    for instance in [first, second] {
        instance.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), instance.task).await.expect("stops").unwrap().unwrap();
    }
    sqlx::query(&format!("DROP SCHEMA {name} CASCADE")).execute(&mut admin).await.unwrap();
}
