//! Shared test harness: an engine on a fresh SQLite database with the
//! fixture knowledge base and a fixed clock, plus helpers that act as a
//! console user or an agent and read what each of them received.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use escala::domain::{Channel, Destination, Inbound, Outbound, Sender, TicketId, UserInput};
use escala::engine::{Agent, Engine, EngineSettings, Outcome, StaffAction};
use escala::kb::{KnowledgeBase, SharedKb};
use escala::store::Store;

pub fn fixture_kb_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kb")
}

/// A copy of the fixture KB in a temporary folder, for tests that edit it.
pub fn editable_kb() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture_kb_dir(), dir.path());
    dir
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub struct Desk {
    pub engine: Engine,
    pub store: Arc<dyn Store>,
    pub now: DateTime<Utc>,
    /// The KB the engine reads; `reload_kb` swaps it like the file watcher.
    pub kb: SharedKb,
    kb_dir: PathBuf,
    settings: EngineSettings,
    /// The database the desk reopens on `restart`.
    url: String,
    _dir: tempfile::TempDir,
    _schema: Option<super::backends::PgSchema>,
}

impl Desk {
    pub async fn new() -> Desk {
        Desk::with_settings(EngineSettings::default()).await
    }

    pub async fn with_settings(settings: EngineSettings) -> Desk {
        Desk::on_kb(fixture_kb_dir(), settings).await
    }

    /// A desk reading the KB in `kb_dir` (a copy the test may edit).
    pub async fn on_kb(kb_dir: PathBuf, settings: EngineSettings) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("escala.db").display());
        let (engine, store, kb) = Desk::open(&url, &kb_dir, settings.clone()).await;
        Desk { engine, store, now: t0(), kb, kb_dir, settings, url, _dir: dir, _schema: None }
    }

    /// A desk on a PostgreSQL schema of its own, with the fixture KB.
    pub async fn on_postgres(settings: EngineSettings) -> Desk {
        let (_, schema) = super::backends::postgres().await;
        let url = schema.url();
        let kb_dir = fixture_kb_dir();
        let (engine, store, kb) = Desk::open(&url, &kb_dir, settings.clone()).await;
        let dir = tempfile::tempdir().unwrap();
        Desk { engine, store, now: t0(), kb, kb_dir, settings, url, _dir: dir, _schema: Some(schema) }
    }

    async fn open(url: &str, kb_dir: &std::path::Path, settings: EngineSettings) -> (Engine, Arc<dyn Store>, SharedKb) {
        let store: Arc<dyn Store> = Arc::from(escala::store::connect(url).await.unwrap());
        let kb: SharedKb = Arc::new(arc_swap::ArcSwap::from_pointee(KnowledgeBase::load(kb_dir).unwrap()));
        (Engine::new(store.clone(), kb.clone(), settings), store, kb)
    }

    /// A process restart: a new engine and connection pool on the same
    /// database file, with nothing carried over in memory.
    pub async fn restart(&mut self) {
        let (engine, store, kb) = Desk::open(&self.url, &self.kb_dir, self.settings.clone()).await;
        self.engine = engine;
        self.store = store;
        self.kb = kb;
    }

    /// The database URL (for specs that read under the store).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Reloads the KB from its folder, as the file watcher does after an edit.
    pub fn reload_kb(&self) {
        self.kb.store(Arc::new(KnowledgeBase::load(&self.kb_dir).unwrap()));
    }

    /// Runs the SLA sweeper at the desk's clock.
    pub async fn sweep(&self) -> escala::engine::SweepReport {
        self.engine.sweep(self.now).await.unwrap()
    }

    pub fn tick(&mut self, minutes: i64) {
        self.now += Duration::minutes(minutes);
    }

    fn inbound(&self, user: &str, locale: Option<&str>, input: UserInput, key: Option<&str>) -> Inbound {
        Inbound {
            channel: Channel::Console,
            key: key.map(str::to_string),
            sender: Sender {
                external_id: user.to_string(),
                chat_id: user.to_string(),
                display_name: user.to_string(),
                locale: locale.map(str::to_string),
            },
            input,
            at: self.now,
            source: None,
        }
    }

    /// `user` (with platform locale `locale`) types `text`.
    pub async fn says(&mut self, user: &str, locale: &str, text: &str) -> Outcome {
        self.tick(1);
        let inbound = self.inbound(user, Some(locale), UserInput::Text(text.to_string()), None);
        self.engine.handle(inbound).await.unwrap()
    }

    /// `user` types `text` at the same instant as the previous message (a
    /// flood), without the minute `says` lets pass.
    pub async fn says_at_once(&mut self, user: &str, locale: &str, text: &str) -> Outcome {
        let inbound = self.inbound(user, Some(locale), UserInput::Text(text.to_string()), None);
        self.engine.handle(inbound).await.unwrap()
    }

    pub async fn update(&mut self, user: &str, input: UserInput, key: Option<&str>) -> Outcome {
        self.tick(1);
        let inbound = self.inbound(user, None, input, key);
        self.engine.handle(inbound).await.unwrap()
    }

    pub async fn presses(&mut self, user: &str, data: &str) -> Outcome {
        self.update(user, UserInput::Choice(data.to_string()), None).await
    }

    pub async fn command(&mut self, user: &str, name: &str, args: &str) -> Outcome {
        self.update(user, UserInput::Command { name: name.into(), args: args.into() }, None).await
    }

    pub async fn agent(
        &mut self,
        agent: &Agent,
        ticket: TicketId,
        action: StaffAction,
    ) -> Result<Outcome, escala::engine::EngineError> {
        self.tick(1);
        self.engine.staff(agent, ticket, action, self.now).await
    }

    /// Everything still undelivered in the outbox, delivered now, in order.
    pub async fn deliver(&self) -> Vec<Outbound> {
        let mut all = Vec::new();
        loop {
            let rows = self.store.due_outbox(Channel::Console, self.now, 1000).await.unwrap();
            if rows.is_empty() {
                return all;
            }
            for row in rows {
                self.store.mark_sent(row.id, self.now).await.unwrap();
                all.push(row.message);
            }
        }
    }

    /// The texts delivered to `user`'s chat since the last delivery.
    pub async fn inbox(&self, user: &str) -> Vec<Outbound> {
        self.deliver()
            .await
            .into_iter()
            .filter(|m| matches!(&m.destination, Destination::User { chat_id } if chat_id == user))
            .collect()
    }
}

pub fn texts(messages: &[Outbound]) -> String {
    messages.iter().map(|m| m.text.as_str()).collect::<Vec<_>>().join("\n---\n")
}

pub fn staff_only(messages: &[Outbound]) -> Vec<Outbound> {
    messages.iter().filter(|m| matches!(m.destination, Destination::Staff { .. })).cloned().collect()
}

pub fn agent(name: &str) -> Agent {
    Agent::operator(name)
}

pub fn to_user(messages: &[Outbound], user: &str) -> Vec<Outbound> {
    messages
        .iter()
        .filter(|m| matches!(&m.destination, Destination::User { chat_id } if chat_id == user))
        .cloned()
        .collect()
}

pub fn choice_data(message: &Outbound) -> Vec<&str> {
    message.choices.iter().map(|c| c.data.as_str()).collect()
}

/// `[vendors.Acme]` as the platform stories configure it: an 8-hour answer
/// and a 5-day fix, no reminders.
pub fn acme_vendor() -> escala::config::VendorConfig {
    escala::config::VendorConfig {
        contact: "support@acme.example".into(),
        response: std::time::Duration::from_secs(8 * 3600),
        resolution: std::time::Duration::from_secs(5 * 24 * 3600),
        follow_up: None,
        user_update: None,
    }
}
