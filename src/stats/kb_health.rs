//! `escala kb health`: which articles work, which send users to a ticket,
//! which nobody reaches, which translations are missing or behind their
//! source, and which questions only another language's article answered.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::domain::Lang;
use crate::kb::{Article, KnowledgeBase};
use crate::store::ArticleViewRow;

use super::articles::{article_use, ArticleUse};

/// Articles listed under "fix these first".
const TICKET_LEADERS: usize = 10;
/// File modification times closer than this are not told apart: a checkout
/// or a copy touches every file within moments.
const MTIME_SLACK_HOURS: i64 = 24;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KbHealth {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Per article and language shown in the window, most shown first.
    pub articles: Vec<ArticleUse>,
    /// The articles whose showings most often became tickets.
    pub ticket_leaders: Vec<ArticleUse>,
    /// Served articles nobody was shown in the window.
    pub never_shown: Vec<ArticleRef>,
    pub translations: Vec<TranslationGap>,
    pub cross_language: Vec<CrossLanguage>,
    /// Draft articles waiting for review (not served).
    pub drafts: Vec<ArticleRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ArticleRef {
    pub article: String,
    pub lang: Lang,
}

/// A translation that is missing, or older than the newest one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationGap {
    pub article: String,
    pub lang: Lang,
    /// `None`: the translation does not exist.
    pub updated: Option<String>,
    /// The newest translation, the one this lags behind.
    pub source_lang: Lang,
    pub source_updated: String,
}

/// A question asked in one language that was answered with an article in
/// another, because none in the asked language fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossLanguage {
    pub question: String,
    pub asked_lang: Lang,
    pub article: String,
    pub article_lang: Lang,
    pub count: u64,
}

/// When a translation last changed: its `updated:` date if it has one,
/// else its file's modification time.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Freshness {
    Declared(chrono::NaiveDate),
    Modified(DateTime<Utc>),
}

impl Freshness {
    fn of(article: &Article, modified: &dyn Fn(&Path) -> Option<DateTime<Utc>>) -> Option<Freshness> {
        article.updated.map(Freshness::Declared).or_else(|| modified(&article.path).map(Freshness::Modified))
    }

    /// Whether `self` is clearly behind `newer`: declared dates compare by
    /// day, modification times only beyond the slack, and a mix compares
    /// the days.
    fn behind(self, newer: Freshness) -> bool {
        match (self, newer) {
            (Freshness::Modified(a), Freshness::Modified(b)) => b - a > Duration::hours(MTIME_SLACK_HOURS),
            _ => self.day() < newer.day(),
        }
    }

    fn day(self) -> chrono::NaiveDate {
        match self {
            Freshness::Declared(day) => day,
            Freshness::Modified(at) => at.date_naive(),
        }
    }

    fn label(self) -> String {
        match self {
            Freshness::Declared(day) => day.to_string(),
            Freshness::Modified(at) => format!("{} (file)", at.format("%Y-%m-%d %H:%M")),
        }
    }
}

/// The file's modification time, read from the file system.
pub fn file_modified(path: &Path) -> Option<DateTime<Utc>> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok().map(DateTime::<Utc>::from)
}

/// The health report over `[since, until]`; `modified` reads a file's
/// modification time (`file_modified`, or a fixed clock in tests).
pub fn kb_health(
    kb: &KnowledgeBase,
    views: &[ArticleViewRow],
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    modified: &dyn Fn(&Path) -> Option<DateTime<Utc>>,
) -> KbHealth {
    let articles = article_use(views, true);
    let mut ticket_leaders: Vec<ArticleUse> = articles.iter().filter(|a| a.led_to_ticket > 0).cloned().collect();
    ticket_leaders.sort_by_key(|a| std::cmp::Reverse(a.led_to_ticket));
    ticket_leaders.truncate(TICKET_LEADERS);
    let shown: HashSet<(&str, Lang)> = views.iter().map(|v| (v.article.as_str(), v.lang)).collect();
    let mut never_shown: Vec<ArticleRef> = kb
        .articles()
        .filter(|a| !shown.contains(&(a.id.as_str(), a.lang)))
        .map(|a| ArticleRef { article: a.id.clone(), lang: a.lang })
        .collect();
    never_shown.sort();
    let mut drafts: Vec<ArticleRef> =
        kb.drafts().iter().map(|a| ArticleRef { article: a.id.clone(), lang: a.lang }).collect();
    drafts.sort();
    KbHealth {
        since,
        until,
        articles,
        ticket_leaders,
        never_shown,
        translations: translations(kb, modified),
        cross_language: cross_language(views),
        drafts,
    }
}

/// Over the languages the KB has articles in: each article's missing
/// translations, and those behind the newest one.
fn translations(kb: &KnowledgeBase, modified: &dyn Fn(&Path) -> Option<DateTime<Utc>>) -> Vec<TranslationGap> {
    let langs: BTreeSet<Lang> = kb.articles().map(|a| a.lang).collect();
    let mut by_id: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for article in kb.articles() {
        by_id.entry(article.id.as_str()).or_default().push(article);
    }
    let mut gaps = Vec::new();
    for (id, versions) in by_id {
        let dated: Vec<(&Article, Freshness)> =
            versions.iter().filter_map(|a| Freshness::of(a, modified).map(|f| (*a, f))).collect();
        let newest = dated.iter().copied().max_by_key(|(_, f)| match f {
            Freshness::Declared(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
            Freshness::Modified(at) => *at,
        });
        let Some((source, source_fresh)) = newest else { continue };
        for lang in &langs {
            let version = dated.iter().find(|(a, _)| a.lang == *lang);
            let updated = match version {
                None if versions.iter().any(|a| a.lang == *lang) => continue,
                None => None,
                Some((_, fresh)) if fresh.behind(source_fresh) => Some(fresh.label()),
                Some(_) => continue,
            };
            gaps.push(TranslationGap {
                article: id.to_string(),
                lang: *lang,
                updated,
                source_lang: source.lang,
                source_updated: source_fresh.label(),
            });
        }
    }
    gaps
}

/// Questions answered across languages, grouped by question (as asked,
/// case-folded), most frequent first.
fn cross_language(views: &[ArticleViewRow]) -> Vec<CrossLanguage> {
    let mut groups: BTreeMap<(String, Lang, &str, Lang), (String, u64)> = BTreeMap::new();
    for view in views {
        let (Some(question), Some(asked)) = (&view.question, view.asked_lang) else { continue };
        if asked == view.lang {
            continue;
        }
        let key = (question.trim().to_lowercase(), asked, view.article.as_str(), view.lang);
        groups.entry(key).or_insert_with(|| (question.trim().to_string(), 0)).1 += 1;
    }
    let mut list: Vec<CrossLanguage> = groups
        .into_iter()
        .map(|((_, asked_lang, article, article_lang), (question, count))| CrossLanguage {
            question,
            asked_lang,
            article: article.to_string(),
            article_lang,
            count,
        })
        .collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.count));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ArticleFate;
    use crate::kb::{parse_article, Rules};
    use chrono::TimeZone;

    fn article(lang: &str, updated: Option<&str>) -> Article {
        let updated = updated.map(|u| format!("updated: {u}\n")).unwrap_or_default();
        let text = format!("---\nid: export-data\nlang: {lang}\ntitle: Export\n{updated}---\nBody.\n");
        parse_article(Path::new(&format!("kb/{lang}/export-data.md")), &text).unwrap()
    }

    fn other(lang: &str) -> Article {
        let text = format!("---\nid: refund\nlang: {lang}\ntitle: Refund\n---\nBody.\n");
        parse_article(Path::new(&format!("kb/{lang}/refund.md")), &text).unwrap()
    }

    #[test]
    fn translations_behind_by_date_or_missing_and_cross_language_answers_are_named() {
        let kb = KnowledgeBase::from_articles(
            vec![
                article("en", Some("2026-11-30")),
                article("pt", Some("2026-10-01")),
                article("ca", None),
                other("en"),
                other("pt"),
                other("ca"),
                other("es"),
            ],
            Rules::default(),
        )
        .unwrap();
        let at = |day| Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap();
        // The Catalan file has no date; its modification time (29 Nov) is a
        // day behind the English date (30 Nov).
        let health = kb_health(&kb, &[], at(1), at(30), &|_| Some(at(29)));
        let gaps: Vec<_> = health
            .translations
            .iter()
            .map(|t| (t.article.as_str(), t.lang, t.updated.clone(), t.source_lang))
            .collect();
        assert_eq!(
            gaps,
            [
                ("export-data", Lang::Pt, Some("2026-10-01".to_string()), Lang::En),
                ("export-data", Lang::Es, None, Lang::En),
                ("export-data", Lang::Ca, Some("2026-11-29 12:00 (file)".to_string()), Lang::En),
            ]
        );

        let view = |question: &str, asked| ArticleViewRow {
            article: "export-data".into(),
            lang: Lang::En,
            question: Some(question.into()),
            asked_lang: Some(asked),
            shown_at: at(10),
            fate: Some(ArticleFate::Solved),
            ticket: None,
        };
        let views = [view("Com exporto?", Lang::Ca), view("com exporto? ", Lang::Ca), view("export", Lang::En)];
        let health = kb_health(&kb, &views, at(1), at(30), &|_| Some(at(29)));
        let cross: Vec<_> = health
            .cross_language
            .iter()
            .map(|c| (c.question.as_str(), c.asked_lang, c.article_lang, c.count))
            .collect();
        assert_eq!(cross, [("Com exporto?", Lang::Ca, Lang::En, 2)]);
        assert!(health.never_shown.iter().all(|a| a.article != "export-data" || a.lang != Lang::En));
    }
}
