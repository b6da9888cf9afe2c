//! What became of the articles users were shown: each showing is its own
//! record, so an article shown three times that failed twice reads so,
//! whatever the user did afterwards.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{ArticleFate, Lang};
use crate::store::ArticleViewRow;

/// One article's showings in the window, and their fates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleUse {
    pub article: String,
    /// The translation counted; `None` when every language is summed.
    pub lang: Option<Lang>,
    /// Times users were shown it (as the answer, a picked suggestion, or
    /// sent by an agent).
    pub shown: u64,
    /// The user pressed *Solved*.
    pub solved: u64,
    /// The user pressed *Not solved*.
    pub not_solved: u64,
    /// The user asked for a person without a verdict.
    pub ticket: u64,
    /// The user said nothing about it.
    pub no_feedback: u64,
    /// Showings whose conversation became a ticket (after *Not solved* or
    /// without a verdict).
    pub led_to_ticket: u64,
    /// solved / (solved + not solved + ticket): of the showings the user
    /// judged, the share that settled the question; `None` without any.
    pub success_rate: Option<f64>,
    pub last_shown: Option<DateTime<Utc>>,
}

impl ArticleUse {
    fn new(article: &str, lang: Option<Lang>) -> ArticleUse {
        ArticleUse {
            article: article.to_string(),
            lang,
            shown: 0,
            solved: 0,
            not_solved: 0,
            ticket: 0,
            no_feedback: 0,
            led_to_ticket: 0,
            success_rate: None,
            last_shown: None,
        }
    }

    fn count(&mut self, view: &ArticleViewRow) {
        self.shown += 1;
        match view.fate {
            Some(ArticleFate::Solved) => self.solved += 1,
            Some(ArticleFate::NotSolved) => self.not_solved += 1,
            Some(ArticleFate::Ticket) => self.ticket += 1,
            None => self.no_feedback += 1,
        }
        self.led_to_ticket += u64::from(view.ticket.is_some());
        self.last_shown = self.last_shown.max(Some(view.shown_at));
        let judged = self.solved + self.not_solved + self.ticket;
        self.success_rate = (judged > 0).then(|| self.solved as f64 / judged as f64);
    }
}

/// Every article shown, most shown first (ties alphabetical); per
/// translation when `per_lang`.
pub fn article_use(views: &[ArticleViewRow], per_lang: bool) -> Vec<ArticleUse> {
    let mut uses: BTreeMap<(&str, Option<Lang>), ArticleUse> = BTreeMap::new();
    for view in views {
        let lang = per_lang.then_some(view.lang);
        uses.entry((view.article.as_str(), lang)).or_insert_with(|| ArticleUse::new(&view.article, lang)).count(view);
    }
    let mut list: Vec<ArticleUse> = uses.into_values().collect();
    // Stable over the alphabetical order of the map.
    list.sort_by_key(|a| std::cmp::Reverse(a.shown));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TicketId;
    use chrono::TimeZone;

    fn view(article: &str, fate: Option<ArticleFate>, ticket: Option<i64>, minute: u32) -> ArticleViewRow {
        ArticleViewRow {
            article: article.into(),
            lang: Lang::En,
            question: None,
            asked_lang: Some(Lang::En),
            shown_at: Utc.with_ymd_and_hms(2026, 11, 23, 9, minute, 0).unwrap(),
            fate,
            ticket: ticket.map(TicketId),
        }
    }

    /// The break the issue reported: shown 3 times, failed twice, and the
    /// old report said "answered 1, solved 1".
    #[test]
    fn every_showing_keeps_its_own_fate() {
        let views = [
            view("reset-password", Some(ArticleFate::Solved), None, 0),
            view("reset-password", Some(ArticleFate::NotSolved), Some(1), 10),
            view("reset-password", Some(ArticleFate::Ticket), Some(2), 20),
            view("download-invoice", None, None, 30),
        ];
        let uses = article_use(&views, false);
        let reset = &uses[0];
        assert_eq!(reset.article, "reset-password");
        assert_eq!(
            (reset.shown, reset.solved, reset.not_solved, reset.ticket, reset.no_feedback, reset.led_to_ticket),
            (3, 1, 1, 1, 0, 2)
        );
        assert_eq!(reset.success_rate, Some(1.0 / 3.0));
        assert_eq!(reset.last_shown, Some(views[2].shown_at));
        assert_eq!((uses[1].shown, uses[1].no_feedback, uses[1].success_rate), (1, 1, None));
    }
}
