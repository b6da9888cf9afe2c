//! The Telegram adapter against a fake Bot API: the real runtime (`App` on a
//! temporary SQLite database with the shipped `kb/`) talks to the fake over
//! HTTP; the tests push updates and read what the bot called.

use crate::support::fake_telegram;

use std::sync::Arc;
use std::time::{Duration, Instant};

use escala::channels::telegram;
use escala::config::Config;
use escala::config::TelegramConfig;
use escala::domain::{Channel, TicketId};
use escala::runtime::App;
use escala::store::Store;
use fake_telegram::{FakeTelegram, TOKEN};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

const STAFF: i64 = -1001234;
const AGENT: u64 = 42;
const WAIT: Duration = Duration::from_secs(15);

struct Bot {
    fake: FakeTelegram,
    app: Arc<App>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), escala::runtime::StartError>>,
    _dir: tempfile::TempDir,
}

impl Bot {
    async fn start(tune: impl FnOnce(&mut Config)) -> Bot {
        Bot::start_with(telegram::Credentials::token(TOKEN), tune).await
    }

    async fn start_with(credentials: telegram::Credentials, tune: impl FnOnce(&mut Config)) -> Bot {
        Bot::start_on(FakeTelegram::start().await, credentials, tune).await
    }

    async fn start_on(fake: FakeTelegram, credentials: telegram::Credentials, tune: impl FnOnce(&mut Config)) -> Bot {
        Bot::start_wrapped(fake, credentials, tune, |store| store).await
    }

    /// A bot whose store `wrap` replaces (a flaky one, say).
    async fn start_wrapped(
        fake: FakeTelegram,
        credentials: telegram::Credentials,
        tune: impl FnOnce(&mut Config),
        wrap: impl FnOnce(Arc<dyn Store>) -> Arc<dyn Store>,
    ) -> Bot {
        fake.set_admins(STAFF, &[AGENT]);
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.database.url = format!("sqlite://{}", dir.path().join("escala.db").display());
        config.kb.dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
        config.kb.watch = false;
        config.support.staff_channel = Channel::Telegram;
        config.telegram = TelegramConfig {
            api_url: Some(fake.url.clone()),
            staff_chat_id: Some(STAFF),
            poll_timeout_secs: 1,
            ..Default::default()
        };
        tune(&mut config);
        let store = wrap(escala::runtime::open_store(&config).await.unwrap());
        let app = Arc::new(App::on_store(config, store, escala::runtime::KbUse::Load).await.unwrap());
        let shutdown = CancellationToken::new();
        let task = tokio::spawn({
            let (app, shutdown) = (app.clone(), shutdown.clone());
            async move { app.run_telegram(credentials, shutdown).await }
        });
        Bot { fake, app, shutdown, task, _dir: dir }
    }

    fn says(&self, update_id: i64, user: i64, text: &str) {
        self.fake.push(json!({"update_id": update_id, "message": {"message_id": update_id, "date": 1_790_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Ana"},
            "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "en"}, "text": text}}));
    }

    fn presses(&self, update_id: i64, user: i64, data: &str) {
        self.fake.push(json!({"update_id": update_id, "callback_query": {"id": format!("cb{update_id}"),
            "chat_instance": "ci", "data": data,
            "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "en"},
            "message": {"message_id": 1, "date": 1_790_000_000, "chat": {"id": user, "type": "private", "first_name": "Ana"}}}}));
    }

    fn staff_says(&self, update_id: i64, user: u64, thread: i64, text: &str) {
        self.fake.push(json!({"update_id": update_id, "message": {"message_id": update_id, "date": 1_790_000_000,
            "message_thread_id": thread, "is_topic_message": true,
            "chat": {"id": STAFF, "type": "supergroup", "title": "Staff", "is_forum": true},
            "from": {"id": user, "is_bot": false, "first_name": if user == AGENT { "Marta" } else { "Rui" }}, "text": text}}));
    }

    /// Successful sendMessage calls to `chat`.
    fn to_chat(&self, chat: i64) -> Vec<Value> {
        self.fake.sent("sendMessage").into_iter().filter(|m| m["chat_id"].as_i64() == Some(chat)).collect()
    }

    /// Waits for the first message to `chat` after the first `skip` whose
    /// text contains `needle`.
    async fn wait_message(&self, chat: i64, skip: usize, needle: &str) -> Value {
        self.fake
            .wait_for(&format!("a message to {chat} containing {needle:?}"), WAIT, |_| {
                self.to_chat(chat)
                    .into_iter()
                    .skip(skip)
                    .find(|m| m["text"].as_str().unwrap_or_default().contains(needle))
            })
            .await
    }

    /// Opens a ticket with `/ticket` and returns the staff topic's id.
    async fn ticket(&self, update_id: i64, user: i64, text: &str) -> i64 {
        self.says(update_id, user, &format!("/ticket {text}"));
        let topic =
            self.fake.wait_for("createForumTopic", WAIT, |f| f.sent("createForumTopic").into_iter().next()).await;
        assert_eq!(topic["chat_id"].as_i64(), Some(STAFF));
        self.stored_thread().await
    }

    /// Ticket 1's topic id once the adapter stored it (the fake records the
    /// topic a moment before).
    async fn stored_thread(&self) -> i64 {
        let started = Instant::now();
        loop {
            if let Some(thread) = self.app.store.staff_thread(TicketId(1), Channel::Telegram).await.unwrap() {
                return thread.split_once(':').unwrap().1.parse().unwrap();
            }
            assert!(started.elapsed() < WAIT, "the topic of ticket 1 was never stored");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until ticket 1's stored topic is `wanted` (`chat:thread`): the
    /// adapter records a new topic once Telegram answered, and the fake
    /// shows the messages sent there a moment before that write lands.
    async fn wait_stored_thread(&self, wanted: &str) {
        let started = Instant::now();
        loop {
            let stored = self.app.store.staff_thread(TicketId(1), Channel::Telegram).await.unwrap();
            if stored.as_deref() == Some(wanted) {
                return;
            }
            assert!(started.elapsed() < WAIT, "ticket 1's topic stayed {stored:?}, not {wanted}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the runtime and starts it again on the same database and
    /// fake, with the configuration changed by `tune`.
    async fn restart(self, tune: impl FnOnce(&mut Config)) -> Bot {
        let Bot { fake, app, shutdown, task, _dir: dir } = self;
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), task).await.expect("adapter stops").unwrap().unwrap();
        let mut config = app.config.clone();
        drop(app);
        tune(&mut config);
        let store = escala::runtime::open_store(&config).await.unwrap();
        let app = Arc::new(App::on_store(config, store, escala::runtime::KbUse::Load).await.unwrap());
        let shutdown = CancellationToken::new();
        let task = tokio::spawn({
            let (app, shutdown) = (app.clone(), shutdown.clone());
            async move { app.run_telegram(telegram::Credentials::token(TOKEN), shutdown).await }
        });
        Bot { fake, app, shutdown, task, _dir: dir }
    }

    async fn stop(self) {
        assert!(
            self.fake.violations().is_empty(),
            "requests the real Bot API would refuse: {:?}",
            self.fake.violations()
        );
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), self.task).await.expect("adapter stops").unwrap().unwrap();
    }
}

fn buttons(message: &Value) -> Vec<String> {
    let rows = message["reply_markup"]["inline_keyboard"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect()
}

async fn ticket_state(app: &App, id: i64) -> String {
    app.store.ticket_history(TicketId(id)).await.unwrap().unwrap().ticket.state.to_string()
}

#[tokio::test]
async fn a_whole_support_story_runs_over_telegram() {
    let bot = Bot::start(|_| {}).await;
    let user = 5001;
    bot.says(1, user, "I forgot my password");
    let answer = bot.wait_message(user, 0, "assword").await;
    assert_eq!(answer["parse_mode"], "HTML");
    assert!(buttons(&answer).contains(&"not_solved".to_string()), "{answer}");

    bot.presses(2, user, "not_solved");
    bot.fake.wait_for("the callback answered", WAIT, |f| f.sent("answerCallbackQuery").into_iter().next()).await;
    let topic = bot.fake.wait_for("a staff topic", WAIT, |f| f.sent("createForumTopic").into_iter().next()).await;
    assert_eq!(topic["chat_id"].as_i64(), Some(STAFF));
    let thread = bot.stored_thread().await;
    let context = bot.wait_message(STAFF, 0, "forgot my password").await;
    assert_eq!(context["message_thread_id"].as_i64(), Some(thread));
    bot.wait_message(user, 1, "#1").await;

    let before = bot.to_chat(user).len();
    bot.staff_says(3, AGENT, thread, "Did the reset email arrive? Check the spam folder.");
    bot.wait_message(user, before, "Did the reset email arrive?").await;

    let before = bot.to_chat(user).len();
    bot.staff_says(4, AGENT, thread, "/resolve done");
    let asked = bot
        .fake
        .wait_for("the fix question", WAIT, |_| {
            bot.to_chat(user).into_iter().skip(before).find(|m| buttons(m).contains(&"fixed_yes".into()))
        })
        .await;
    assert!(!asked["text"].as_str().unwrap().is_empty());

    let before = bot.to_chat(user).len();
    bot.presses(5, user, "fixed_yes");
    bot.fake
        .wait_for("the rating question", WAIT, |_| {
            bot.to_chat(user).into_iter().skip(before).find(|m| buttons(m).contains(&"csat:1:5".into()))
        })
        .await;
    let before = bot.to_chat(user).len();
    bot.presses(6, user, "csat:1:5");
    bot.fake.wait_for("thanks for rating", WAIT, |_| bot.to_chat(user).into_iter().nth(before)).await;
    assert_eq!(ticket_state(&bot.app, 1).await, "closed");
    assert!(bot.fake.calls().iter().all(|c| c.status == 200), "every call succeeded");
    bot.stop().await;
}

#[tokio::test]
async fn a_429_delays_the_message_and_it_arrives_exactly_once() {
    let bot = Bot::start(|_| {}).await;
    bot.fake.rate_limit("sendMessage", 1, 1);
    let started = Instant::now();
    bot.says(1, 5002, "I forgot my password");
    bot.wait_message(5002, 0, "assword").await;
    assert!(started.elapsed() >= Duration::from_secs(1), "the retry waited for retry_after");
    let limited = bot.fake.calls().iter().filter(|c| c.method == "sendMessage" && c.status == 429).count();
    assert_eq!(limited, 1);
    // Give the worker time for a would-be duplicate, then count.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bot.to_chat(5002).len(), 1, "delivered exactly once");
    bot.stop().await;
}

#[tokio::test]
async fn a_10000_character_reply_arrives_in_ordered_parts_within_the_limit() {
    let bot = Bot::start(|config| config.support.max_text_chars = 12_000).await;
    let user = 5003;
    let thread = bot.ticket(1, user, "my printer is on fire").await;
    // Count from after the ticket's own confirmation, which may still be
    // on its way when the topic exists.
    bot.wait_message(user, 0, "first answer within").await;
    let before = bot.to_chat(user).len();
    let mut long = String::new();
    let mut n = 0;
    while long.chars().count() < 10_000 {
        long.push_str(&format!("w{n:05} "));
        n += 1;
        if n % 40 == 0 {
            long.push_str("\n\n");
        }
    }
    bot.staff_says(2, AGENT, thread, long.trim_end());
    let last = format!("w{:05}", n - 1);
    bot.wait_message(user, before, &last).await;
    let parts: Vec<String> =
        bot.to_chat(user).into_iter().skip(before).map(|m| m["text"].as_str().unwrap().to_string()).collect();
    assert!(parts.len() >= 3, "{} parts", parts.len());
    for part in &parts {
        assert!(part.chars().count() <= 4096, "part of {} chars", part.chars().count());
    }
    let words: Vec<&str> =
        parts.iter().flat_map(|p| p.split_whitespace()).filter(|w| w.starts_with('w') && w.len() == 6).collect();
    let expected: Vec<String> = (0..n).map(|i| format!("w{i:05}")).collect();
    assert_eq!(words, expected, "every word once, in order");
    bot.stop().await;
}

#[tokio::test]
async fn markup_typed_by_a_user_reaches_the_staff_topic_as_escaped_text() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5004, "my <b>bold</b> & co").await;
    let message = bot.wait_message(STAFF, 0, "&lt;b&gt;bold&lt;/b&gt; &amp; co").await;
    assert_eq!(message["message_thread_id"].as_i64(), Some(thread));
    bot.stop().await;
}

#[tokio::test]
async fn someone_who_is_not_staff_cannot_act_in_a_staff_topic() {
    let bot = Bot::start(|_| {}).await;
    let user = 5005;
    let thread = bot.ticket(1, user, "the printer is offline").await;
    let to_user = bot.to_chat(user).len();
    bot.staff_says(2, 77, thread, "/resolve done");
    let refusal = bot.wait_message(STAFF, 0, "Only staff can act here").await;
    assert_eq!(refusal["message_thread_id"].as_i64(), Some(thread));
    assert_ne!(ticket_state(&bot.app, 1).await, "resolved");
    // A staff member's message afterwards still works, and the refused one
    // told the user nothing.
    bot.staff_says(3, AGENT, thread, "Looking into it");
    bot.wait_message(user, to_user, "Looking into it").await;
    assert!(bot.to_chat(user).iter().skip(to_user).all(|m| !m["text"].as_str().unwrap().contains("done")));
    bot.stop().await;
}

#[tokio::test]
async fn a_repeated_update_changes_nothing() {
    let bot = Bot::start(|_| {}).await;
    let user = 5006;
    bot.says(1, user, "I forgot my password");
    bot.wait_message(user, 0, "assword").await;
    bot.says(1, user, "I forgot my password");
    bot.says(2, user, "/help");
    bot.fake.wait_for("the help reply", WAIT, |_| bot.to_chat(user).into_iter().nth(1)).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bot.to_chat(user).len(), 2, "the repeat got no second answer");
    bot.stop().await;
}

/// A fake Bot API and an app on the shipped KB, with no adapter running,
/// for tests of how `App::run_telegram` refuses to start.
async fn app_not_started(
    telegram: impl FnOnce(&FakeTelegram) -> TelegramConfig,
) -> (FakeTelegram, App, tempfile::TempDir) {
    let fake = FakeTelegram::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.database.url = format!("sqlite://{}", dir.path().join("escala.db").display());
    config.kb.dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
    config.telegram = telegram(&fake);
    let app = App::open(config).await.unwrap();
    (fake, app, dir)
}

#[tokio::test]
async fn a_bad_token_is_a_clear_error() {
    let (_fake, app, _dir) =
        app_not_started(|fake| TelegramConfig { api_url: Some(fake.url.clone()), ..Default::default() }).await;
    let error =
        app.run_telegram(telegram::Credentials::token("999:wrong"), CancellationToken::new()).await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("401") && text.contains("ESCALA_TELEGRAM_TOKEN"), "{text}");
    assert!(!text.contains("999:wrong"), "the token is never shown");
}

#[tokio::test]
async fn a_409_conflict_backs_off_and_polling_resumes() {
    let bot = Bot::start(|_| {}).await;
    bot.fake.conflict(1);
    bot.says(1, 5007, "I forgot my password");
    bot.wait_message(5007, 0, "assword").await;
    assert!(bot.fake.calls().iter().any(|c| c.method == "getUpdates" && c.status == 409));
    bot.stop().await;
}

#[tokio::test]
async fn a_ticket_moved_to_another_levels_group_closes_its_old_topic() {
    const L2_STAFF: i64 = -1005678;
    let bot = Bot::start(|config| {
        config.telegram.staff_chats.insert(escala::domain::Level::L2, L2_STAFF);
    })
    .await;
    bot.fake.set_admins(L2_STAFF, &[AGENT]);
    let user = 5004;
    let old_thread = bot.ticket(1, user, "the VPN drops every hour").await;
    bot.staff_says(2, AGENT, old_thread, "/escalate needs a network engineer");
    let new_topic = bot
        .fake
        .wait_for("a topic in the L2 group", WAIT, |f| {
            f.sent("createForumTopic").into_iter().find(|t| t["chat_id"].as_i64() == Some(L2_STAFF))
        })
        .await;
    assert!(new_topic["name"].as_str().unwrap().contains("L2"), "{new_topic}");
    // The L2 group starts with the whole context, not just the note.
    let recap = bot.wait_message(L2_STAFF, 0, "Escalated from L1 to L2 by Marta").await;
    let text = recap["text"].as_str().unwrap();
    assert!(text.contains("the VPN drops every hour") && text.contains("Conversation:"), "{text}");
    let closed =
        bot.fake.wait_for("the old topic closed", WAIT, |f| f.sent("closeForumTopic").into_iter().next()).await;
    assert_eq!((closed["chat_id"].as_i64(), closed["message_thread_id"].as_i64()), (Some(STAFF), Some(old_thread)));
    bot.wait_message(STAFF, 0, "Moved to the L2").await;
    bot.stop().await;
}

#[tokio::test]
async fn a_photo_sent_by_the_user_is_copied_into_the_ticket_topic() {
    let bot = Bot::start(|_| {}).await;
    let user = 5006;
    let thread = bot.ticket(1, user, "the screen shows an error").await;
    bot.fake.push(json!({"update_id": 2, "message": {"message_id": 77, "date": 1_790_000_000,
        "chat": {"id": user, "type": "private", "first_name": "Ana"},
        "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "en"},
        "caption": "this error",
        "photo": [{"file_id": "AgADsmall", "file_unique_id": "s", "width": 90, "height": 60, "file_size": 1200},
                  {"file_id": "AgADbig", "file_unique_id": "b", "width": 1280, "height": 960, "file_size": 98000}]}}));
    let copied = bot.fake.wait_for("the photo copied", WAIT, |f| f.sent("copyMessage").into_iter().next()).await;
    assert_eq!(copied["chat_id"].as_i64(), Some(STAFF));
    assert_eq!(copied["message_thread_id"].as_i64(), Some(thread));
    assert_eq!((copied["from_chat_id"].as_i64(), copied["message_id"].as_i64()), (Some(user), Some(77)));
    assert_eq!(copied["caption"].as_str(), Some(""), "the caption travels in the text line, once");
    let line = bot.wait_message(STAFF, 0, "📎 photo.jpg (photo, 95 KB) · telegram file AgADbig").await;
    assert!(line["text"].as_str().unwrap().contains("this error"), "{line}");
    bot.stop().await;
}

const WEBHOOK_SECRET: &str = "s3cret_Token-1";

/// A free local port for a webhook listener.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn webhook_bot() -> (Bot, String) {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/telegram/updates");
    let credentials =
        telegram::Credentials { token: TOKEN.to_string(), webhook_secret: Some(WEBHOOK_SECRET.to_string()) };
    let hook = url.clone();
    let bot = Bot::start_with(credentials, move |config| {
        config.telegram.webhook_url = Some(hook);
        config.telegram.webhook_listen = format!("127.0.0.1:{port}");
    })
    .await;
    bot.fake.wait_for("setWebhook", WAIT, |f| f.sent("setWebhook").into_iter().next()).await;
    (bot, url)
}

#[tokio::test]
async fn webhook_mode_answers_what_telegram_posts_once_even_when_redelivered() {
    let (bot, url) = webhook_bot().await;
    let registered = bot.fake.sent("setWebhook").remove(0);
    assert_eq!(registered["url"], url.as_str());
    assert_eq!(registered["secret_token"], WEBHOOK_SECRET);

    bot.says(1, 5101, "I forgot my password");
    bot.wait_message(5101, 0, "assword").await;
    // Telegram redelivers an update it thinks was not taken.
    bot.says(1, 5101, "I forgot my password");
    bot.fake.wait_for("the second POST", WAIT, |f| (f.webhook_posts().len() >= 2).then_some(())).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bot.to_chat(5101).len(), 1, "a redelivered update is answered once");
    assert!(bot.fake.webhook_posts().iter().all(|(_, status)| *status == 200), "{:?}", bot.fake.webhook_posts());
    assert!(!bot.fake.calls().iter().any(|c| c.method == "getUpdates"), "webhook mode never polls");
    bot.stop().await;
}

#[tokio::test]
async fn a_webhook_post_without_the_secret_is_refused_and_changes_nothing() {
    let (bot, url) = webhook_bot().await;
    let forged = json!({"update_id": 9, "message": {"message_id": 9, "date": 1_790_000_000,
        "chat": {"id": 5102, "type": "private", "first_name": "Eve"},
        "from": {"id": 5102, "is_bot": false, "first_name": "Eve", "language_code": "en"}, "text": "/ticket hi"}});
    let client = reqwest::Client::new();
    for secret in [None, Some("wrong")] {
        let mut request = client.post(&url).header("content-type", "application/json").body(forged.to_string());
        if let Some(secret) = secret {
            request = request.header("x-telegram-bot-api-secret-token", secret);
        }
        assert_eq!(request.send().await.unwrap().status().as_u16(), 401);
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(bot.to_chat(5102).is_empty());
    assert!(bot.fake.sent("createForumTopic").is_empty(), "no ticket was opened");
    bot.stop().await;
}

#[tokio::test]
async fn webhook_mode_without_a_secret_is_a_clear_error() {
    let (fake, app, _dir) = app_not_started(|fake| TelegramConfig {
        api_url: Some(fake.url.clone()),
        webhook_url: Some("https://bot.example.com/telegram".into()),
        ..Default::default()
    })
    .await;
    let error =
        app.run_telegram(telegram::Credentials::token(TOKEN), CancellationToken::new()).await.unwrap_err().to_string();
    assert!(error.contains("ESCALA_TELEGRAM_WEBHOOK_SECRET"), "{error}");
    assert!(fake.calls().is_empty(), "nothing was asked of Telegram");
}

#[tokio::test]
async fn polling_mode_removes_a_webhook_left_by_an_earlier_run() {
    let fake = FakeTelegram::start().await;
    let client = reqwest::Client::new();
    let set = client
        .post(format!("{}bot{TOKEN}/setWebhook", fake.url))
        .header("content-type", "application/json")
        .body(json!({"url": "https://old.example.com/hook"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(set.status().as_u16(), 200);
    let bot = Bot::start_on(fake, telegram::Credentials::token(TOKEN), |_| {}).await;
    bot.fake.wait_for("deleteWebhook", WAIT, |f| f.sent("deleteWebhook").into_iter().next()).await;
    bot.says(1, 5103, "I forgot my password");
    bot.wait_message(5103, 0, "assword").await;
    bot.stop().await;
}

#[tokio::test]
async fn after_an_outage_every_reply_arrives_once_and_in_order() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5201, "my order never arrived").await;
    bot.wait_message(5201, 0, "I opened ticket #1").await;
    // Telegram's own 5xx come with a JSON body; then it rate-limits. (One
    // 5xx is enough: teloxide sleeps 10 s on every server error.)
    bot.fake.outage("sendMessage", 1, 502, "Bad Gateway");
    bot.fake.rate_limit("sendMessage", 1, 1);
    for step in 1..=4 {
        bot.staff_says(10 + step, AGENT, thread, &format!("step {step} of the fix"));
    }
    let last = |f: &FakeTelegram| {
        f.sent("sendMessage").into_iter().find(|m| m["text"].as_str().is_some_and(|t| t.contains("step 4 of the fix")))
    };
    bot.fake.wait_for("the last reply after the outage", Duration::from_secs(45), last).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let steps: Vec<String> = bot
        .to_chat(5201)
        .iter()
        .filter_map(|m| m["text"].as_str().filter(|t| t.contains("of the fix")).map(str::to_string))
        .collect();
    let expected: Vec<String> = (1..=4).map(|s| format!("step {s} of the fix")).collect();
    assert_eq!(steps.len(), 4, "each reply once: {steps:?}");
    for (got, want) in steps.iter().zip(&expected) {
        assert!(got.contains(want.as_str()), "in order: {steps:?}");
    }
    let failures: Vec<u16> = bot.fake.calls().iter().filter(|c| c.status >= 429).map(|c| c.status).collect();
    assert!(failures.contains(&502) && failures.contains(&429), "{failures:?}");
    bot.stop().await;
}

/// The poller used to give an update three immediate attempts and then
/// drop it unanswered when the database was away; now it waits, longer
/// each time, without moving the offset, and every update is answered
/// once the database is back.
#[tokio::test]
async fn a_database_outage_delays_updates_and_drops_none() {
    let flaky = std::sync::OnceLock::new();
    let bot = Bot::start_wrapped(
        FakeTelegram::start().await,
        telegram::Credentials::token(TOKEN),
        |_| {},
        |store| {
            let wrapped = crate::support::flaky::FlakyStore::new(store);
            flaky.set(wrapped.clone()).ok();
            wrapped
        },
    )
    .await;
    let flaky = flaky.get().unwrap().clone();
    flaky.set_down(true);
    bot.says(1, 5301, "I forgot my password");
    bot.says(2, 5302, "I forgot my password");
    let refused = |_: &FakeTelegram| (flaky.refused.load(std::sync::atomic::Ordering::SeqCst) >= 4).then_some(());
    bot.fake.wait_for("four refused attempts at the first update", WAIT, refused).await;
    assert!(bot.to_chat(5301).is_empty() && bot.to_chat(5302).is_empty());
    flaky.set_down(false);
    bot.wait_message(5301, 0, "assword").await;
    bot.wait_message(5302, 0, "assword").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!((bot.to_chat(5301).len(), bot.to_chat(5302).len()), (1, 1), "each answered once");
    bot.stop().await;
}

/// A user who blocked the bot: the agent's reply is refused for good, and
/// the agent learns it in the ticket's topic instead of believing it sent.
#[tokio::test]
async fn a_reply_the_user_cannot_receive_is_reported_in_the_ticket_topic() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5401, "my order never arrived").await;
    bot.wait_message(5401, 0, "I opened ticket #1").await;
    bot.fake.outage("sendMessage", 1, 403, "Forbidden: bot was blocked by the user");
    bot.staff_says(2, AGENT, thread, "Could you send the order number?");
    let notice = bot.wait_message(STAFF, 0, "This reply did not reach the user").await;
    let text = notice["text"].as_str().unwrap();
    assert!(text.contains("blocked by the user") && text.contains("Could you send the order number?"), "{text}");
    assert_eq!(notice["message_thread_id"].as_i64(), Some(thread), "in the ticket's topic");
    let history = bot.app.store.ticket_history(TicketId(1)).await.unwrap().unwrap();
    assert!(history.messages.iter().any(|m| m.body.contains("not delivered to the user")), "recorded");
    bot.stop().await;
}

/// `/areply` signs the reply "Support team" whatever `sign_replies` says.
#[tokio::test]
async fn an_anonymous_reply_reaches_the_user_unsigned() {
    let bot = Bot::start(|config| config.support.sign_replies = true).await;
    let thread = bot.ticket(1, 5501, "my order never arrived").await;
    bot.wait_message(5501, 0, "I opened ticket #1").await;
    bot.staff_says(2, AGENT, thread, "/areply We are on it.");
    let reply = bot.wait_message(5501, 1, "We are on it.").await;
    let text = reply["text"].as_str().unwrap();
    assert!(text.starts_with("Support team: ") && !text.contains("Marta"), "{text}");
    bot.staff_says(3, AGENT, thread, "Signed this time.");
    let signed = bot.wait_message(5501, 2, "Signed this time.").await;
    assert!(signed["text"].as_str().unwrap().contains("Marta"), "{signed}");
    bot.stop().await;
}

impl Bot {
    /// `user` edits the message with id `message` (sent by `says`, whose
    /// message ids are the update ids) to `text`.
    fn user_edits(&self, update_id: i64, user: i64, message: i64, text: &str) {
        self.fake.push(json!({"update_id": update_id, "edited_message": {"message_id": message,
            "date": 1_790_000_000, "edit_date": 1_790_000_060,
            "chat": {"id": user, "type": "private", "first_name": "Ana"},
            "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "en"}, "text": text}}));
    }

    fn staff_edits(&self, update_id: i64, thread: i64, message: i64, text: &str) {
        self.fake.push(json!({"update_id": update_id, "edited_message": {"message_id": message,
            "date": 1_790_000_000, "edit_date": 1_790_000_060, "message_thread_id": thread, "is_topic_message": true,
            "chat": {"id": STAFF, "type": "supergroup", "title": "Staff", "is_forum": true},
            "from": {"id": AGENT, "is_bot": false, "first_name": "Marta"}, "text": text}}));
    }

    /// The `editMessageText` calls that succeeded.
    fn edits(&self) -> Vec<Value> {
        self.fake.sent("editMessageText")
    }
}

/// An agent fixing a typo used to send the whole reply again; now the
/// user's copy changes in place and nothing new is sent.
#[tokio::test]
async fn an_agents_edited_reply_changes_the_users_copy_in_place() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5601, "my order never arrived").await;
    bot.wait_message(5601, 0, "I opened ticket #1").await;
    bot.staff_says(2, AGENT, thread, "Check the spam foler");
    bot.wait_message(5601, 1, "spam foler").await;
    let copy_id = bot.fake.message_id_of(5601, "spam foler").unwrap();
    let sent_before = bot.to_chat(5601).len();
    bot.staff_edits(3, thread, 2, "Check the spam folder");
    let edit = bot.fake.wait_for("the copy edited", WAIT, |_| bot.edits().into_iter().next()).await;
    assert_eq!((edit["chat_id"].as_i64(), edit["message_id"].as_i64()), (Some(5601), Some(copy_id)), "{edit}");
    let text = bot.fake.message_text(5601, copy_id).unwrap();
    assert!(text.contains("Check the spam folder") && text.contains("Marta"), "{text}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(bot.to_chat(5601).len(), sent_before, "nothing sent again");
    let history = bot.app.store.ticket_history(TicketId(1)).await.unwrap().unwrap();
    assert!(history.messages.iter().any(|m| m.body.contains("(edited) Check the spam folder")), "recorded");
    bot.stop().await;
}

#[tokio::test]
async fn a_users_edited_message_changes_its_copy_in_the_ticket_topic() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5602, "my order never arrived").await;
    bot.wait_message(5602, 0, "I opened ticket #1").await;
    bot.says(2, 5602, "the order number is 1243");
    let copy = bot.wait_message(STAFF, 0, "1243").await;
    assert_eq!(copy["message_thread_id"].as_i64(), Some(thread));
    bot.user_edits(3, 5602, 2, "the order number is 1234");
    let edit = bot.fake.wait_for("the topic copy edited", WAIT, |_| bot.edits().into_iter().next()).await;
    assert_eq!(edit["chat_id"].as_i64(), Some(STAFF));
    let copy_id = edit["message_id"].as_i64().unwrap();
    let text = bot.fake.message_text(STAFF, copy_id).unwrap();
    assert!(text.contains("1234") && !text.contains("1243"), "{text}");
    bot.stop().await;
}

/// An edited note is posted to the staff topic only: the user never sees
/// a note, edited or not.
#[tokio::test]
async fn an_edited_note_stays_in_the_staff_topic() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5603, "my order never arrived").await;
    bot.wait_message(5603, 0, "I opened ticket #1").await;
    let to_user = bot.to_chat(5603).len();
    bot.staff_says(2, AGENT, thread, "! the courier lost it");
    bot.wait_message(STAFF, 0, "the courier lost it").await;
    bot.staff_edits(3, thread, 2, "! the courier lost it, refund approved");
    let notice = bot.wait_message(STAFF, 0, "edited a note").await;
    assert!(notice["text"].as_str().unwrap().contains("refund approved"), "{notice}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(bot.to_chat(5603).len(), to_user, "the user got nothing");
    assert!(bot.edits().is_empty());
    bot.stop().await;
}

/// A copy Telegram will not edit any more (too old, gone) gets the new
/// text as a new message, marked edited, so the user still reads it.
#[tokio::test]
async fn an_edit_that_cannot_reach_its_copy_follows_it_marked_edited() {
    let bot = Bot::start(|_| {}).await;
    let thread = bot.ticket(1, 5604, "my order never arrived").await;
    bot.wait_message(5604, 0, "I opened ticket #1").await;
    bot.staff_says(2, AGENT, thread, "Refund sent on Monday");
    bot.wait_message(5604, 1, "Refund sent on Monday").await;
    bot.fake.forget(5604, bot.fake.message_id_of(5604, "Refund sent on Monday").unwrap());
    bot.staff_edits(3, thread, 2, "Refund sent on Tuesday");
    let anew = bot.wait_message(5604, 2, "Refund sent on Tuesday").await;
    assert!(anew["text"].as_str().unwrap().starts_with("✏️ "), "{anew}");
    bot.stop().await;
}

/// Someone deleted the ticket's topic: the next message opens a new topic
/// that starts with the ticket's context and recent conversation, and the
/// work carries on there.
#[tokio::test]
async fn a_deleted_topic_is_recreated_with_the_context_and_the_work_carries_on() {
    let bot = Bot::start(|_| {}).await;
    let user = 5701;
    let old = bot.ticket(1, user, "my order never arrived").await;
    bot.wait_message(user, 0, "I opened ticket #1").await;
    bot.fake.delete_topic(STAFF, old);
    bot.says(2, user, "it was order 1234");
    let topics = |f: &FakeTelegram| {
        let created = f.sent("createForumTopic");
        (created.len() == 2).then(|| created[1].clone())
    };
    bot.fake.wait_for("a second topic", WAIT, topics).await;
    let recap = bot.wait_message(STAFF, 0, "previous topic or post is gone").await;
    let text = recap["text"].as_str().unwrap();
    assert!(text.contains("my order never arrived"), "{text}");
    let fresh = recap["message_thread_id"].as_i64().unwrap();
    assert_ne!(fresh, old);
    let relayed = bot.wait_message(STAFF, 0, "it was order 1234").await;
    assert_eq!(relayed["message_thread_id"].as_i64(), Some(fresh), "after the recap, in the new topic");
    bot.wait_stored_thread(&format!("{STAFF}:{fresh}")).await;
    bot.staff_says(3, AGENT, fresh, "Found it, it ships tomorrow");
    bot.wait_message(user, 1, "ships tomorrow").await;
    bot.stop().await;
}

/// The staff group changed in the config between two runs: the ticket's
/// next message opens a topic in the new group with the ticket's context.
#[tokio::test]
async fn a_ticket_whose_group_left_the_config_continues_in_the_new_group() {
    let bot = Bot::start(|_| {}).await;
    let user = 5702;
    bot.ticket(1, user, "the printer jams").await;
    bot.wait_message(user, 0, "I opened ticket #1").await;
    let new_group = -1009999;
    bot.fake.set_admins(new_group, &[AGENT]);
    let bot = bot.restart(|config| config.telegram.staff_chat_id = Some(new_group)).await;
    bot.says(2, user, "it jams on every page now");
    let recap = bot.wait_message(new_group, 0, "previous topic or post is gone").await;
    assert!(recap["text"].as_str().unwrap().contains("the printer jams"), "{recap}");
    let fresh = recap["message_thread_id"].as_i64().unwrap();
    let relayed = bot.wait_message(new_group, 0, "every page").await;
    assert_eq!(relayed["message_thread_id"].as_i64(), Some(fresh));
    bot.wait_stored_thread(&format!("{new_group}:{fresh}")).await;
    bot.stop().await;
}

/// A busy staff group does not hold up the users' replies: with messages
/// queued for the group (20 a minute at most), an agent's reply reaches
/// the user before the group's queue is through.
#[tokio::test]
async fn a_busy_staff_group_does_not_hold_up_replies_to_users() {
    let bot = Bot::start(|_| {}).await;
    let user = 5703;
    let thread = bot.ticket(1, user, "the scanner is broken").await;
    bot.wait_message(user, 0, "I opened ticket #1").await;
    for (i, text) in ["first detail", "second detail", "third detail"].iter().enumerate() {
        bot.says(10 + i as i64, user, text);
    }
    bot.staff_says(20, AGENT, thread, "On it, please restart it");
    bot.wait_message(user, 1, "please restart it").await;
    let relayed = |bot: &Bot| bot.to_chat(STAFF).iter().filter(|m| m["text"].to_string().contains("detail")).count();
    assert!(relayed(&bot) < 3, "the reply waited for the group's queue ({} of 3 relayed first)", relayed(&bot));
    bot.wait_message(STAFF, 0, "third detail").await;
    assert_eq!(relayed(&bot), 3, "and every detail still reaches the topic, once");
    bot.stop().await;
}

#[tokio::test]
async fn a_remote_session_and_level_4_over_telegram_each_wait_for_the_users_consent() {
    let bot = Bot::start(|config| {
        config.vendors.insert("Acme".into(), crate::support::acme_vendor());
    })
    .await;
    let user = 5010;
    let thread = bot.ticket(1, user, "the relay drops my reset emails").await;
    bot.staff_says(2, AGENT, thread, "/remote anydesk");
    let offer = bot
        .fake
        .wait_for("the remote offer", WAIT, |_| {
            bot.to_chat(user).into_iter().find(|m| buttons(m).contains(&"remote:1:yes".to_string()))
        })
        .await;
    assert!(offer["text"].as_str().unwrap().contains("https://anydesk.com/en/downloads"), "{offer}");
    bot.presses(20, user, "remote:1:yes");
    bot.wait_message(user, 0, "send here the address or code").await;
    bot.says(21, user, "123 456 789");
    let block = bot.wait_message(STAFF, 0, "123 456 789").await;
    assert!(block["text"].as_str().unwrap().contains("<pre>123 456 789"), "a code block: {block}");
    bot.staff_says(22, AGENT, thread, "/remote end mail cache cleared");
    bot.wait_message(user, 0, "The remote session has ended").await;

    bot.staff_says(3, AGENT, thread, "/escalate L3 relay code");
    bot.staff_says(4, AGENT, thread, "/escalate L4 acme AC-77 firmware bug in the relay");
    let asked = bot
        .fake
        .wait_for("the consent question", WAIT, |_| {
            bot.to_chat(user).into_iter().find(|m| buttons(m).contains(&"vendor:1:yes".to_string()))
        })
        .await;
    assert_eq!(buttons(&asked), vec!["vendor:1:yes".to_string(), "vendor:1:no".to_string()]);
    assert!(asked["text"].as_str().unwrap().contains("<b>Acme</b>"), "{asked}");
    assert_eq!(ticket_state(&bot.app, 1).await, "waiting_on_user");

    bot.presses(5, user, "vendor:1:yes");
    bot.wait_message(user, 0, "now with our partner").await;
    bot.wait_message(STAFF, 0, "with the user's consent to share it with Acme").await;
    assert_eq!(ticket_state(&bot.app, 1).await, "waiting_on_vendor");

    bot.staff_says(6, AGENT, thread, "/vendor tell patch <b>next</b> week");
    let news = bot.wait_message(user, 0, "News on ticket").await;
    assert!(news["text"].as_str().unwrap().contains("patch &lt;b&gt;next&lt;/b&gt; week"), "{news}");
    bot.stop().await;
}

#[tokio::test]
async fn a_callback_over_telegram_takes_the_number_and_window_and_shows_the_number_only_to_staff() {
    let bot = Bot::start(|_| {}).await;
    let user = 5011;
    let thread = bot.ticket(1, user, "my printer needs a phone call").await;
    bot.staff_says(2, AGENT, thread, "/escalate L2 printer settings");
    let notice = bot
        .fake
        .wait_for("the callback button", WAIT, |_| {
            bot.to_chat(user).into_iter().find(|m| buttons(m).contains(&"callback:1".to_string()))
        })
        .await;
    assert!(notice["text"].as_str().unwrap().contains("specialised team"), "{notice}");
    bot.presses(3, user, "callback:1");
    bot.wait_message(user, 0, "What number should we call?").await;
    bot.says(4, user, "+351 912 345 678");
    let asked = bot.wait_message(user, 0, "When should we call?").await;
    assert!(buttons(&asked).contains(&"cbw:tomorrow-morning".to_string()), "{asked}");
    bot.presses(5, user, "cbw:tomorrow-morning");
    bot.wait_message(user, 0, "Anything we should know").await;
    bot.presses(6, user, "skip");
    let confirmed = bot.wait_message(user, 0, "we will call").await;
    assert!(confirmed["text"].as_str().unwrap().contains("+351••••••678"), "{confirmed}");
    let task = bot.wait_message(STAFF, 0, "Callback requested").await;
    assert!(task["text"].as_str().unwrap().contains("+351912345678"), "{task}");
    bot.staff_says(7, AGENT, thread, "/callback done printer fixed on the phone");
    bot.wait_message(STAFF, 0, "Callback made by Marta").await;
    bot.stop().await;
}
