//! What a search returns (hits, the answer/suggest/miss decision) and the
//! knobs that shape it: thresholds for the bot, weights for the scorer.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub article_id: String,
    pub lang: Lang,
    pub title: String,
    /// In `[0, 1]`; the same value means the same certainty for any query.
    pub confidence: f32,
    /// The article is not in the asked language: nothing there was good enough.
    pub fallback_language: bool,
}

/// What the configuration says about answering: thresholds set there
/// override the KB's calibration (`kb/calibration.toml`) for every language.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
pub struct KbSettings {
    pub answer_threshold: Option<f32>,
    pub suggest_threshold: Option<f32>,
    pub max_suggestions: usize,
}

impl Default for KbSettings {
    fn default() -> Self {
        KbSettings { answer_threshold: None, suggest_threshold: None, max_suggestions: 3 }
    }
}

/// The confidences at or above which one language answers directly and
/// offers suggestions.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub answer: f32,
    pub suggest: f32,
}

impl Thresholds {
    /// For a language the KB has not been calibrated for: the values chosen
    /// on the CLINC150 dev set before calibration existed (0.12 still
    /// answered 95 % of its in-scope questions). The scale of confidence
    /// depends on a KB's shape (questions per article), so `escala kb
    /// calibrate` should replace them.
    pub const UNCALIBRATED: Thresholds = Thresholds { answer: 0.12, suggest: 0.06 };
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Answer(Hit),
    Suggest(Vec<Hit>),
    Miss,
}

/// Scoring weights. A question document scores the query against one phrasing
/// (what users ask resembles one phrasing, not the average of them); the
/// whole-article documents add the evidence of every phrasing and the body.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq)]
#[serde(default)]
pub struct Tuning {
    pub question: f32,
    pub bigram: f32,
    pub whole: f32,
    pub body: f32,
    /// Weight of an article's 2nd and 3rd best questions (agreement of phrasings).
    pub vote: f32,
    /// How much a close runner-up lowers confidence (0 = ignore margin).
    pub margin: f32,
    /// Exponent of the share of the query's words the article knows.
    pub coverage: f32,
    /// Most documents fetched from the index before grouping them per article.
    pub depth: usize,
    /// When above 0, the margin compares the best article with all the
    /// others, each score raised to this power, instead of the runner-up only.
    pub sharpness: f32,
    /// How many of the rarest possible words (the idf of a word no question
    /// holds) the matched query words must weigh for the amount-of-evidence
    /// factor to reach 63 % (1 − e⁻¹); 0 turns it off. A query matching an
    /// article on one common word is little evidence, however fully the
    /// article explains it.
    pub evidence: f32,
    /// Share (0..=1) of a question word's frequency counted over the
    /// articles using it rather than over question documents: words every
    /// phrasing of one article repeats are not taken for common ones.
    pub class_idf: f32,
    /// Weight of the word weights learned from the phrasings (see
    /// `learned`), added to each candidate's BM25 evidence; 0 ranks by BM25
    /// alone.
    pub learned: f32,
    /// Share (0..=1) of that learned evidence counted in the confidence.
    pub learned_confidence: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            question: 1.0,
            bigram: 0.4,
            whole: 2.0,
            body: 0.1,
            vote: 1.5,
            margin: 0.6,
            coverage: 0.8,
            depth: 64,
            sharpness: 4.0,
            evidence: 1.0,
            class_idf: 0.5,
            learned: 1.0,
            learned_confidence: 0.5,
        }
    }
}
