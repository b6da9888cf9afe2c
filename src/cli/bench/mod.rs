//! `escala bench`: each figure beside a raw baseline measured in the same
//! run on the same machine, so the ratio means something on a noisy shared
//! host: the engine against raw single-row insert transactions (SQLite and
//! PostgreSQL), the ticket flow, and the memory and start-up of a whole
//! `escala chat` process against the binary doing nothing. Benchmarks print;
//! they never fail a build. Delivery pacing against the fake platforms is
//! `cargo bench --bench delivery`.

mod engine;
mod process;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use escala::config::Config;
use serde::Serialize;

use super::args::BenchArgs;
use engine::{EngineBench, TicketFlowBench};
use process::ProcessBench;

pub async fn run(config: Config, args: BenchArgs) -> anyhow::Result<ExitCode> {
    let BenchArgs { messages, postgres, process_messages, articles, json } = args;
    let loaded = escala::runtime::load_kb(&config.kb.dir, config.kb_max_file_bytes(), config.kb_index_dir()).await?;
    // The engine runs ask how to reset a password and the ticket flow opens
    // a ticket after the answer: on a KB without that article they would
    // measure something else, or stop half-way with a puzzling error.
    if loaded.search(engine::QUESTIONS[0], Some(escala::domain::Lang::En), 1).is_empty() {
        anyhow::bail!(
            "escala bench needs a KB that answers \"{}\" (the shipped kb/ does); {} has {} articles and no such \
             answer: run it from the project folder or set kb.dir",
            engine::QUESTIONS[0],
            config.kb.dir.display(),
            loaded.len()
        );
    }
    let kb = Arc::new(arc_swap::ArcSwap::from_pointee(loaded));
    let mut engine = vec![engine::engine_on_sqlite(kb.clone(), messages).await?];
    if let Some(url) = postgres {
        engine.push(engine::engine_on_postgres(kb.clone(), messages, &url).await?);
    }
    let ticket_flow = engine::ticket_flow_on_sqlite(kb, messages / 10).await?;
    let generated = tempfile_dir()?;
    escala::kb::write_synthetic_kb(generated.path(), articles)?;
    let processes = vec![
        process::process_bench(&config.kb.dir, "shipped", process_messages).await?,
        process::process_bench(generated.path(), &format!("generated-{articles}"), process_messages).await?,
    ];
    let report = BenchSuite { engine, ticket_flow, processes };
    if json {
        crate::cli::out::json(&report)?;
    } else {
        crate::cli::out::print(&format!("{report}"))?;
    }
    Ok(ExitCode::SUCCESS)
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
            "{:<16} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9}",
            "process (chat)",
            "messages",
            "cold ms",
            "warm ms",
            "base ms",
            "cold MB",
            "peak MB",
            "steady MB",
            "anon MB",
            "file MB",
            "base MB"
        )?;
        for p in &self.processes {
            writeln!(
                f,
                "{:<16} {:>8} {:>8.0} {:>8.0} {:>9.0} {:>8.1} {:>8.1} {:>9.1} {:>8.1} {:>8.1} {:>9.1}",
                p.kb,
                p.messages,
                p.cold_startup_ms,
                p.warm_startup_ms,
                p.baseline_startup_ms,
                p.cold_peak_rss_mb,
                p.peak_rss_mb,
                p.steady_rss_mb,
                p.steady_anon_mb,
                p.steady_file_mb,
                p.baseline_rss_mb
            )?;
        }
        Ok(())
    }
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
