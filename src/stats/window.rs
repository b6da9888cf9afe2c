//! The window a report covers, and reading it: `escala stats --since` and
//! `/stats` in a staff space both come through here.

use chrono::{DateTime, NaiveDate, Utc};

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

/// Why a `--since` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SinceError {
    #[error("`{input}` is neither a duration like 7d, 12h, 2w nor a date like 2026-11-01 ({reason})")]
    Unreadable { input: String, reason: String },
    #[error("`{0}` is too long ago")]
    TooLongAgo(String),
}

/// `7d`, `12h`, `2w`, `1d 12h` (humantime's syntax) or `2026-11-01`.
pub fn parse_since(text: &str) -> Result<Since, SinceError> {
    if let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        return Ok(Since::Date(date));
    }
    let duration = humantime::parse_duration(text.trim())
        .map_err(|e| SinceError::Unreadable { input: text.to_string(), reason: e.to_string() })?;
    chrono::Duration::from_std(duration).map(Since::Ago).map_err(|_| SinceError::TooLongAgo(text.to_string()))
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
