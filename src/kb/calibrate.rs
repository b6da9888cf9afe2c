//! `escala kb calibrate`: choosing each language's answer and suggest
//! thresholds from the KB itself. Each article's questions are asked with
//! that question left out of the index (one fold per question position, so
//! ten index builds rather than one per question); off-topic probes are the
//! built-in small talk below, alone and with one word of an article's title
//! added. The answer threshold is the
//! lowest confidence whose direct answers reach the target precision; the
//! suggest threshold refuses the share of small talk asked for.

use std::collections::BTreeMap;
use std::path::Path;

use super::article::Article;
use super::base::KnowledgeBase;
use super::calibration::{Calibration, LangCalibration};
use super::error::KbError;
use super::lint::load_checked;
use super::rules::Rules;
use super::small_talk::small_talk;
use crate::domain::Lang;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalibrateOptions {
    /// Share of direct answers that must be the right article (0.98).
    pub target_precision: f64,
    /// Share of the small-talk probes that must get neither answer nor
    /// suggestions (0.8: higher refuses more small talk, and more of the
    /// vaguely worded real questions with it).
    pub small_talk_refusal: f64,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        CalibrateOptions { target_precision: 0.98, small_talk_refusal: 0.8 }
    }
}

/// One question or probe asked: its top confidence, and whether a direct
/// answer at that confidence would be the right article.
#[derive(Debug, Clone, Copy)]
struct Asked {
    confidence: f32,
    right: bool,
}

/// Calibrates the KB in `dir`; `now` is written as `calibrated_at`.
/// Blocking: builds the index once per question position.
pub fn calibrate(
    dir: &Path,
    max_file_bytes: u64,
    options: CalibrateOptions,
    now: &str,
) -> Result<Calibration, KbError> {
    let checked = load_checked(dir, max_file_bytes);
    if checked.report.has_errors() {
        return Err(KbError::Invalid(checked.report));
    }
    let articles: Vec<Article> = checked.articles.into_iter().filter(|a| !a.draft).collect();
    let mut questions: BTreeMap<Lang, Vec<Asked>> = BTreeMap::new();
    let folds = articles.iter().map(|a| a.questions.len()).max().unwrap_or(0);
    for fold in 0..folds {
        let mut held_out = Vec::new();
        let kept: Vec<Article> = articles
            .iter()
            .map(|article| {
                let mut article = article.clone();
                // An article keeps at least one phrasing, or it would be
                // asked about what it no longer says.
                if article.questions.len() >= 2 && fold < article.questions.len() {
                    held_out.push((article.lang, article.id.clone(), article.questions.remove(fold)));
                }
                article
            })
            .collect();
        if held_out.is_empty() {
            continue;
        }
        let kb = KnowledgeBase::from_articles(kept, Rules::default())?;
        for (lang, id, question) in held_out {
            let top = kb.search(&question, Some(lang), 1).into_iter().next();
            let asked = top.map_or(Asked { confidence: 0.0, right: false }, |hit| Asked {
                confidence: hit.confidence,
                right: hit.article_id == id,
            });
            questions.entry(lang).or_default().push(asked);
        }
    }
    let kb = KnowledgeBase::from_articles(articles.clone(), Rules::default())?;
    let mut languages = BTreeMap::new();
    for (lang, asked) in questions {
        let top = |text: &str| kb.search(text, Some(lang), 1).first().map_or(0.0, |h| h.confidence);
        let chatter: Vec<f32> = small_talk(lang).iter().map(|t| top(t)).collect();
        let mixes: Vec<f32> = one_word_probes(&articles, lang).iter().map(|t| top(t)).collect();
        let probes = chatter.iter().chain(&mixes).map(|&confidence| Asked { confidence, right: false });
        let all: Vec<Asked> = asked.iter().copied().chain(probes).collect();
        let (answer, precision) = answer_threshold(&all, options.target_precision);
        let suggest = suggest_threshold(&chatter, options.small_talk_refusal).min(answer);
        let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        let answered = asked.iter().filter(|a| a.confidence >= answer).count();
        let refused = chatter.iter().filter(|c| **c < suggest).count();
        languages.insert(
            lang.code().to_string(),
            LangCalibration {
                answer_threshold: round_up(answer),
                suggest_threshold: round_up(suggest),
                questions: asked.len(),
                probes: chatter.len() + mixes.len(),
                precision: round4(precision),
                answered: round4(share(answered, asked.len())),
                small_talk_refused: round4(share(refused, chatter.len())),
            },
        );
    }
    Ok(Calibration {
        calibrated_at: now.to_string(),
        target_precision: options.target_precision,
        articles_hash: checked.articles_hash,
        languages,
    })
}

/// The lowest confidence at which the direct answers (everything asked at or
/// above it) are right at least `target` of the time, with the precision
/// reached; when no cut reaches it, just above the highest confidence, so
/// nothing is answered directly.
fn answer_threshold(asked: &[Asked], target: f64) -> (f32, f64) {
    let mut sorted = asked.to_vec();
    sorted.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let ceiling = sorted.first().map_or(1.0, |a| a.confidence);
    let mut best = ((ceiling + 1e-3).min(1.0), 1.0);
    let mut right = 0usize;
    for (i, a) in sorted.iter().enumerate() {
        right += usize::from(a.right);
        // Only cut between different confidences: equal ones answer together.
        let cut_here = sorted.get(i + 1).is_none_or(|next| next.confidence < a.confidence);
        let precision = right as f64 / (i + 1) as f64;
        if cut_here && a.confidence > 0.0 && precision >= target {
            best = (a.confidence, precision);
        }
    }
    best
}

/// The lowest confidence that still leaves `refusal` of the small talk
/// below it.
fn suggest_threshold(small_talk: &[f32], refusal: f64) -> f32 {
    let mut sorted = small_talk.to_vec();
    sorted.sort_by(f32::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let refused = ((sorted.len() as f64 * refusal).ceil() as usize).clamp(1, sorted.len());
    // Just above the highest of the refused ones.
    sorted[refused - 1] + 1e-3
}

/// One everyday sentence per article of `lang`, with the longest word of
/// that article's title added: one word the KB knows, in a message it does
/// not explain, must not get a direct answer.
fn one_word_probes(articles: &[Article], lang: Lang) -> Vec<String> {
    let mut titles: Vec<&Article> = articles.iter().filter(|a| a.lang == lang).collect();
    titles.sort_by(|a, b| a.id.cmp(&b.id));
    let frames = small_talk(lang);
    titles
        .iter()
        .enumerate()
        .filter_map(|(i, article)| {
            let word = article.title.split(|c: char| !c.is_alphanumeric()).max_by_key(|w| w.chars().count())?;
            Some(format!("{} {}", frames[i % frames.len()], word.to_lowercase()))
        })
        .collect()
}

/// Thresholds are written with three decimals, rounded up so the written
/// value refuses what the computed one refused.
fn round_up(value: f32) -> f64 {
    ((f64::from(value) * 1000.0).ceil() / 1000.0).min(1.0)
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(confidence: f32, right: bool) -> Asked {
        Asked { confidence, right }
    }

    #[test]
    fn the_answer_threshold_is_the_lowest_cut_that_keeps_the_precision() {
        let all = [asked(0.9, true), asked(0.8, true), asked(0.7, false), asked(0.6, true), asked(0.5, true)];
        // At 0.8: 2/2 right; at 0.7: 2/3; at 0.5: 4/5 = 0.8.
        assert_eq!(answer_threshold(&all, 0.98), (0.8, 1.0));
        assert_eq!(answer_threshold(&all, 0.8), (0.5, 0.8));
    }

    #[test]
    fn with_no_cut_precise_enough_nothing_is_answered() {
        let all = [asked(0.4, false), asked(0.3, true)];
        let (threshold, _) = answer_threshold(&all, 0.98);
        assert!(threshold > 0.4, "{threshold}");
    }

    #[test]
    fn equal_confidences_are_answered_together() {
        let all = [asked(0.5, true), asked(0.5, false), asked(0.4, true)];
        assert!(answer_threshold(&all, 0.98).0 > 0.5);
    }

    #[test]
    fn the_suggest_threshold_refuses_the_share_of_small_talk_asked() {
        let chatter = [0.0, 0.01, 0.02, 0.3];
        assert!((suggest_threshold(&chatter, 0.75) - 0.021).abs() < 1e-6);
        assert!(suggest_threshold(&chatter, 1.0) > 0.3);
    }
}
