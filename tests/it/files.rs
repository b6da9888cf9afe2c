//! Files both ways, on both platforms and across them: the real runtime
//! with both adapters against the fake Telegram and the fake Discord. A
//! file reaches the other side with its bytes (copied within Telegram,
//! downloaded and uploaded otherwise), the ticket keeps a durable line for
//! it, oversized files are refused in the sender's language, and a failed
//! upload is retried without sending the text again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use escala::channels::telegram;
use escala::config::{Config, DiscordConfig, TelegramConfig};
use escala::domain::{Channel, TicketId};
use escala::runtime::App;
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::support::fake_discord::{self, user_json, FakeDiscord, GUILD};
use crate::support::fake_telegram::{self, FakeTelegram};

const STAFF: i64 = -1001234;
const AGENT: u64 = 42;
const FORUM: u64 = 8000;
const STAFF_ROLE: u64 = 8100;
const WAIT: Duration = Duration::from_secs(20);

struct Desk {
    telegram: FakeTelegram,
    discord: FakeDiscord,
    app: Arc<App>,
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<Result<(), escala::runtime::StartError>>>,
    _dir: tempfile::TempDir,
}

impl Desk {
    /// Both platforms running; staff work on `staff`.
    async fn start(staff: Channel) -> Desk {
        let telegram = FakeTelegram::start().await;
        telegram.set_admins(STAFF, &[AGENT]);
        let discord = FakeDiscord::start().await;
        discord.add_forum(FORUM);
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.database.url = format!("sqlite://{}", dir.path().join("escala.db").display());
        config.kb.dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
        config.kb.watch = false;
        config.support.staff_channel = staff;
        config.telegram = TelegramConfig {
            api_url: Some(telegram.url.clone()),
            staff_chat_id: Some(STAFF),
            poll_timeout_secs: 1,
            ..Default::default()
        };
        config.discord = DiscordConfig {
            api_url: Some(discord.url.clone()),
            guild_ids: vec![GUILD],
            staff_forum_id: Some(FORUM),
            staff_role_ids: vec![STAFF_ROLE],
            ..Default::default()
        };
        let app = Arc::new(App::open(config).await.unwrap());
        let shutdown = CancellationToken::new();
        let tasks = vec![
            tokio::spawn({
                let (app, shutdown) = (app.clone(), shutdown.clone());
                async move { app.run_telegram(telegram::Credentials::token(fake_telegram::TOKEN), shutdown).await }
            }),
            tokio::spawn({
                let (app, shutdown) = (app.clone(), shutdown.clone());
                async move { app.run_discord(fake_discord::TOKEN, shutdown).await }
            }),
        ];
        discord
            .wait_for("the Discord session", WAIT, |f| (!f.state.lock().unwrap().identifies.is_empty()).then_some(()))
            .await;
        Desk { telegram, discord, app, shutdown, tasks, _dir: dir }
    }

    async fn stop(self) {
        assert!(self.telegram.violations().is_empty(), "Bot API: {:?}", self.telegram.violations());
        assert!(self.discord.violations().is_empty(), "Discord: {:?}", self.discord.violations());
        self.shutdown.cancel();
        for task in self.tasks {
            tokio::time::timeout(Duration::from_secs(10), task).await.expect("adapter stops").unwrap().unwrap();
        }
    }

    /// Ticket 1's staff space, once the delivery side recorded it.
    async fn space(&self, on: Channel) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(space) = self.app.store.staff_thread(TicketId(1), on).await.unwrap() {
                return space;
            }
            assert!(Instant::now() < deadline, "ticket 1 never got a staff space on {on}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    fn telegram_user_says(&self, update: i64, user: i64, message: Value) {
        let mut message = message;
        message["message_id"] = json!(update);
        message["date"] = json!(1_790_000_000);
        message["chat"] = json!({"id": user, "type": "private", "first_name": "Ana"});
        message["from"] = json!({"id": user, "is_bot": false, "first_name": "Ana", "language_code": "pt"});
        self.telegram.push(json!({"update_id": update, "message": message}));
    }

    fn telegram_agent_says(&self, update: i64, thread: i64, message: Value) {
        let mut message = message;
        message["message_id"] = json!(update);
        message["date"] = json!(1_790_000_000);
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
        message["chat"] = json!({"id": STAFF, "type": "supergroup", "title": "Staff", "is_forum": true});
        message["from"] = json!({"id": AGENT, "is_bot": false, "first_name": "Marta"});
        self.telegram.push(json!({"update_id": update, "message": message}));
    }

    fn discord_user_says(&self, id: u64, user: u64, text: &str, files: Vec<Value>) {
        let dm = self.discord.dm_of(user);
        let mut message = self.discord.message_json(id, dm, user_json(user, "Ana", false), text, None);
        message["attachments"] = json!(files);
        self.discord.dispatch("MESSAGE_CREATE", message);
    }

    fn discord_agent_says(&self, id: u64, thread: u64, text: &str, files: Vec<Value>) {
        let mut message = self.discord.message_json(id, thread, user_json(AGENT, "Marta", false), text, Some(GUILD));
        message["member"] = json!({"roles": [STAFF_ROLE.to_string()], "deaf": false, "mute": false,
            "joined_at": "2026-01-01T00:00:00+00:00"});
        message["attachments"] = json!(files);
        self.discord.dispatch("MESSAGE_CREATE", message);
    }

    async fn telegram_upload(&self, chat: i64, name: &str) -> fake_telegram::Upload {
        self.telegram
            .wait_for(&format!("{name} uploaded to {chat}"), WAIT, |f| {
                f.uploads().into_iter().find(|u| u.chat_id == chat && u.file_name == name)
            })
            .await
    }

    async fn discord_upload(&self, channel: u64, name: &str) -> Vec<u8> {
        self.discord
            .wait_for(&format!("{name} uploaded to {channel}"), WAIT, |f| {
                f.uploads().into_iter().find(|(c, n, _)| *c == channel && n == name).map(|(_, _, bytes)| bytes)
            })
            .await
    }

    async fn telegram_text(&self, chat: i64, needle: &str) -> Value {
        self.telegram
            .wait_for(&format!("a message to {chat} with {needle:?}"), WAIT, |f| {
                f.sent("sendMessage").into_iter().find(|m| {
                    m["chat_id"].as_i64() == Some(chat) && m["text"].as_str().unwrap_or_default().contains(needle)
                })
            })
            .await
    }

    async fn discord_text(&self, channel: u64, needle: &str) -> Value {
        self.discord
            .wait_for(&format!("a message in {channel} with {needle:?}"), WAIT, |f| {
                f.messages_in(channel).into_iter().find(|m| m["content"].as_str().unwrap_or_default().contains(needle))
            })
            .await
    }

    async fn history_lines(&self) -> Vec<String> {
        let history = self.app.store.ticket_history(TicketId(1)).await.unwrap().unwrap();
        history.messages.into_iter().map(|m| m.body).collect()
    }
}

fn document(file_id: &str, name: &str, size: usize, caption: &str) -> Value {
    json!({"document": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_name": name,
        "mime_type": "application/pdf", "file_size": size}, "caption": caption})
}

fn bytes(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

/// Telegram user, Discord staff: the user's document is fetched with
/// getFile and uploaded to the ticket's post; the agent's file in the post
/// is downloaded from the CDN and uploaded to the user's chat.
#[tokio::test]
async fn files_cross_from_a_telegram_user_to_a_discord_forum_and_back() {
    let desk = Desk::start(Channel::Discord).await;
    let user = 6101;
    desk.telegram_user_says(1, user, json!({"text": "/ticket a impressora não imprime"}));
    let thread: u64 = desk.space(Channel::Discord).await.parse().unwrap();
    let report = bytes(40_000, 1);
    desk.telegram.host_file("DOC1", "relatorio.pdf", report.clone());
    desk.telegram_user_says(2, user, document("DOC1", "relatorio.pdf", report.len(), "o erro"));
    assert_eq!(desk.discord_upload(thread, "relatorio.pdf").await, report, "the same bytes");
    desk.discord_text(thread, "📎 relatorio.pdf (application/pdf, 39 KB) · telegram file DOC1").await;
    let guide = bytes(12_345, 2);
    let file = desk.discord.host_file(9901, "guia.png", "image/png", guide.clone());
    desk.discord_agent_says(9902, thread, "siga este guia", vec![file]);
    let upload = desk.telegram_upload(user, "guia.png").await;
    assert_eq!(upload.bytes, guide);
    assert_eq!(upload.method, "sendPhoto", "an image shows inline");
    desk.telegram_text(user, "siga este guia").await;
    let history = desk.history_lines().await;
    assert!(history.iter().any(|l| l.contains("📎 relatorio.pdf") && l.contains("DOC1")), "{history:#?}");
    assert!(history.iter().any(|l| l.contains("📎 guia.png") && l.contains("discord file 9901")), "{history:#?}");
    desk.stop().await;
}

/// Discord user, Telegram staff: the user's file with its text (which was
/// dropped before) reaches the topic as an upload after one text line; the
/// agent's document in the topic reaches the user's DM as an upload.
#[tokio::test]
async fn files_cross_from_a_discord_user_to_a_telegram_topic_and_back() {
    let desk = Desk::start(Channel::Telegram).await;
    let user = 6201;
    desk.discord_user_says(1, user, "/ticket my app crashes", Vec::new());
    let space = desk.space(Channel::Telegram).await;
    let thread: i64 = space.split_once(':').unwrap().1.parse().unwrap();
    let log = bytes(70_000, 3);
    let file = desk.discord.host_file(9801, "crash.log", "text/plain", log.clone());
    desk.discord_user_says(2, user, "here is the log", vec![file]);
    let upload = desk.telegram_upload(STAFF, "crash.log").await;
    assert_eq!((upload.bytes.clone(), upload.thread_id), (log, Some(thread)));
    assert_eq!(upload.method, "sendDocument");
    let line = desk.telegram_text(STAFF, "📎 crash.log").await;
    assert!(line["text"].as_str().unwrap().contains("here is the log"), "{line}");
    let fix = bytes(5_000, 4);
    desk.telegram.host_file("FIX1", "fix.pdf", fix.clone());
    desk.telegram_agent_says(3, thread, document("FIX1", "fix.pdf", fix.len(), "apply this"));
    let dm = desk.discord.dm_of(user);
    assert_eq!(desk.discord_upload(dm, "fix.pdf").await, fix);
    desk.discord_text(dm, "apply this").await;
    desk.stop().await;
}

/// Within one platform: a Discord user's files reach the post (the second
/// file of a message too), a Telegram agent's file reaches the user as a
/// copy without its caption twice, and a file captioned as a note stays
/// in the staff space.
#[tokio::test]
async fn files_within_each_platform_and_notes_with_files_stay_internal() {
    let desk = Desk::start(Channel::Discord).await;
    let user = 6301;
    desk.discord_user_says(1, user, "/ticket two screenshots", Vec::new());
    let thread: u64 = desk.space(Channel::Discord).await.parse().unwrap();
    let (a, b) = (bytes(3_000, 5), bytes(4_000, 6));
    let files = vec![
        desk.discord.host_file(9701, "a.png", "image/png", a.clone()),
        desk.discord.host_file(9702, "b.png", "image/png", b.clone()),
    ];
    desk.discord_user_says(2, user, "before and after", files);
    assert_eq!(desk.discord_upload(thread, "a.png").await, a);
    assert_eq!(desk.discord_upload(thread, "b.png").await, b);
    let note = desk.discord.host_file(9703, "internal.txt", "text/plain", bytes(100, 7));
    desk.discord_agent_says(9704, thread, "! server log, do not share", vec![note]);
    let answer = desk.discord.host_file(9705, "answer.txt", "text/plain", bytes(200, 8));
    desk.discord_agent_says(9706, thread, "here you go", vec![answer]);
    let dm = desk.discord.dm_of(user);
    desk.discord_upload(dm, "answer.txt").await;
    assert!(
        !desk.discord.uploads().iter().any(|(c, n, _)| *c == dm && n == "internal.txt"),
        "a note's file never reaches the user"
    );
    let history = desk.history_lines().await;
    assert!(history.iter().any(|l| l.contains("internal.txt") && l.contains("do not share")), "{history:#?}");
    desk.stop().await;

    let desk = Desk::start(Channel::Telegram).await;
    let user = 6302;
    desk.telegram_user_says(1, user, json!({"text": "/ticket need the manual"}));
    let space = desk.space(Channel::Telegram).await;
    let thread: i64 = space.split_once(':').unwrap().1.parse().unwrap();
    desk.telegram_agent_says(2, thread, document("MAN1", "manual.pdf", 1_000, "the manual"));
    let copied = desk
        .telegram
        .wait_for("the manual copied", WAIT, |f| {
            f.sent("copyMessage").into_iter().find(|c| c["chat_id"].as_i64() == Some(user))
        })
        .await;
    assert_eq!((copied["from_chat_id"].as_i64(), copied["message_id"].as_i64()), (Some(STAFF), Some(2)));
    assert_eq!(copied["caption"].as_str(), Some(""));
    desk.telegram_text(user, "the manual").await;
    assert!(desk.telegram.uploads().is_empty(), "within Telegram nothing is downloaded");
    desk.stop().await;
}

/// A file larger than the way to the other side allows is refused before
/// anything is sent, in the user's language; the overall cap still holds.
#[tokio::test]
async fn a_file_too_large_for_the_other_platform_is_refused_in_the_users_language() {
    let desk = Desk::start(Channel::Discord).await;
    let user = 6401;
    desk.telegram_user_says(1, user, json!({"text": "/ticket o portátil não liga"}));
    let thread: u64 = desk.space(Channel::Discord).await.parse().unwrap();
    // 15 MB: Telegram lets the bot download it, the Discord server takes 10.
    desk.telegram_user_says(2, user, document("BIG1", "video.pdf", 15 * 1024 * 1024, ""));
    desk.telegram_text(user, "ficheiros até 10 MB").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(desk.discord.uploads().is_empty());
    assert!(desk.discord.messages_in(thread).iter().all(|m| !m["content"].to_string().contains("video.pdf")));
    desk.stop().await;
}

/// A 429 on the upload after the text line went out: the retry sends the
/// file alone, so the staff topic shows the text once and the file once.
#[tokio::test]
async fn an_upload_retried_after_a_rate_limit_does_not_repeat_the_text() {
    let desk = Desk::start(Channel::Telegram).await;
    let user = 6501;
    desk.discord_user_says(1, user, "/ticket scanner broken", Vec::new());
    desk.space(Channel::Telegram).await;
    desk.telegram.rate_limit("sendDocument", 1, 1);
    let file = desk.discord.host_file(9601, "scan.pdf", "application/pdf", bytes(2_000, 9));
    desk.discord_user_says(2, user, "the scan", vec![file]);
    desk.telegram_upload(STAFF, "scan.pdf").await;
    let lines = desk
        .telegram
        .sent("sendMessage")
        .into_iter()
        .filter(|m| m["text"].as_str().unwrap_or_default().contains("📎 scan.pdf"))
        .count();
    assert_eq!(lines, 1, "the text line is sent once");
    let attempts = desk.telegram.calls().iter().filter(|c| c.method == "sendDocument").count();
    assert_eq!(attempts, 2, "one refused, one delivered");
    assert_eq!(desk.telegram.uploads().iter().filter(|u| u.file_name == "scan.pdf").count(), 1);
    desk.stop().await;
}

/// `/mydata` on Telegram: after the user confirms, the export arrives in
/// their chat as a document holding what they wrote.
#[tokio::test]
async fn mydata_arrives_as_a_document_in_the_users_telegram_chat() {
    let desk = Desk::start(Channel::Telegram).await;
    let user = 6601;
    desk.telegram_user_says(1, user, json!({"text": "the wifi keeps dropping"}));
    desk.telegram_user_says(2, user, json!({"text": "/mydata"}));
    desk.telegram_text(user, "Posso enviar-lhe um ficheiro").await;
    desk.telegram.push(json!({"update_id": 3, "callback_query": {"id": "cb3", "chat_instance": "ci",
        "data": escala::engine::choice::MYDATA_YES,
        "from": {"id": user, "is_bot": false, "first_name": "Ana", "language_code": "pt"},
        "message": {"message_id": 1, "date": 1_790_000_000,
            "chat": {"id": user, "type": "private", "first_name": "Ana"}}}}));
    let upload = desk.telegram_upload(user, "my-data.md").await;
    let document = String::from_utf8(upload.bytes).unwrap();
    assert!(
        document.contains("the wifi keeps dropping") && document.contains("# Dados guardados sobre Ana"),
        "in her language: {document}"
    );
    assert_eq!(upload.method, "sendDocument");
    desk.stop().await;
}
