//! The window a report covers, and reading it: `escala stats --since` and
//! `/stats` in a staff space both come through here.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::sla::Calendar;
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

/// The longest window a report covers: a century, and nothing before 1970.
const MAX_DAYS: i64 = 36_600;

impl Since {
    pub fn start(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Since::Ago(duration) => now.checked_sub_signed(duration).unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
            Since::Date(date) => date.and_time(chrono::NaiveTime::MIN).and_utc(),
        }
    }
}

/// Why a `--since` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SinceError {
    #[error("`{input}` is neither a duration like 7d, 12h, 2w nor a date like 2026-11-01 ({reason})")]
    Unreadable { input: String, reason: String },
    #[error("`{0}` is too long ago: a window starts at most {MAX_DAYS} days back and not before 1970-01-01")]
    TooLongAgo(String),
}

/// `7d`, `12h`, `2w`, `1d 12h` (humantime's syntax) or `2026-11-01`.
pub fn parse_since(text: &str) -> Result<Since, SinceError> {
    let too_long = || SinceError::TooLongAgo(text.chars().take(40).collect());
    if let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        if date < DateTime::<Utc>::UNIX_EPOCH.date_naive() {
            return Err(too_long());
        }
        return Ok(Since::Date(date));
    }
    let duration = humantime::parse_duration(text.trim())
        .map_err(|e| SinceError::Unreadable { input: text.chars().take(40).collect(), reason: e.to_string() })?;
    match chrono::Duration::from_std(duration) {
        Ok(ago) if ago.num_days() <= MAX_DAYS => Ok(Since::Ago(ago)),
        _ => Err(too_long()),
    }
}

/// Reads the rows of `[since, now]` and computes the report and slices,
/// business times in `calendar` (the SLA policy's).
pub async fn stats_output(
    store: &dyn Store,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    by: Option<Dimension>,
    calendar: &Calendar,
) -> StoreResult<StatsOutput> {
    let input = store.stats_input(since).await?;
    let report = compute(&input, since, now, calendar);
    let groups = by.map(|by| breakdown(&input, by, since, now, calendar)).unwrap_or_default();
    Ok(StatsOutput { report, by, groups })
}

/// The `/stats` reply: the last seven days in a few lines, and the low
/// ratings of those days with their comments.
pub async fn staff_summary(
    store: &dyn Store,
    now: DateTime<Utc>,
    calendar: &Calendar,
    lang: crate::domain::Lang,
) -> StoreResult<String> {
    let output = stats_output(store, now - chrono::Duration::days(STAFF_WINDOW_DAYS), now, None, calendar).await?;
    Ok(render::summary_text(&output.report, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reach_back_a_century_at_most_and_never_overflow() {
        assert!(matches!(parse_since("7d"), Ok(Since::Ago(d)) if d.num_days() == 7));
        assert!(matches!(parse_since("2026-11-01"), Ok(Since::Date(_))));
        for text in ["99999999d", "2500000w", "1969-12-31", "0001-01-01"] {
            assert!(matches!(parse_since(text), Err(SinceError::TooLongAgo(_))), "{text}");
        }
        assert!(matches!(parse_since("soon"), Err(SinceError::Unreadable { .. })));
        let now = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::days(10);
        assert_eq!(Since::Ago(chrono::Duration::MAX).start(now), DateTime::<Utc>::UNIX_EPOCH, "saturates");
    }
}
