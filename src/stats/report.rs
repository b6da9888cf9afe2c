//! The support report of `escala stats` and `/stats`: pure arithmetic over
//! the rows `Store::stats_input` read for a window. Each section's
//! figures live in their own module; this one puts them together.
//!
//! Definitions (the README's *Metrics* section repeats them):
//! - **deflection**: conversations the bot closed as `deflected` (the user
//!   pressed *Solved* under a KB answer) / all conversations started in the
//!   window, including those still going or abandoned.
//! - ticket figures are over the **cohort** of tickets opened in the window:
//!   first response = first agent reply − opened; resolution = last
//!   resolution − opened, each in wall time and in the SLA calendar's
//!   business time; resolution rate = cohort tickets resolved (and not
//!   reopened since) / cohort; reopen rate = cohort tickets reopened at
//!   least once / cohort tickets resolved or closed at least once.
//! - **escalation rate at Ln** = cohort tickets escalated out of Ln / cohort
//!   tickets that were at Ln at some point.
//! - **SLA compliance** (see `sla`) per clock and level = finished clocks
//!   (met or breached) never breached / finished clocks.
//! - **vendors** (see `vendors`): per vendor, the tickets that began to wait
//!   on it in the window, the wall time of the waits that ended, and its
//!   contracted clocks kept / finished (not part of the team's SLA).
//! - **CSAT** (see `feedback`) over the ratings given in the window.
//! - percentiles are nearest-rank, means round half up (see `figures`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::sla::Calendar;
use crate::domain::ConversationEnd;
use crate::kb::{cluster_gaps, GapCluster, LoggedQuery};
use crate::store::StatsInput;

use super::articles::{article_use, ArticleUse};
use super::feedback::{csat, ratings, Csat, Rating};
use super::figures::Ratio;
use super::history::Histories;
use super::sla::{compliance, SlaCompliance};
use super::tickets::{escalation, first_response_spans, reopen_rate, resolution_spans, LevelEscalation, Timing};
use super::vendors::{vendors, VendorFigures};
use super::workload::{workload, AgentWorkload};

/// How many gaps the report lists.
const TOP_GAPS: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Whether business time differs from wall time (the SLA calendar has
    /// working hours).
    pub business_hours: bool,
    pub conversations: u64,
    pub tickets: u64,
    pub deflection: Ratio,
    pub first_response: Timing,
    pub resolution: Timing,
    pub resolution_rate: Ratio,
    pub reopen_rate: Ratio,
    /// L1, L2 and L3: how many tickets left each level upwards.
    pub escalation: Vec<LevelEscalation>,
    pub sla: SlaCompliance,
    pub csat: Csat,
    /// Every rating of the window, lowest score first, comments included.
    pub ratings: Vec<Rating>,
    /// Every article shown in the window, most shown first.
    pub articles: Vec<ArticleUse>,
    pub top_gaps: Vec<GapCluster>,
    pub workload: Vec<AgentWorkload>,
    /// Per vendor that tickets waited on in the window (level 4).
    pub vendors: Vec<VendorFigures>,
    pub daily: Vec<DayCount>,
    /// Every first response time (wall), for the distribution chart.
    #[serde(skip)]
    pub first_response_samples: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayCount {
    pub date: NaiveDate,
    pub conversations: u64,
    pub tickets: u64,
    /// Resolutions that day, of any ticket.
    pub resolved: u64,
}

/// Computes the report for `[since, until]` from the rows of that window;
/// business times count in `calendar`.
pub fn compute(input: &StatsInput, since: DateTime<Utc>, until: DateTime<Utc>, calendar: &Calendar) -> Report {
    let tickets = &input.tickets;
    let histories = Histories::read(&input.events);
    let deflected = input.conversations.iter().filter(|c| c.outcome == Some(ConversationEnd::Deflected)).count();
    let first_response = first_response_spans(tickets);
    let resolution = resolution_spans(tickets);
    let daily = daily(input, since, until);
    let days: Vec<NaiveDate> = daily.iter().map(|d| d.date).collect();
    let ratings = ratings(&histories, &input.views);
    Report {
        since,
        until,
        business_hours: *calendar != Calendar::Always,
        conversations: input.conversations.len() as u64,
        tickets: tickets.len() as u64,
        deflection: Ratio::new(deflected as u64, input.conversations.len() as u64),
        first_response: Timing::of(&first_response, calendar),
        resolution: Timing::of(&resolution, calendar),
        resolution_rate: Ratio::new(resolution.len() as u64, tickets.len() as u64),
        reopen_rate: reopen_rate(tickets, &histories),
        escalation: escalation(tickets, &histories),
        sla: compliance(&input.sla_clocks),
        csat: csat(&ratings, &days),
        ratings,
        articles: article_use(&input.views, false),
        top_gaps: cluster_gaps(&input.queries.iter().map(LoggedQuery::from).collect::<Vec<_>>(), TOP_GAPS),
        workload: workload(tickets, &histories, &input.open_load),
        vendors: vendors(tickets, &histories, &input.sla_clocks),
        daily,
        first_response_samples: first_response.iter().map(|(from, to)| (*to - *from).num_seconds().max(0)).collect(),
    }
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
