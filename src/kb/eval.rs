//! Measuring the KB on labelled intent data: import a training file as
//! articles, then score a query file (accuracy, out-of-scope refusal, latency).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::base::KnowledgeBase;
use super::error::KbError;
use crate::domain::Lang;

/// The intent of questions no article covers.
pub(crate) const OUT_OF_SCOPE: &str = "oos";
/// Share of in-scope questions the calibrated threshold must still answer.
const KEEP_IN_SCOPE: f64 = 0.95;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct LabeledQuery {
    pub text: String,
    pub intent: String,
    /// The asker's language, as a platform locale would give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl LabeledQuery {
    /// `lang` when it names one of the four languages.
    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(|l| l.parse().ok())
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalReport {
    pub queries: usize,
    pub top1: f64,
    pub top3: f64,
    pub threshold: Option<f32>,
    pub in_scope_accuracy: Option<f64>,
    pub oos_recall: Option<f64>,
    pub oos_precision: Option<f64>,
    pub p50_us: u64,
    pub p99_us: u64,
}

/// Reads a `{"text", "intent"}` JSONL file.
pub fn read_labeled(path: &Path) -> Result<Vec<LabeledQuery>, KbError> {
    let text = fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let fail = |message: String| KbError::Data { path: path.to_path_buf(), line: i + 1, message };
        let q: LabeledQuery = serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        if let (Some(code), None) = (&q.lang, q.lang()) {
            let shown: String = code.chars().take(20).filter(|c| !c.is_control()).collect();
            return Err(fail(format!("\"lang\": `{shown}` is not one of pt, es, ca, en")));
        }
        out.push(q);
    }
    Ok(out)
}

/// The article id an intent name becomes.
pub(crate) fn intent_id(intent: &str) -> String {
    intent
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' })
        .collect()
}

#[derive(Serialize)]
struct ImportedFrontMatter<'a> {
    id: String,
    lang: Lang,
    title: String,
    tags: Vec<String>,
    questions: &'a [String],
}

/// Writes one article per intent of `input` to `out/<lang>/<intent>.md`, with
/// the training sentences as its questions. Out-of-scope lines are skipped.
pub fn import_intents(input: &Path, lang: Lang, out: &Path) -> Result<usize, KbError> {
    let mut by_intent: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for q in read_labeled(input)? {
        if q.intent != OUT_OF_SCOPE {
            by_intent.entry(q.intent).or_default().push(q.text);
        }
    }
    let dir = out.join(lang.code());
    fs::create_dir_all(&dir).map_err(|e| KbError::io(&dir, e))?;
    for (intent, questions) in &by_intent {
        let id = intent_id(intent);
        let title = intent.replace(['_', '-'], " ");
        let fm = ImportedFrontMatter { id: id.clone(), lang, title, tags: Vec::new(), questions };
        let yaml = serde_yaml::to_string(&fm).map_err(|e| KbError::Data {
            path: input.to_path_buf(),
            line: 1,
            message: e.to_string(),
        })?;
        let text =
            format!("---\n{yaml}---\nPlaceholder answer for the intent `{intent}`: replace it with the real answer.\n");
        let path = dir.join(format!("{id}.md"));
        fs::write(&path, text).map_err(|e| KbError::io(&path, e))?;
    }
    Ok(by_intent.len())
}

/// What one query gave: the rank of its intent among the hits (if there) and
/// the top confidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Outcome {
    pub rank: Option<usize>,
    pub confidence: f32,
    pub out_of_scope: bool,
}

fn run(kb: &KnowledgeBase, queries: &[LabeledQuery], lang: Option<Lang>) -> (Vec<Outcome>, Vec<u64>) {
    let mut outcomes = Vec::with_capacity(queries.len());
    let mut micros = Vec::with_capacity(queries.len());
    for q in queries {
        let start = Instant::now();
        let hits = kb.search(&q.text, lang.or(q.lang()), 3);
        micros.push(start.elapsed().as_micros() as u64);
        let id = intent_id(&q.intent);
        outcomes.push(Outcome {
            rank: hits.iter().position(|h| h.article_id == id),
            confidence: hits.first().map_or(0.0, |h| h.confidence),
            out_of_scope: q.intent == OUT_OF_SCOPE,
        });
    }
    (outcomes, micros)
}

/// Scores `queries` against `kb`; the refusal threshold is calibrated on
/// `calibrate` (or on `queries` themselves when `None`).
pub fn evaluate(
    kb: &KnowledgeBase,
    queries: &[LabeledQuery],
    calibrate: Option<&[LabeledQuery]>,
    lang: Option<Lang>,
) -> EvalReport {
    let (outcomes, mut micros) = run(kb, queries, lang);
    let calibration = match calibrate {
        Some(c) => run(kb, c, lang).0,
        None => outcomes.clone(),
    };
    micros.sort_unstable();
    let pct = |p: f64| {
        micros.get(((micros.len() as f64 * p) as usize).min(micros.len().saturating_sub(1))).copied().unwrap_or(0)
    };
    let mut report = score(&outcomes, &calibration);
    report.p50_us = pct(0.5);
    report.p99_us = pct(0.99);
    report
}

/// The highest confidence that still answers `KEEP_IN_SCOPE` of the in-scope
/// outcomes.
pub(crate) fn calibrate_threshold(outcomes: &[Outcome]) -> Option<f32> {
    let mut confidences: Vec<f32> = outcomes.iter().filter(|o| !o.out_of_scope).map(|o| o.confidence).collect();
    confidences.sort_by(|a, b| b.total_cmp(a));
    let keep = (confidences.len() as f64 * KEEP_IN_SCOPE).ceil() as usize;
    confidences.get(keep.checked_sub(1)?).copied()
}

pub(crate) fn score(outcomes: &[Outcome], calibration: &[Outcome]) -> EvalReport {
    let in_scope: Vec<&Outcome> = outcomes.iter().filter(|o| !o.out_of_scope).collect();
    let oos: Vec<&Outcome> = outcomes.iter().filter(|o| o.out_of_scope).collect();
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let top = |k: usize| share(in_scope.iter().filter(|o| o.rank.is_some_and(|r| r < k)).count(), in_scope.len());
    let mut report = EvalReport {
        queries: outcomes.len(),
        top1: top(1),
        top3: top(3),
        threshold: None,
        in_scope_accuracy: None,
        oos_recall: None,
        oos_precision: None,
        p50_us: 0,
        p99_us: 0,
    };
    if oos.is_empty() {
        return report;
    }
    let Some(threshold) = calibrate_threshold(calibration) else {
        return report;
    };
    let answered_right = in_scope.iter().filter(|o| o.rank == Some(0) && o.confidence >= threshold).count();
    let oos_refused = oos.iter().filter(|o| o.confidence < threshold).count();
    let refused = outcomes.iter().filter(|o| o.confidence < threshold).count();
    report.threshold = Some(threshold);
    report.in_scope_accuracy = Some(share(answered_right, in_scope.len()));
    report.oos_recall = Some(share(oos_refused, oos.len()));
    report.oos_precision = Some(share(oos_refused, refused));
    report
}

#[cfg(test)]
#[path = "eval_tests.rs"]
mod tests;
