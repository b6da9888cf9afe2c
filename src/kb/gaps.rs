//! Grouping the questions the KB could not answer, so admins see which
//! articles are missing (`escala kb gaps`).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::text::fold_accent;
use crate::domain::{ArticleFate, Lang, QueryOutcome, TicketId};
use crate::store::LoggedQueryRow;

/// A logged user query with what the bot did with it and what the user
/// said about the article it led to.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedQuery {
    pub text: String,
    pub lang: Lang,
    pub outcome: QueryOutcome,
    /// The article the bot answered with or suggested first, if any.
    pub article: Option<String>,
    pub fate: Option<ArticleFate>,
    pub confidence: f32,
    /// The resolved ticket the question became, if it did.
    pub ticket: Option<TicketId>,
}

impl From<&LoggedQueryRow> for LoggedQuery {
    fn from(row: &LoggedQueryRow) -> Self {
        LoggedQuery {
            text: row.text.clone(),
            lang: row.lang,
            outcome: row.outcome,
            article: row.best_article.clone(),
            fate: row.fate,
            confidence: row.confidence,
            ticket: row.resolved_ticket,
        }
    }
}

impl LoggedQuery {
    /// Whether the KB did not settle the question: nothing fit; or the
    /// user was offered suggestions and none solved it; or the answer
    /// did not solve it (not solved, or a ticket instead).
    pub fn is_gap(&self) -> bool {
        // An erased question says nothing about what the KB lacks.
        if self.text == crate::domain::text::ERASED {
            return false;
        }
        match self.outcome {
            QueryOutcome::Missed => true,
            QueryOutcome::Suggested => self.fate != Some(ArticleFate::Solved),
            QueryOutcome::Answered => matches!(self.fate, Some(ArticleFate::NotSolved | ArticleFate::Ticket)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapCluster {
    /// The first question seen of the group, as users phrased it.
    pub example: String,
    pub count: usize,
    pub lang: Lang,
    /// A few other phrasings of the group.
    pub samples: Vec<String>,
    /// The articles the bot tried on these questions, none of which settled
    /// them; empty when the KB has nothing on the topic.
    pub articles: Vec<String>,
    /// Resolved tickets these questions became: the answers an agent gave
    /// are a draft article's source (`escala kb draft TICKET`).
    pub tickets: Vec<TicketId>,
}

impl GapCluster {
    /// The questions have no article at all, and a resolved ticket holds an
    /// answer to start one from.
    pub fn wants_draft(&self) -> bool {
        self.articles.is_empty() && !self.tickets.is_empty()
    }
}

/// Two questions whose word sets overlap this much ask the same thing.
const SAME_QUESTION: f32 = 0.5;
const MAX_SAMPLES: usize = 5;
/// Tickets and articles listed per group.
const MAX_REFERENCES: usize = 5;

/// Lower-cased, accent-insensitive words longer than two letters: short words
/// ("a", "de", "my") carry no topic and would merge unrelated questions.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(|w| w.to_lowercase().chars().map(fold_accent).collect())
        .collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

struct Group {
    words: BTreeSet<String>,
    cluster: GapCluster,
}

impl GapCluster {
    fn note_references(&mut self, q: &LoggedQuery) {
        if let Some(article) = &q.article {
            if !self.articles.contains(article) && self.articles.len() < MAX_REFERENCES {
                self.articles.push(article.clone());
            }
        }
        if let Some(ticket) = q.ticket {
            if !self.tickets.contains(&ticket) && self.tickets.len() < MAX_REFERENCES {
                self.tickets.push(ticket);
            }
        }
    }
}

/// Greedy clustering of the queries the KB did not settle (`is_gap`), per
/// language, most frequent group first, at most `max` groups.
pub fn cluster_gaps(queries: &[LoggedQuery], max: usize) -> Vec<GapCluster> {
    let mut groups: Vec<Group> = Vec::new();
    for q in queries.iter().filter(|q| q.is_gap()) {
        let w = words(&q.text);
        let home = groups
            .iter_mut()
            .filter(|g| g.cluster.lang == q.lang)
            .map(|g| (jaccard(&g.words, &w), g))
            .filter(|(sim, _)| *sim >= SAME_QUESTION)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match home {
            Some((_, g)) => {
                g.cluster.count += 1;
                let seen = g.cluster.example == q.text || g.cluster.samples.contains(&q.text);
                if !seen && g.cluster.samples.len() < MAX_SAMPLES {
                    g.cluster.samples.push(q.text.clone());
                }
                g.cluster.note_references(q);
            }
            None => {
                let mut cluster = GapCluster {
                    example: q.text.clone(),
                    count: 1,
                    lang: q.lang,
                    samples: Vec::new(),
                    articles: Vec::new(),
                    tickets: Vec::new(),
                };
                cluster.note_references(q);
                groups.push(Group { words: w, cluster });
            }
        }
    }
    // Stable sort: equal counts keep first-seen order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.cluster.count));
    groups.into_iter().take(max).map(|g| g.cluster).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use QueryOutcome::{Answered, Missed, Suggested};

    fn q(text: &str, lang: Lang, outcome: QueryOutcome) -> LoggedQuery {
        LoggedQuery { text: text.into(), lang, outcome, article: None, fate: None, confidence: 0.1, ticket: None }
    }

    #[test]
    fn near_duplicate_unanswered_questions_form_one_group_most_frequent_first() {
        let log = vec![
            q("how do I export my invoices", Lang::En, Missed),
            q("where is the dark mode", Lang::En, Missed),
            q("How do I export invoices?", Lang::En, Suggested),
            q("export my invoices how", Lang::En, Missed),
            q("how do I reset my password", Lang::En, Answered),
            q("como exportar as faturas", Lang::Pt, Missed),
        ];
        let gaps = cluster_gaps(&log, 10);
        assert_eq!(gaps.len(), 3);
        assert_eq!(gaps[0].example, "how do I export my invoices");
        assert_eq!(gaps[0].count, 3);
        assert_eq!(gaps[0].samples.len(), 2);
        assert!(gaps.iter().all(|g| g.example != "how do I reset my password"));
        assert!(gaps.iter().any(|g| g.lang == Lang::Pt && g.count == 1));
    }

    #[test]
    fn at_most_max_groups_are_returned() {
        let log: Vec<_> =
            ["alpha beta", "gamma delta", "epsilon zeta"].iter().map(|t| q(t, Lang::En, Missed)).collect();
        assert_eq!(cluster_gaps(&log, 2).len(), 2);
    }

    /// The names the engine logs are the names this filter reads: the
    /// filter once compared with `answer` while the engine wrote `answered`.
    #[test]
    fn an_answer_that_failed_is_a_gap_and_one_that_solved_or_got_no_verdict_is_not() {
        let fated = |outcome, fate| LoggedQuery { fate, ..q("my invoices", Lang::En, outcome) };
        assert!(fated(Answered, Some(ArticleFate::NotSolved)).is_gap());
        assert!(fated(Answered, Some(ArticleFate::Ticket)).is_gap());
        assert!(!fated(Answered, Some(ArticleFate::Solved)).is_gap());
        assert!(!fated(Answered, None).is_gap());
        assert!(fated(Suggested, None).is_gap());
        assert!(!fated(Suggested, Some(ArticleFate::Solved)).is_gap());
        assert!(fated(Missed, None).is_gap());
    }

    #[test]
    fn a_group_with_no_article_and_a_resolved_ticket_asks_for_a_draft() {
        let missed = |ticket| LoggedQuery { ticket, ..q("export my invoices", Lang::En, Missed) };
        let tried = LoggedQuery {
            article: Some("download-invoice".into()),
            fate: Some(ArticleFate::NotSolved),
            ..q("where is the dark mode", Lang::En, Answered)
        };
        let gaps = cluster_gaps(&[missed(None), missed(Some(TicketId(7))), tried], 10);
        assert_eq!(gaps[0].tickets, [TicketId(7)]);
        assert!(gaps[0].wants_draft());
        assert_eq!(gaps[1].articles, ["download-invoice"]);
        assert!(!gaps[1].wants_draft(), "an article exists; it needs fixing rather than a new one");
    }
}
