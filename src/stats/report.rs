//! The support report of `escala stats` and `/stats`: pure arithmetic over
//! the rows `Store::stats_input` read for a window.
//!
//! Definitions (the README repeats them):
//! - **deflection**: conversations the bot closed as `deflected` (the user
//!   pressed *Solved* under a KB answer) / all conversations started in the
//!   window, including those still going or abandoned.
//! - ticket figures are over the **cohort** of tickets opened in the window:
//!   first response = first agent reply − opened; resolution = last
//!   resolution − opened; resolution rate = cohort tickets resolved (and not
//!   reopened since) / cohort; reopen rate = cohort tickets reopened at least
//!   once / cohort tickets resolved or closed at least once.
//! - **escalation rate at Ln** = cohort tickets escalated out of Ln / cohort
//!   tickets that were at Ln at some point.
//! - **SLA compliance** per clock = finished clocks (met or breached) never
//!   breached / finished clocks; running clocks are not counted yet.
//! - percentiles are nearest-rank (see `figures::percentile`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::{Level, TicketEvent, TicketId};
use crate::kb::{cluster_gaps, GapCluster, LoggedQuery};
use crate::store::StatsInput;

use super::figures::{Durations, Ratio};

/// How many top articles and gaps the report lists.
const TOP: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub conversations: u64,
    pub tickets: u64,
    pub deflection: Ratio,
    pub first_response: Durations,
    pub resolution: Durations,
    pub resolution_rate: Ratio,
    pub reopen_rate: Ratio,
    /// L1, L2 and L3: how many tickets left each level upwards.
    pub escalation: Vec<LevelEscalation>,
    pub sla_first_response: Ratio,
    pub sla_resolution: Ratio,
    pub csat: Csat,
    pub top_articles: Vec<ArticleUse>,
    pub top_gaps: Vec<GapCluster>,
    pub daily: Vec<DayCount>,
    /// Every first response time, for the distribution chart.
    #[serde(skip)]
    pub first_response_samples: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LevelEscalation {
    pub level: Level,
    #[serde(flatten)]
    pub escalated: Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Csat {
    pub count: u64,
    pub average: Option<f64>,
    /// Ratings per score, 1 to 5, every score present.
    pub distribution: BTreeMap<u8, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleUse {
    pub article: String,
    /// Times the bot answered with it.
    pub answered: u64,
    /// Of those, times the user said it solved the problem.
    pub solved: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub conversations: u64,
    pub tickets: u64,
    /// Resolutions that day, of any ticket.
    pub resolved: u64,
}

fn secs_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

/// Computes the report for `[since, until]` from the rows of that window.
pub fn compute(input: &StatsInput, since: DateTime<Utc>, until: DateTime<Utc>) -> Report {
    let tickets = &input.tickets;
    let cohort: HashSet<TicketId> = tickets.iter().map(|t| t.id).collect();
    let deflected = input.conversations.iter().filter(|c| c.outcome.as_deref() == Some("deflected")).count();
    let first_response_samples: Vec<i64> =
        tickets.iter().filter_map(|t| t.first_response_at.map(|at| secs_between(t.created_at, at))).collect();
    let resolution_samples: Vec<i64> =
        tickets.iter().filter_map(|t| t.resolved_at.map(|at| secs_between(t.created_at, at))).collect();

    // Each cohort ticket's events in order; old tickets' events only count
    // towards the daily resolutions.
    let mut history: HashMap<TicketId, Vec<TicketEvent>> = HashMap::new();
    for row in input.events.iter().filter(|e| cohort.contains(&e.ticket)) {
        if let Ok(event) = serde_json::from_value::<TicketEvent>(row.payload.clone()) {
            history.entry(row.ticket).or_default().push(event);
        }
    }
    let finished = history
        .values()
        .filter(|events| events.iter().any(|e| matches!(e, TicketEvent::Resolved { .. } | TicketEvent::Closed { .. })))
        .collect::<Vec<_>>();
    let reopened = finished.iter().filter(|events| events.iter().any(|e| matches!(e, TicketEvent::Reopened { .. })));

    let clock = |name: &str| {
        let done: Vec<_> = input
            .sla_clocks
            .iter()
            .filter(|c| c.clock == name && (c.met_at.is_some() || c.breached_at.is_some()))
            .collect();
        Ratio::new(done.iter().filter(|c| c.breached_at.is_none()).count() as u64, done.len() as u64)
    };

    Report {
        since,
        until,
        conversations: input.conversations.len() as u64,
        tickets: tickets.len() as u64,
        deflection: Ratio::new(deflected as u64, input.conversations.len() as u64),
        first_response: Durations::of(&first_response_samples),
        resolution: Durations::of(&resolution_samples),
        resolution_rate: Ratio::new(resolution_samples.len() as u64, tickets.len() as u64),
        reopen_rate: Ratio::new(reopened.count() as u64, finished.len() as u64),
        escalation: escalation(tickets.iter().map(|t| (t.level, history.get(&t.id)))),
        sla_first_response: clock("first_response"),
        sla_resolution: clock("resolution"),
        csat: csat(tickets.iter().filter_map(|t| t.csat)),
        top_articles: top_articles(input),
        top_gaps: top_gaps(input),
        daily: daily(input, since, until),
        first_response_samples,
    }
}

/// Walks each ticket's level changes: which levels it was at, and which
/// it was escalated out of.
fn escalation<'a>(tickets: impl Iterator<Item = (Level, Option<&'a Vec<TicketEvent>>)>) -> Vec<LevelEscalation> {
    let mut at: BTreeMap<Level, u64> = BTreeMap::new();
    let mut out_of: BTreeMap<Level, u64> = BTreeMap::new();
    for (current_level, events) in tickets {
        let events = events.map(Vec::as_slice).unwrap_or_default();
        // The opening level is in the Opened event; without it (an event
        // log that starts before the window) the current level stands in.
        let mut level = events
            .iter()
            .find_map(|e| match e {
                TicketEvent::Opened { level, .. } => Some(*level),
                _ => None,
            })
            .unwrap_or(current_level);
        let mut visited = HashSet::from([level]);
        let mut left = HashSet::new();
        for event in events {
            match event {
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

fn csat(scores: impl Iterator<Item = u8>) -> Csat {
    let mut distribution: BTreeMap<u8, u64> = (1..=5).map(|s| (s, 0)).collect();
    let (mut count, mut sum) = (0u64, 0u64);
    for score in scores.filter(|s| (1..=5).contains(s)) {
        *distribution.entry(score).or_default() += 1;
        count += 1;
        sum += u64::from(score);
    }
    Csat { count, average: (count > 0).then(|| sum as f64 / count as f64), distribution }
}

/// Articles the bot answered with most. A logged query keeps `answered`
/// until the user gives feedback, which replaces it with `solved` or
/// `not_solved`; all three mean the article was shown as the answer.
fn top_articles(input: &StatsInput) -> Vec<ArticleUse> {
    let mut uses: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for q in &input.queries {
        if let (Some(article), "answered" | "solved" | "not_solved") = (q.best_article.as_deref(), q.outcome.as_str()) {
            let entry = uses.entry(article).or_default();
            entry.0 += 1;
            entry.1 += u64::from(q.outcome == "solved");
        }
    }
    let mut list: Vec<ArticleUse> = uses
        .into_iter()
        .map(|(article, (answered, solved))| ArticleUse { article: article.to_string(), answered, solved })
        .collect();
    // Stable sort over the alphabetical order: ties read alphabetically.
    list.sort_by_key(|a| std::cmp::Reverse((a.answered, a.solved)));
    list.truncate(TOP);
    list
}

/// The same questions `escala kb gaps` lists: those the KB did not settle.
fn top_gaps(input: &StatsInput) -> Vec<GapCluster> {
    let gaps: Vec<LoggedQuery> = input
        .queries
        .iter()
        .filter(|q| matches!(q.outcome.as_str(), "missed" | "suggested" | "not_solved" | "ticket"))
        .map(|q| LoggedQuery {
            text: q.text.clone(),
            lang: q.lang,
            outcome: q.outcome.clone(),
            confidence: q.confidence,
        })
        .collect();
    cluster_gaps(&gaps, TOP)
}

/// One row per calendar day (UTC) of the window, days without activity
/// included so the chart's x axis is continuous.
fn daily(input: &StatsInput, since: DateTime<Utc>, until: DateTime<Utc>) -> Vec<DayCount> {
    let mut days: BTreeMap<NaiveDate, DayCount> = since
        .date_naive()
        .iter_days()
        .take_while(|d| *d <= until.date_naive())
        .map(|date| (date, DayCount { date, conversations: 0, tickets: 0, resolved: 0 }))
        .collect();
    let mut bump = |at: DateTime<Utc>, field: fn(&mut DayCount) -> &mut u64| {
        if let Some(day) = days.get_mut(&at.date_naive()) {
            *field(day) += 1;
        }
    };
    for c in &input.conversations {
        bump(c.started_at, |d| &mut d.conversations);
    }
    for t in &input.tickets {
        bump(t.created_at, |d| &mut d.tickets);
    }
    for e in input.events.iter().filter(|e| e.kind == "resolved") {
        bump(e.at, |d| &mut d.resolved);
    }
    days.into_values().collect()
}
