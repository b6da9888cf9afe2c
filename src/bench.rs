//! `escala bench`: throughput of the engine against a raw baseline measured
//! in the same run on the same machine, so the ratio means something on a
//! noisy shared host. Benchmarks print; they never fail a build.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

use crate::domain::{Channel, Inbound, Sender, UserInput};
use crate::engine::{Engine, EngineSettings};
use crate::kb::SharedKb;
use crate::store::{sqlite::SqliteStore, Store};

#[derive(Debug, Clone, Serialize)]
pub struct EngineRun {
    pub users: usize,
    pub messages: usize,
    pub msgs_per_sec: f64,
    /// Engine messages/s ÷ raw single-row insert transactions/s.
    pub engine_ratio: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EngineBench {
    pub backend: &'static str,
    pub raw_inserts_per_sec: f64,
    pub runs: Vec<EngineRun>,
}

/// Raw sqlx rate of single-row insert transactions on a fresh SQLite file
/// with the same journal settings as the store.
async fn raw_sqlite_inserts(dir: &Path, count: usize) -> anyhow::Result<f64> {
    let options = SqliteConnectOptions::new()
        .filename(dir.join("raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").execute(&pool).await?;
    let started = Instant::now();
    for i in 0..count {
        let mut tx = pool.begin().await?;
        sqlx::query("INSERT INTO raw (body) VALUES (?)").bind(format!("message {i}")).execute(&mut *tx).await?;
        tx.commit().await?;
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

fn question(user: usize, n: usize) -> Inbound {
    const QUESTIONS: [&str; 4] =
        ["I forgot my password", "how do I reset my password", "password reset link not arriving", "reset password"];
    Inbound {
        channel: Channel::Console,
        key: Some(format!("bench-{user}-{n}")),
        sender: Sender {
            external_id: format!("user{user}"),
            chat_id: format!("user{user}"),
            display_name: format!("user{user}"),
            locale: Some("en".into()),
        },
        input: UserInput::Text(QUESTIONS[n % QUESTIONS.len()].to_string()),
        at: Utc::now(),
    }
}

async fn engine_rate(engine: Arc<Engine>, users: usize, per_user: usize) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for user in 0..users {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..per_user {
                engine.handle(question(user, n)).await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok((users * per_user) as f64 / started.elapsed().as_secs_f64())
}

/// Runs the engine benchmark on SQLite with the given KB.
pub async fn engine_on_sqlite(kb: SharedKb, messages: usize) -> anyhow::Result<EngineBench> {
    let dir = tempfile_dir()?;
    let raw = raw_sqlite_inserts(dir.path(), messages).await?;
    let mut runs = Vec::new();
    for users in [1usize, 10, 100] {
        let url = format!("sqlite://{}", dir.path().join(format!("engine-{users}.db")).display());
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await?);
        let engine = Arc::new(Engine::new(store, kb.clone(), EngineSettings::default()));
        let per_user = (messages / users).max(1);
        let rate = engine_rate(engine, users, per_user).await?;
        runs.push(EngineRun { users, messages: per_user * users, msgs_per_sec: rate, engine_ratio: rate / raw });
    }
    Ok(EngineBench { backend: "sqlite", raw_inserts_per_sec: raw, runs })
}

fn tempfile_dir() -> anyhow::Result<TempDir> {
    let path =
        std::env::temp_dir().join(format!("escala-bench-{}-{}", std::process::id(), Utc::now().timestamp_micros()));
    std::fs::create_dir_all(&path)?;
    Ok(TempDir(path))
}

/// A scratch folder removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::fmt::Display for EngineBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "engine on {}: raw single-row insert transactions {:.0}/s",
            self.backend, self.raw_inserts_per_sec
        )?;
        writeln!(f, "{:>6} {:>9} {:>12} {:>13}", "users", "messages", "msgs/s", "engine_ratio")?;
        for run in &self.runs {
            writeln!(f, "{:>6} {:>9} {:>12.0} {:>13.2}", run.users, run.messages, run.msgs_per_sec, run.engine_ratio)?;
        }
        Ok(())
    }
}
