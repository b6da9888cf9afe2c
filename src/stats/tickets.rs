//! The ticket figures over the window's cohort (tickets opened in it):
//! first response and resolution times in wall and business time, the
//! resolution and reopen rates, and how many tickets left each level.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::sla::Calendar;
use crate::domain::{Level, Ticket, TicketEvent};

use super::figures::{Durations, Ratio};
use super::history::Histories;

/// One duration measured twice: on the wall clock, and counting only the
/// SLA calendar's working time (the same figure when the calendar is
/// round the clock).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Timing {
    pub wall: Durations,
    pub business: Durations,
}

impl Timing {
    pub fn of(spans: &[(DateTime<Utc>, DateTime<Utc>)], calendar: &Calendar) -> Timing {
        let wall: Vec<i64> = spans.iter().map(|(from, to)| (*to - *from).num_seconds().max(0)).collect();
        let business: Vec<i64> = spans.iter().map(|(from, to)| calendar.between(*from, *to)).collect();
        Timing { wall: Durations::of(&wall), business: Durations::of(&business) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelEscalation {
    pub level: Level,
    #[serde(flatten)]
    pub escalated: Ratio,
}

/// Opened → first agent reply, for the cohort tickets that got one.
pub(super) fn first_response_spans(tickets: &[Ticket]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    tickets.iter().filter_map(|t| t.first_response_at.map(|at| (t.created_at, at))).collect()
}

/// Opened → latest resolution, for the cohort tickets resolved now.
pub(super) fn resolution_spans(tickets: &[Ticket]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    tickets.iter().filter_map(|t| t.resolved_at.map(|at| (t.created_at, at))).collect()
}

/// Cohort tickets reopened at least once / those resolved or closed at
/// least once.
pub(super) fn reopen_rate(tickets: &[Ticket], histories: &Histories) -> Ratio {
    let finished: Vec<_> = tickets
        .iter()
        .map(|t| histories.of(t.id))
        .filter(|events| {
            events.iter().any(|e| matches!(e.event, TicketEvent::Resolved { .. } | TicketEvent::Closed { .. }))
        })
        .collect();
    let reopened =
        finished.iter().filter(|events| events.iter().any(|e| matches!(e.event, TicketEvent::Reopened { .. })));
    Ratio::new(reopened.count() as u64, finished.len() as u64)
}

/// Walks each cohort ticket's level changes: which levels it was at, and
/// which it was escalated out of.
pub(super) fn escalation(tickets: &[Ticket], histories: &Histories) -> Vec<LevelEscalation> {
    let mut at: BTreeMap<Level, u64> = BTreeMap::new();
    let mut out_of: BTreeMap<Level, u64> = BTreeMap::new();
    for ticket in tickets {
        let events = histories.of(ticket.id);
        // The opening level is in the Opened event; without it (an event
        // log that starts before the window) the current level stands in.
        let mut level = events
            .iter()
            .find_map(|e| match e.event {
                TicketEvent::Opened { level, .. } => Some(level),
                _ => None,
            })
            .unwrap_or(ticket.level);
        let mut visited = HashSet::from([level]);
        let mut left = HashSet::new();
        for entry in events {
            match &entry.event {
                TicketEvent::Escalated { to, .. } => {
                    left.insert(level);
                    level = *to;
                    visited.insert(level);
                }
                TicketEvent::Deescalated { to } => {
                    level = *to;
                    visited.insert(level);
                }
                _ => {}
            }
        }
        for l in visited {
            *at.entry(l).or_default() += 1;
        }
        for l in left {
            *out_of.entry(l).or_default() += 1;
        }
    }
    [Level::L1, Level::L2, Level::L3]
        .into_iter()
        .map(|level| LevelEscalation {
            level,
            escalated: Ratio::new(out_of.get(&level).copied().unwrap_or(0), at.get(&level).copied().unwrap_or(0)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::BusinessHours;
    use chrono::{NaiveTime, TimeZone, Weekday};

    #[test]
    fn business_time_counts_only_working_hours_and_wall_time_counts_all() {
        // Mon–Fri 09:00–17:00 UTC. Friday 16:00 → Monday 10:00 is 66 h on
        // the wall and 2 h of work (Friday 16–17, Monday 09–10).
        let hours = BusinessHours {
            time_zone: chrono_tz::UTC,
            days: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri].into(),
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            holidays: Default::default(),
        };
        let friday = Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap();
        let monday = Utc.with_ymd_and_hms(2026, 11, 30, 10, 0, 0).unwrap();
        let timing = Timing::of(&[(friday, monday)], &Calendar::BusinessHours(hours));
        assert_eq!(timing.wall.mean_secs, Some(66 * 3600));
        assert_eq!(timing.business.mean_secs, Some(2 * 3600));
        let always = Timing::of(&[(friday, monday)], &Calendar::Always);
        assert_eq!(always.wall, always.business);
    }
}
