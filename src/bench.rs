//! `escala bench`: each figure beside a raw baseline measured in the same
//! run on the same machine, so the ratio means something on a noisy shared
//! host: the engine against raw single-row insert transactions (SQLite and
//! PostgreSQL), the ticket flow, and the memory and start-up of a whole
//! `escala chat` process against the binary doing nothing. Benchmarks print;
//! they never fail a build. Delivery pacing against the fake platforms is
//! `cargo bench --bench delivery`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

use crate::domain::{Channel, Inbound, Sender, UserInput};
use crate::engine::{choice, Agent, Engine, EngineSettings, FloodLimit, StaffAction};
use crate::kb::SharedKb;
use crate::store::{sqlite::SqliteStore, Store};

/// The engine as production runs it, minus the per-user flood limit, which
/// would otherwise measure itself: bench users write as fast as they can.
fn settings() -> EngineSettings {
    EngineSettings { flood: FloodLimit { per_minute: 0, burst: 1 }, ..EngineSettings::default() }
}

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
    inbound(user, n, UserInput::Text(QUESTIONS[n % QUESTIONS.len()].to_string()))
}

const QUESTIONS: [&str; 4] =
    ["I forgot my password", "how do I reset my password", "password reset link not arriving", "reset password"];

fn inbound(user: usize, n: usize, input: UserInput) -> Inbound {
    Inbound {
        channel: Channel::Console,
        key: Some(format!("bench-{user}-{n}")),
        sender: Sender {
            external_id: format!("user{user}"),
            chat_id: format!("user{user}"),
            display_name: format!("user{user}"),
            locale: Some("en".into()),
        },
        input,
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
        runs.push(engine_run(store, kb.clone(), users, messages, raw).await?);
    }
    Ok(EngineBench { backend: "sqlite", raw_inserts_per_sec: raw, runs })
}

async fn engine_run(
    store: Arc<dyn Store>,
    kb: SharedKb,
    users: usize,
    messages: usize,
    raw: f64,
) -> anyhow::Result<EngineRun> {
    let engine = Arc::new(Engine::new(store, kb, settings()));
    let per_user = (messages / users).max(1);
    let rate = engine_rate(engine, users, per_user).await?;
    Ok(EngineRun { users, messages: per_user * users, msgs_per_sec: rate, engine_ratio: rate / raw })
}

/// A schema of its own on the PostgreSQL server at `url`, dropped at the end.
struct PgSchema {
    admin: sqlx::PgPool,
    name: String,
    url: String,
}

impl PgSchema {
    async fn create(url: &str, label: &str) -> anyhow::Result<PgSchema> {
        let admin = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await?;
        let name = format!("escala_bench_{}_{label}", std::process::id());
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).execute(&admin).await?;
        sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&admin).await?;
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}options=-csearch_path%3D{name}");
        Ok(PgSchema { admin, name, url })
    }

    async fn drop_now(self) {
        let _ = sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name)).execute(&self.admin).await;
    }
}

/// Raw sqlx rate of single-row insert transactions on PostgreSQL, over a
/// pool like the store's, from as many tasks as the engine run has users.
async fn raw_postgres_inserts(url: &str, count: usize, writers: usize) -> anyhow::Result<f64> {
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(10).connect(url).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)").execute(&pool).await?;
    let started = Instant::now();
    let per_writer = (count / writers).max(1);
    let mut tasks = Vec::new();
    for w in 0..writers {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_writer {
                let mut tx = pool.begin().await?;
                sqlx::query("INSERT INTO raw (body) VALUES ($1)")
                    .bind(format!("message {w}-{i}"))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok((per_writer * writers) as f64 / started.elapsed().as_secs_f64())
}

/// The engine on PostgreSQL; each user count in a fresh schema (the runs'
/// update keys would otherwise collide and be skipped as repeats) against
/// raw inserts there from as many writers as the store's pool holds (10)
/// or the run has users, whichever is fewer: PostgreSQL, unlike SQLite,
/// runs them in parallel.
pub async fn engine_on_postgres(kb: SharedKb, messages: usize, url: &str) -> anyhow::Result<EngineBench> {
    let mut runs = Vec::new();
    let mut single = 0.0;
    for users in [1usize, 10, 100] {
        let schema = PgSchema::create(url, &users.to_string()).await?;
        let run = async {
            let raw = raw_postgres_inserts(&schema.url, messages, users.min(10)).await?;
            let store: Arc<dyn Store> = Arc::new(crate::store::postgres::PostgresStore::open(&schema.url).await?);
            store.migrate().await?;
            anyhow::Ok((raw, engine_run(store, kb.clone(), users, messages, raw).await?))
        }
        .await;
        schema.drop_now().await;
        let (raw, run) = run?;
        if users == 1 {
            single = raw;
        }
        runs.push(run);
    }
    Ok(EngineBench { backend: "postgres", raw_inserts_per_sec: single, runs })
}

#[derive(Debug, Clone, Serialize)]
pub struct TicketFlowBench {
    pub users: usize,
    pub cycles: usize,
    /// Whole ticket lives per second: question → not solved → ticket →
    /// 5 agent replies → resolve → user confirms → rates → skips the comment.
    pub cycles_per_sec: f64,
    /// Engine steps (transactions) per second during the cycles.
    pub steps_per_sec: f64,
    /// Steps/s ÷ raw single-row insert transactions/s on SQLite.
    pub steps_ratio: f64,
}

/// Engine steps in one ticket cycle.
const CYCLE_STEPS: usize = 11;

pub async fn ticket_flow_on_sqlite(kb: SharedKb, cycles: usize) -> anyhow::Result<TicketFlowBench> {
    let dir = tempfile_dir()?;
    let raw = raw_sqlite_inserts(dir.path(), cycles * CYCLE_STEPS).await?;
    let url = format!("sqlite://{}", dir.path().join("flow.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await?);
    let engine = Arc::new(Engine::new(store, kb, settings()));
    let users = 10;
    let per_user = (cycles / users).max(1);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for user in 0..users {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let agent = Agent::operator("bench-agent");
            for cycle in 0..per_user {
                let mut n = cycle * CYCLE_STEPS;
                let mut step = |input| {
                    n += 1;
                    inbound(user, n, input)
                };
                engine.handle(step(UserInput::Text("I forgot my password".into()))).await?;
                let outcome = engine.handle(step(UserInput::Choice(choice::NOT_SOLVED.into()))).await?;
                let ticket = outcome.ticket.ok_or_else(|| {
                    let said: Vec<&str> = outcome.sent.iter().map(|m| m.text.as_str()).collect();
                    anyhow::anyhow!("cycle {cycle}: no ticket opened; the bot said {said:?}")
                })?;
                for reply in 0..5 {
                    let action = StaffAction::Reply { text: format!("step {reply}: try this") };
                    engine.staff(&agent, ticket, action, Utc::now()).await?;
                }
                let resolve = StaffAction::Resolve { summary: "reset link re-sent".into() };
                engine.staff(&agent, ticket, resolve, Utc::now()).await?;
                engine.handle(step(UserInput::Choice(choice::FIXED_YES.into()))).await?;
                engine.handle(step(UserInput::Choice(format!("{}5", choice::CSAT_PREFIX)))).await?;
                engine.handle(step(UserInput::Choice(choice::SKIP.into()))).await?;
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let done = per_user * users;
    let steps_per_sec = (done * CYCLE_STEPS) as f64 / elapsed;
    Ok(TicketFlowBench {
        users,
        cycles: done,
        cycles_per_sec: done as f64 / elapsed,
        steps_per_sec,
        steps_ratio: steps_per_sec / raw,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessBench {
    /// "shipped" (kb/) or "generated-10000".
    pub kb: String,
    pub messages: usize,
    /// Spawn until the answer to a first question is printed.
    pub startup_ms: f64,
    pub peak_rss_mb: f64,
    /// Resident memory once the messages are handled and the process idles.
    pub steady_rss_mb: f64,
    /// The same binary printing its version: the floor of both figures.
    pub baseline_startup_ms: f64,
    pub baseline_rss_mb: f64,
}

/// VmHWM (peak) and VmRSS (now) of a process, in MB, from /proc.
fn rss_mb(pid: u32) -> Option<(f64, f64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// Below this resident size a reading was taken while the kernel was
/// replacing the forked image with the binary, not of the binary itself.
const LEAST_PLAUSIBLE_RSS_MB: f64 = 1.0;

/// The peak of (peak, resident) readings taken once the binary was running,
/// if any was.
fn settled_peak(samples: &[(f64, f64)]) -> Option<f64> {
    samples.iter().filter(|(_, rss)| *rss >= LEAST_PLAUSIBLE_RSS_MB).map(|(hwm, _)| *hwm).reduce(f64::max)
}

/// `escala --version` as a child: its wall time and peak memory, the cost
/// of the binary itself.
async fn baseline_process(exe: &Path) -> anyhow::Result<(f64, f64)> {
    // The process lives a few milliseconds and may end before /proc is read
    // (wait4's ru_maxrss is no help: it counts the parent's memory at fork),
    // so try a few times; the time is the first run's.
    let mut first_ms = None;
    for _ in 0..10 {
        let started = Instant::now();
        let mut child =
            tokio::process::Command::new(exe).arg("--version").stdout(std::process::Stdio::null()).spawn()?;
        let pid = child.id().unwrap_or_default();
        let mut samples = Vec::new();
        loop {
            samples.extend(rss_mb(pid));
            if child.try_wait()?.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let ms = *first_ms.get_or_insert(started.elapsed().as_secs_f64() * 1e3);
        if let Some(peak) = settled_peak(&samples) {
            return Ok((ms, peak));
        }
    }
    anyhow::bail!("`escala --version` always ended before its memory could be read")
}

/// Runs `escala chat` on `kb_dir` as a child process: times the first
/// answer, feeds it `messages` questions from 100 users' worth of text, and
/// reads its memory from /proc once it has gone quiet.
pub async fn process_bench(kb_dir: &Path, label: &str, messages: usize) -> anyhow::Result<ProcessBench> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    let exe = std::env::current_exe()?;
    let dir = tempfile_dir()?;
    let config = dir.path().join("escala.toml");
    let db = dir.path().join("escala.db");
    std::fs::write(
        &config,
        format!(
            "[database]\nurl = \"sqlite://{}\"\n[kb]\ndir = \"{}\"\nwatch = false\n[support]\nflood_per_minute = 0\n[metrics]\nlisten = \"\"\n",
            db.display(),
            kb_dir.display()
        ),
    )?;
    let (baseline_startup_ms, baseline_rss_mb) = baseline_process(&exe).await?;
    let started = Instant::now();
    let mut child = tokio::process::Command::new(&exe)
        .arg("--config")
        .arg(&config)
        .args(["chat", "--user", "bench", "--lang", "en"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let pid = child.id().unwrap_or_default();
    let mut stdin = child.stdin.take().ok_or_else(|| anyhow::anyhow!("no stdin"))?;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().ok_or_else(|| anyhow::anyhow!("no stdout"))?).lines();
    stdin.write_all(b"I forgot my password\n").await?;
    lines.next_line().await?.ok_or_else(|| anyhow::anyhow!("escala chat printed nothing"))?;
    let startup_ms = started.elapsed().as_secs_f64() * 1e3;
    // Drain the answers while feeding questions, or the pipe fills up.
    let (quiet_tx, mut quiet_rx) = tokio::sync::watch::channel(Instant::now());
    let reader = tokio::spawn(async move {
        while let Ok(Some(_)) = lines.next_line().await {
            let _ = quiet_tx.send(Instant::now());
        }
    });
    for n in 1..messages {
        let question = QUESTIONS[n % QUESTIONS.len()];
        stdin.write_all(format!("{question} {n}\n").as_bytes()).await?;
    }
    stdin.flush().await?;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let last = *quiet_rx.borrow_and_update();
        if last.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    // VmHWM is the process's high-water mark, so one reading once it has
    // gone quiet holds the peak of the whole run.
    let (peak, steady) = rss_mb(pid).ok_or_else(|| anyhow::anyhow!("cannot read /proc/{pid}/status"))?;
    drop(stdin);
    let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    reader.abort();
    Ok(ProcessBench {
        kb: label.to_string(),
        messages,
        startup_ms,
        peak_rss_mb: peak,
        steady_rss_mb: steady,
        baseline_startup_ms,
        baseline_rss_mb,
    })
}

/// Everything `escala bench` measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchSuite {
    pub engine: Vec<EngineBench>,
    pub ticket_flow: TicketFlowBench,
    pub processes: Vec<ProcessBench>,
}

impl std::fmt::Display for BenchSuite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for engine in &self.engine {
            writeln!(f, "{engine}")?;
        }
        let flow = &self.ticket_flow;
        writeln!(
            f,
            "ticket flow on sqlite ({} users, {} cycles of 11 steps): {:.1} cycles/s, {:.0} steps/s, steps_ratio {:.2}\n",
            flow.users, flow.cycles, flow.cycles_per_sec, flow.steps_per_sec, flow.steps_ratio
        )?;
        writeln!(
            f,
            "{:<16} {:>8} {:>11} {:>13} {:>10} {:>12} {:>12}",
            "process (chat)", "messages", "startup ms", "baseline ms", "peak MB", "steady MB", "baseline MB"
        )?;
        for p in &self.processes {
            writeln!(
                f,
                "{:<16} {:>8} {:>11.0} {:>13.0} {:>10.1} {:>12.1} {:>12.1}",
                p.kb,
                p.messages,
                p.startup_ms,
                p.baseline_startup_ms,
                p.peak_rss_mb,
                p.steady_rss_mb,
                p.baseline_rss_mb
            )?;
        }
        Ok(())
    }
}

pub(crate) fn tempfile_dir() -> anyhow::Result<TempDir> {
    let path =
        std::env::temp_dir().join(format!("escala-bench-{}-{}", std::process::id(), Utc::now().timestamp_micros()));
    std::fs::create_dir_all(&path)?;
    Ok(TempDir(path))
}

/// A scratch folder removed when dropped.
pub(crate) struct TempDir(std::path::PathBuf);

impl TempDir {
    pub(crate) fn path(&self) -> &Path {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_taken_during_exec_is_not_the_baselines_memory() {
        // Seen in a run: the only reading of `escala --version` came while
        // exec was swapping images, and the baseline printed 0.0 MB.
        assert_eq!(settled_peak(&[(0.02, 0.02)]), None);
        assert_eq!(settled_peak(&[(0.02, 0.02), (6.1, 5.9), (6.3, 4.0)]), Some(6.3));
        assert_eq!(settled_peak(&[]), None);
    }
}
