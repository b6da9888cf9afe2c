//! `escala stats` on the command line and `/stats` in a staff space: read
//! the window's rows, compute the report, print or draw it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::store::{Store, StoreResult};

use super::breakdown::{breakdown, Dimension};
use super::render::{self, StatsOutput};
use super::report::compute;

/// The window `/stats` covers in a staff space.
const STAFF_WINDOW_DAYS: i64 = 7;

/// Where the window starts: a duration back from now, or a UTC date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Since {
    Ago(chrono::Duration),
    Date(NaiveDate),
}

impl Since {
    pub fn start(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Since::Ago(duration) => now - duration,
            Since::Date(date) => date.and_time(chrono::NaiveTime::MIN).and_utc(),
        }
    }
}

/// `7d`, `12h`, `2w`, `1d 12h` (humantime's syntax) or `2026-11-01`.
pub fn parse_since(text: &str) -> Result<Since, String> {
    if let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(Since::Date(date));
    }
    let duration = humantime::parse_duration(text.trim())
        .map_err(|e| format!("`{text}` is neither a duration like 7d, 12h, 2w nor a date like 2026-11-01 ({e})"))?;
    chrono::Duration::from_std(duration).map(Since::Ago).map_err(|_| format!("`{text}` is too long ago"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

/// `escala stats`: support figures for a window.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Start of the window: a duration back from now (7d, 12h, 2w) or a UTC date (2026-11-01).
    #[arg(long, default_value = "7d", value_parser = parse_since)]
    pub since: Since,
    /// Also show the figures per level, channel, language or agent.
    #[arg(long, value_enum)]
    pub by: Option<Dimension>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Draw the daily series and the CSAT and first-response distributions into this PNG file.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
}

/// Reads the rows of `[since, now]` and computes the report and slices.
pub async fn stats_output(
    store: &dyn Store,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    by: Option<Dimension>,
) -> StoreResult<StatsOutput> {
    let input = store.stats_input(since).await?;
    let report = compute(&input, since, now);
    let groups = by.map(|by| breakdown(&input, by, since, now)).unwrap_or_default();
    Ok(StatsOutput { report, by, groups })
}

/// The `/stats` reply: the last seven days in a few lines.
pub async fn staff_summary(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<String> {
    let output = stats_output(store, now - chrono::Duration::days(STAFF_WINDOW_DAYS), now, None).await?;
    Ok(render::summary_text(&output.report))
}

pub async fn run_stats(config: &Config, args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = crate::runtime::open_store(config).await?;
    let now = Utc::now();
    let output = stats_output(store.as_ref(), args.since.start(now), now, args.by).await?;
    if let Some(path) = &args.png {
        let report = output.report.clone();
        let target = path.clone();
        // Rasterising is CPU work: keep it off the async reactor.
        tokio::task::spawn_blocking(move || super::chart::draw_png(&report, &target))
            .await?
            .with_context(|| format!("cannot draw the charts into {}", path.display()))?;
    }
    match args.format {
        Format::Text => print!("{}", render::text(&output)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&output)?),
        Format::Csv => print!("{}", render::csv(&output)?),
    }
    Ok(ExitCode::SUCCESS)
}
