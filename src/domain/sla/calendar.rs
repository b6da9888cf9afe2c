//! The calendar SLA clocks count in: round the clock, or business hours in
//! a time zone with working days and holidays.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// When the clocks run: always, or only inside working hours.
#[derive(Debug, Clone, PartialEq)]
pub enum Calendar {
    Always,
    BusinessHours(BusinessHours),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BusinessHours {
    pub time_zone: Tz,
    pub days: HashSet<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub holidays: BTreeSet<NaiveDate>,
}

/// Days searched for working time before giving up; a calendar with working
/// days always finds one within a week plus its holidays, so this only stops
/// a pathological holiday list from looping for long.
const MAX_DAYS: i64 = 3_700;

impl BusinessHours {
    /// The working window of a local date, in UTC, if it is a working day.
    fn window(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.days.contains(&date.weekday()) || self.holidays.contains(&date) {
            return None;
        }
        // A window edge inside a DST gap does not exist locally; the earliest
        // valid reading (or the UTC reading) keeps the maths total.
        let at = |time: NaiveTime| {
            let local = date.and_time(time);
            self.time_zone
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        };
        Some((at(self.start), at(self.end)))
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.time_zone).date_naive()
    }

    /// `None` while the team works at `at`; else when it opens next
    /// (holidays and days off skipped), if it ever does.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut date = self.local_date(at);
        for _ in 0..MAX_DAYS {
            if let Some((open, close)) = self.window(date) {
                if at < open {
                    return Some(open);
                }
                if at < close {
                    return None;
                }
            }
            date = date.succ_opt()?;
        }
        None
    }
}

/// `at` plus `secs` seconds, saturating at the ends of time instead of
/// overflowing (a policy is checked at load, but the maths stays total).
pub fn plus_secs(at: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let delta = Duration::try_seconds(secs).unwrap_or(if secs < 0 { Duration::MIN } else { Duration::MAX });
    at.checked_add_signed(delta).unwrap_or(if secs < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC })
}

impl Calendar {
    /// The instant `secs` business seconds after `start`.
    pub fn add(&self, start: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
        let hours = match self {
            Calendar::Always => return plus_secs(start, secs),
            Calendar::BusinessHours(hours) => hours,
        };
        if secs <= 0 {
            return plus_secs(start, secs);
        }
        let mut left = secs;
        let mut date = hours.local_date(start);
        for _ in 0..MAX_DAYS {
            if let Some((open, close)) = hours.window(date) {
                let from = open.max(start);
                if from < close {
                    let available = (close - from).num_seconds();
                    if left <= available {
                        return plus_secs(from, left);
                    }
                    left -= available;
                }
            }
            date = date.succ_opt().unwrap_or(date);
        }
        plus_secs(start, secs)
    }

    /// Business seconds between `from` and `to` (0 if `to` is earlier).
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let hours = match self {
            Calendar::Always => return (to - from).num_seconds(),
            Calendar::BusinessHours(hours) => hours,
        };
        let mut total = 0;
        let mut date = hours.local_date(from);
        let last = hours.local_date(to);
        while date <= last {
            if let Some((open, close)) = hours.window(date) {
                let (a, b) = (open.max(from), close.min(to));
                if a < b {
                    total += (b - a).num_seconds();
                }
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        total
    }
}
