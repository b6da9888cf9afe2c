//! The engine benchmarks: questions answered from the KB with their outbox
//! rows (SQLite and PostgreSQL, 1, 10 and 100 users) and whole ticket lives,
//! each against raw single-row insert transactions measured in the same run.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use escala::domain::{Channel, Inbound, Sender, UserInput};
use escala::engine::{choice, Agent, Engine, EngineSettings, FloodLimit, StaffAction};
use escala::kb::SharedKb;
use escala::store::baseline::{self, ScratchSchema};
use escala::store::{sqlite::SqliteStore, Store};
use serde::Serialize;

use super::tempfile_dir;

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

fn question(user: usize, n: usize) -> Inbound {
    inbound(user, n, UserInput::Text(QUESTIONS[n % QUESTIONS.len()].to_string()))
}

pub(super) const QUESTIONS: [&str; 4] =
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
        source: None,
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
    let raw = baseline::sqlite_inserts_per_sec(dir.path(), messages).await?;
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

/// The engine on PostgreSQL; each user count in a fresh schema (the runs'
/// update keys would otherwise collide and be skipped as repeats) against
/// raw inserts there from as many writers as the store's pool holds (10)
/// or the run has users, whichever is fewer: PostgreSQL, unlike SQLite,
/// runs them in parallel.
pub async fn engine_on_postgres(kb: SharedKb, messages: usize, url: &str) -> anyhow::Result<EngineBench> {
    let mut runs = Vec::new();
    let mut single = 0.0;
    for users in [1usize, 10, 100] {
        let schema = ScratchSchema::create(url, &users.to_string()).await?;
        let run = async {
            let raw = baseline::postgres_inserts_per_sec(&schema.url, messages, users.min(10)).await?;
            let store: Arc<dyn Store> = Arc::new(escala::store::postgres::PostgresStore::open(&schema.url).await?);
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
    let raw = baseline::sqlite_inserts_per_sec(dir.path(), cycles * CYCLE_STEPS).await?;
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
