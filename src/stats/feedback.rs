//! Satisfaction: every rating given in the window, its distribution and
//! daily trend, per agent and per level, and the comments with the ticket,
//! agent, level and articles behind each, lowest score first.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::{Level, TicketEvent, TicketId};
use crate::store::ArticleViewRow;

use super::history::Histories;
use super::workload::UNASSIGNED;

/// Ratings at or below this are "low": `/stats` lists them for staff.
pub const LOW_SCORE: u8 = 2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Csat {
    pub count: u64,
    pub average: Option<f64>,
    /// Ratings per score, 1 to 5, every score present.
    pub distribution: BTreeMap<u8, u64>,
    /// Per day of the window (UTC), days without ratings included.
    pub trend: Vec<DayCsat>,
    /// Per agent holding the ticket when it was rated (`unassigned` if none).
    pub by_agent: Vec<GroupCsat>,
    /// Per level the ticket was at when it was rated.
    pub by_level: Vec<GroupCsat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayCsat {
    pub date: NaiveDate,
    pub count: u64,
    pub average: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCsat {
    pub key: String,
    pub count: u64,
    pub average: Option<f64>,
}

/// One rating and what it was about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    pub ticket: TicketId,
    pub score: u8,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
    pub agent: Option<String>,
    pub level: Option<Level>,
    /// The articles shown in the conversation the ticket came from.
    pub articles: Vec<String>,
}

/// Every rating event of the window (a ticket resolved and rated twice
/// counts twice), with the comment added after it, lowest score first.
pub(super) fn ratings(histories: &Histories, views: &[ArticleViewRow]) -> Vec<Rating> {
    let mut ratings: Vec<Rating> = Vec::new();
    let mut entries: Vec<_> = histories.all().collect();
    entries.sort_by_key(|(ticket, e)| (e.at, *ticket));
    for (ticket, entry) in entries {
        match &entry.event {
            TicketEvent::Rated { score, comment } if (1..=5).contains(score) => {
                let mut articles: Vec<String> = Vec::new();
                for view in views.iter().filter(|v| v.ticket == Some(ticket)) {
                    if !articles.contains(&view.article) {
                        articles.push(view.article.clone());
                    }
                }
                ratings.push(Rating {
                    ticket,
                    score: *score,
                    comment: comment.clone(),
                    at: entry.at,
                    agent: histories.agent_at(ticket, entry.at),
                    level: histories.level_at(ticket, entry.at),
                    articles,
                });
            }
            TicketEvent::RatingCommented { comment } => {
                if let Some(rating) = ratings.iter_mut().rev().find(|r| r.ticket == ticket) {
                    rating.comment = Some(comment.clone());
                }
            }
            _ => {}
        }
    }
    ratings.sort_by_key(|r| (r.score, r.at));
    ratings
}

fn average(scores: &[u8]) -> Option<f64> {
    let sum: u64 = scores.iter().map(|&s| u64::from(s)).sum();
    (!scores.is_empty()).then(|| sum as f64 / scores.len() as f64)
}

fn grouped(ratings: &[Rating], key: impl Fn(&Rating) -> String) -> Vec<GroupCsat> {
    let mut groups: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for rating in ratings {
        groups.entry(key(rating)).or_default().push(rating.score);
    }
    groups
        .into_iter()
        .map(|(key, scores)| GroupCsat { key, count: scores.len() as u64, average: average(&scores) })
        .collect()
}

pub(super) fn csat(ratings: &[Rating], days: &[NaiveDate]) -> Csat {
    let scores: Vec<u8> = ratings.iter().map(|r| r.score).collect();
    let mut distribution: BTreeMap<u8, u64> = (1..=5).map(|s| (s, 0)).collect();
    for score in &scores {
        *distribution.entry(*score).or_default() += 1;
    }
    let trend = days
        .iter()
        .map(|date| {
            let day: Vec<u8> = ratings.iter().filter(|r| r.at.date_naive() == *date).map(|r| r.score).collect();
            DayCsat { date: *date, count: day.len() as u64, average: average(&day) }
        })
        .collect();
    Csat {
        count: scores.len() as u64,
        average: average(&scores),
        distribution,
        trend,
        by_agent: grouped(ratings, |r| r.agent.clone().unwrap_or_else(|| UNASSIGNED.to_string())),
        by_level: grouped(ratings, |r| r.level.map_or_else(|| "–".to_string(), |l| l.to_string())),
    }
}
