//! `kb eval --as-configured`: each labelled question through the decision
//! the bot makes (incident, rules, language, the configured or calibrated
//! thresholds), counted the way a user experiences it — answered right,
//! answered wrong, suggestions with or without the right article, refused —
//! overall and per language, with the confidently wrong answers listed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::base::KnowledgeBase;
use super::detect::detect_language;
use super::eval::{intent_id, LabeledQuery, OUT_OF_SCOPE};
use super::respond::Step;
use super::rules::RuleAction;
use super::settings::{Decision, KbSettings};
use crate::domain::Lang;

/// What users of one language (or all) got.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Experience {
    pub in_scope: usize,
    pub answered_right: usize,
    pub answered_wrong: usize,
    pub suggested_with_right: usize,
    pub suggested_without_right: usize,
    /// No article: an honest "I don't know", or a rule that hands over.
    pub refused: usize,
    pub out_of_scope: usize,
    pub oos_answered: usize,
    pub oos_suggested: usize,
    pub oos_refused: usize,
}

/// A direct answer with the wrong article (or to an off-topic question).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ConfidentWrong {
    pub text: String,
    pub lang: Option<Lang>,
    pub expected: String,
    pub answered: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ConfiguredReport {
    pub overall: Experience,
    pub by_lang: BTreeMap<String, Experience>,
    pub confident_wrong: Vec<ConfidentWrong>,
}

/// What the bot did with one question.
enum Got {
    Answer(String, f32),
    Suggest(Vec<String>),
    Refuse,
}

/// Runs `queries` as the bot would with `settings`; a query's `lang` plays
/// the platform locale, and without one the language is detected from the
/// text as for a user whose platform gives none.
pub fn evaluate_as_configured(kb: &KnowledgeBase, queries: &[LabeledQuery], settings: &KbSettings) -> ConfiguredReport {
    let mut report = ConfiguredReport::default();
    for q in queries {
        let lang = q.lang().or_else(|| detect_language(&q.text));
        let response = kb.respond(&q.text, lang, settings);
        let got = match response.step {
            Step::Rule(rule) => match rule.action {
                RuleAction::Article(id) => Got::Answer(id, 1.0),
                _ => Got::Refuse,
            },
            Step::Search(Decision::Answer(hit)) => Got::Answer(hit.article_id, hit.confidence),
            Step::Search(Decision::Suggest(hits)) => Got::Suggest(hits.into_iter().map(|h| h.article_id).collect()),
            Step::Search(Decision::Miss) => Got::Refuse,
        };
        let expected = intent_id(&q.intent);
        let key = lang.map_or("unknown", Lang::code).to_string();
        for experience in [&mut report.overall, report.by_lang.entry(key).or_default()] {
            experience.count(q.intent == OUT_OF_SCOPE, &expected, &got);
        }
        if let Got::Answer(answered, confidence) = &got {
            if *answered != expected {
                report.confident_wrong.push(ConfidentWrong {
                    text: q.text.clone(),
                    lang,
                    expected: expected.clone(),
                    answered: answered.clone(),
                    confidence: *confidence,
                });
            }
        }
    }
    report
}

impl Experience {
    fn count(&mut self, out_of_scope: bool, expected: &str, got: &Got) {
        if out_of_scope {
            self.out_of_scope += 1;
            match got {
                Got::Answer(..) => self.oos_answered += 1,
                Got::Suggest(_) => self.oos_suggested += 1,
                Got::Refuse => self.oos_refused += 1,
            }
            return;
        }
        self.in_scope += 1;
        match got {
            Got::Answer(id, _) if id == expected => self.answered_right += 1,
            Got::Answer(..) => self.answered_wrong += 1,
            Got::Suggest(ids) if ids.iter().any(|id| id == expected) => self.suggested_with_right += 1,
            Got::Suggest(_) => self.suggested_without_right += 1,
            Got::Refuse => self.refused += 1,
        }
    }

    /// Direct answers that were wrong, counting off-topic ones, as a share
    /// of all the questions.
    pub fn confident_wrong_share(&self) -> f64 {
        let asked = self.in_scope + self.out_of_scope;
        if asked == 0 {
            return 0.0;
        }
        (self.answered_wrong + self.oos_answered) as f64 / asked as f64
    }
}
