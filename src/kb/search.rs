//! Search with a confidence comparable across queries, and the answer /
//! suggest / miss decision built on it.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Term};

use super::analysis::lang_slot;
use super::analysis::{analyze, bigrams};
use super::base::KnowledgeBase;
use super::index::{features as learned_features, term_hash, word_hash, FieldStats, KindIndex, LangFields, LangIndex};
use super::settings::{Decision, Hit, Thresholds, Tuning};
use crate::domain::Lang;

/// Fewest documents fetched per search, whatever the KB's shape.
const MIN_DEPTH: usize = 16;

#[derive(Default, Clone, Copy)]
struct Evidence {
    questions: [f32; 3],
    article: f32,
}

impl Evidence {
    fn add_question(&mut self, score: f32) {
        let q = &mut self.questions;
        if score > q[0] {
            *q = [score, q[0], q[1]];
        } else if score > q[1] {
            *q = [q[0], score, q[1]];
        } else if score > q[2] {
            q[2] = score;
        }
    }

    fn total(&self, t: &Tuning) -> f32 {
        self.questions[0] + t.vote * (self.questions[1] + self.questions[2]) / 2.0 + self.article
    }
}

/// An article found only in another language than the user's competes at
/// this share of its confidence: among comparable hits the user's language
/// wins, while the right article in English still beats a wrong one in
/// Spanish.
const OTHER_LANGUAGE_SHARE: f32 = 0.9;

impl KnowledgeBase {
    /// Ranked hits for `query` over every language, one per article, shown
    /// in `lang` when the article exists there (`None`: no preference).
    pub fn search(&self, query: &str, lang: Option<Lang>, limit: usize) -> Vec<Hit> {
        // Each hit with its rank in its own language's list.
        let mut best: Vec<(Hit, usize)> = Vec::with_capacity(limit * Lang::ALL.len());
        // A language without articles has no index and gives no hit.
        for (hit, rank) in Lang::ALL.into_iter().flat_map(|l| self.search_lang(query, l, limit).into_iter().zip(0..)) {
            let hit = match lang {
                Some(user) => self.as_seen_in(hit, user),
                None => hit,
            };
            match best.iter_mut().find(|(b, _)| b.article_id == hit.article_id) {
                Some((kept, _)) if kept.confidence >= hit.confidence => {}
                Some(kept) => *kept = (hit, rank),
                None => best.push((hit, rank)),
            }
        }
        ranked_across_languages(best, limit)
    }

    /// `hit` as the user of `user` sees it: the translation in their
    /// language when there is one, otherwise the hit marked as another
    /// language's and discounted.
    fn as_seen_in(&self, mut hit: Hit, user: Lang) -> Hit {
        if hit.lang == user {
            return hit;
        }
        match self.by_key.get(&(user, hit.article_id.clone())) {
            Some(&i) => {
                hit.lang = user;
                hit.title = self.articles[i].title.clone();
            }
            None => {
                hit.confidence *= OTHER_LANGUAGE_SHARE;
                hit.fallback_language = true;
            }
        }
        hit
    }

    /// Answer when the best hit reaches `thresholds.answer`, suggest those
    /// reaching `thresholds.suggest`, or miss.
    pub fn decide(&self, query: &str, lang: Option<Lang>, thresholds: Thresholds, max_suggestions: usize) -> Decision {
        decision(self.search(query, lang, max_suggestions.max(1)), thresholds, max_suggestions)
    }

    /// The best `limit` articles of `lang` for `query`, best first.
    ///
    /// An article scores its best question, plus `vote` × the mean of its 2nd
    /// and 3rd, plus its whole-article documents, plus `learned` × its
    /// learned word weights' score (see `learned`). Confidence is that score
    /// over what an average-length document holding every query word once
    /// would score (Σ weight × idf, so it does not depend on the query's
    /// length or rarity), times a margin factor (the best article's share of
    /// the evidence) and the share of the query's idf the article's
    /// vocabulary covers. Out-of-scope queries fail the last two.
    fn search_lang(&self, query: &str, lang: Lang, limit: usize) -> Vec<Hit> {
        let slot = lang_slot(lang);
        let Some(index) = self.index.lang(slot).filter(|_| limit > 0) else {
            return Vec::new();
        };
        let t = &self.tuning;
        let fields = self.index.fields[slot];
        let mut terms = analyze(lang, query);
        let pairs = dedup(bigrams(&terms));
        terms = dedup(terms);
        let QueryClauses { on_questions, on_articles, weighted } = self.clauses(&terms, &pairs, fields);
        if weighted.is_empty() {
            return Vec::new();
        }
        let question_stats =
            FieldStats::new(&index.questions, index.num_docs()).by_articles(&index.articles, fields, t.class_idf);
        let article_stats = FieldStats::new(&index.articles, index.num_docs());
        // Enough documents to hold the phrasings of a few candidate articles:
        // articles with many questions need a deeper fetch, small ones do not
        // pay for it (a deeper top-k prunes less).
        let per_article = index.questions_per_article() + 1;
        let depth = (per_article * 4).clamp(MIN_DEPTH, t.depth.max(MIN_DEPTH)).max(limit);
        let top = top_of_both(index, on_questions, on_articles, depth, &question_stats, &article_stats);
        // The articles of the top documents; few, so a vector beats a map.
        let mut evidence: Vec<(usize, Evidence)> = Vec::with_capacity(top.len());
        for (score, article, whole_article) in top {
            let found = evidence_of(&mut evidence, article);
            if whole_article {
                found.article += score;
            } else {
                found.add_question(score);
            }
        }
        // Query words weighted by rarity, to measure how much of the query an
        // article's vocabulary covers: out-of-scope questions bring words no
        // article uses, even when a few common ones match.
        let word_weights: Vec<(u32, f32)> = terms
            .iter()
            .map(|w| (word_hash(w), question_stats.idf(&Term::from_field_text(fields.question, w))))
            .collect();
        // Evidence is counted in words as rare as a word can be here, so a
        // small KB (low idfs) and a large one mean the same by it.
        let saturation = t.evidence * question_stats.unseen_idf(fields.question);
        let total_weight: f32 = word_weights.iter().map(|(_, w)| w).sum::<f32>().max(f32::EPSILON);
        // The weight of the query's words the article knows.
        let known =
            |local: usize| -> f32 { word_weights.iter().filter(|(h, _)| index.knows(local, *h)).map(|(_, w)| w).sum() };
        let (mut question_norm, mut article_norm) = (0.0, 0.0);
        for (term, weight) in &weighted {
            if fields.in_questions(term.field()) {
                question_norm += weight * question_stats.idf(term);
            } else {
                article_norm += weight * article_stats.idf(term);
            }
        }
        let norm = (question_norm * (1.0 + t.vote) + article_norm).max(f32::EPSILON);
        // (article, score it ranks by, score its confidence is measured on)
        let mut ranked: Vec<(usize, f32, f32)> = evidence.iter().map(|(a, e)| (*a, e.total(t), e.total(t))).collect();
        if t.learned > 0.0 && !index.learned.is_empty() {
            // What the phrasings taught about these words, in units of the
            // evidence a perfect match gives: a query as typical of the
            // article as its own phrasings adds `learned` perfect matches
            // to its rank, and `learned_confidence` of that to its confidence
            // (all of it made one word a near-certain answer in small KBs).
            let features = learned_features(terms.iter().map(String::as_str), pairs.iter().map(String::as_str));
            let scorer = index.learned.scorer(&features);
            for (article, rank, confidence) in &mut ranked {
                let learned = t.learned * norm * scorer.score(*article as u32);
                *rank = (*rank + learned).max(0.0);
                *confidence = (*confidence + t.learned_confidence * learned).max(0.0);
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (best, runner_up) = (ranked.first().map_or(0.0, |r| r.1), ranked.get(1).map_or(0.0, |r| r.1));
        // A close runner-up means the query does not single out one article.
        let margin = if best <= 0.0 {
            0.0
        } else if t.sharpness > 0.0 {
            // The best article's share of all the (sharpened) evidence.
            let total: f32 = ranked.iter().map(|r| (r.1 / best).powf(t.sharpness)).sum();
            (1.0 / total).powf(t.margin)
        } else {
            1.0 - t.margin * runner_up / best
        };
        // Coverage lowers confidence but does not reorder: ranking by it cost
        // 1.6 points of top-1 on CLINC150 dev. A lower-ranked hit therefore
        // never claims more confidence than the one above it, so merging
        // languages by confidence keeps each language's own order, and a KB
        // searched in its only language or in all gives the same hits.
        let mut ceiling = 1.0_f32;
        ranked
            .into_iter()
            .take(limit)
            .filter_map(|(local, _, score)| {
                let article = self.articles.get(self.index.member(slot, local)?)?;
                let known = known(local);
                let coverage = (known / total_weight).powf(t.coverage);
                // However completely one word is explained, it is little
                // evidence: confidence grows with the weight of the words
                // matched, saturating (63 % at `evidence` rarest words).
                let amount = if t.evidence > 0.0 { 1.0 - (-known / saturation).exp() } else { 1.0 };
                ceiling = (score / norm * margin * coverage * amount).clamp(0.0, ceiling);
                Some(Hit {
                    article_id: article.id.clone(),
                    lang: article.lang,
                    title: article.title.clone(),
                    confidence: ceiling,
                    fallback_language: false,
                })
            })
            .collect()
    }
}

/// The best `limit` of each language's hits (with their rank there), by
/// confidence. Ties go to the user's language, then to the better rank in
/// its own language (a lower hit's confidence is capped at the one above
/// it, so equal confidences keep their ranking), then to the article id:
/// the order never depends on which language was searched first.
fn ranked_across_languages(mut hits: Vec<(Hit, usize)>, limit: usize) -> Vec<Hit> {
    hits.sort_by(|(a, a_rank), (b, b_rank)| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.fallback_language.cmp(&b.fallback_language))
            .then(a_rank.cmp(b_rank))
            .then_with(|| a.article_id.cmp(&b.article_id))
    });
    hits.truncate(limit);
    hits.into_iter().map(|(hit, _)| hit).collect()
}

/// The answer / suggest / miss choice on ranked `hits`, best first.
pub(crate) fn decision(hits: Vec<Hit>, thresholds: Thresholds, max_suggestions: usize) -> Decision {
    match hits.first() {
        Some(top) if top.confidence >= thresholds.answer => Decision::Answer(top.clone()),
        _ => {
            let suggestions: Vec<Hit> =
                hits.into_iter().filter(|h| h.confidence >= thresholds.suggest).take(max_suggestions).collect();
            if suggestions.is_empty() {
                Decision::Miss
            } else {
                Decision::Suggest(suggestions)
            }
        }
    }
}

/// The evidence gathered for `article`, added if it has none yet.
fn evidence_of(evidence: &mut Vec<(usize, Evidence)>, article: usize) -> &mut Evidence {
    let at = match evidence.iter().position(|(a, _)| *a == article) {
        Some(at) => at,
        None => {
            evidence.push((article, Evidence::default()));
            evidence.len() - 1
        }
    };
    &mut evidence[at].1
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// A query's clauses on each index, and every term with its field weight.
struct QueryClauses {
    on_questions: Clauses,
    on_articles: Clauses,
    weighted: Vec<(Term, f32)>,
}

/// The best `depth` documents of `index` for the clauses, as (score, article).
fn top_documents(index: &KindIndex, clauses: Clauses, depth: usize, stats: &FieldStats) -> Vec<(f32, usize)> {
    if clauses.is_empty() {
        return Vec::new();
    }
    let query = BooleanQuery::new(clauses);
    let top = index.searcher.search_with_statistics_provider(&query, &TopDocs::with_limit(depth), stats);
    top.unwrap_or_default().into_iter().filter_map(|(score, doc)| Some((score, index.article(doc)?))).collect()
}

impl KnowledgeBase {
    /// The weighted term clauses of analysed query words and their bigrams.
    fn clauses(&self, terms: &[String], pairs: &[String], fields: LangFields) -> QueryClauses {
        let t = &self.tuning;
        // Sized up front: growing these three vectors clause by clause was
        // ~4 % of a search's time in a profile of `escala kb bench`.
        let (questions, articles) = (terms.len() + pairs.len(), 2 * terms.len());
        let mut query = QueryClauses {
            on_questions: Vec::with_capacity(questions),
            on_articles: Vec::with_capacity(articles),
            weighted: Vec::with_capacity(questions + articles),
        };
        let mut add = |text: &str, field, weight: f32| {
            if weight > 0.0 {
                let term = Term::from_field_text(field, text);
                let q = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                let clause: (Occur, Box<dyn Query>) = (Occur::Should, Box::new(BoostQuery::new(Box::new(q), weight)));
                if fields.in_questions(field) {
                    query.on_questions.push(clause);
                } else {
                    query.on_articles.push(clause);
                }
                query.weighted.push((term, weight));
            }
        };
        for term in terms {
            add(term, fields.question, t.question);
            add(term, fields.whole, t.whole);
            add(term, fields.body, t.body);
        }
        for pair in pairs {
            add(pair, fields.bigram, t.bigram);
        }
        query
    }
}

/// The best `depth` documents of either kind, best first, as (score,
/// article, whether it is the whole-article document). The per-field
/// statistics put question and article scores on one scale, so a strong
/// article match can outrank weak phrasings and the reverse.
///
/// The article index is searched with the question hits' floor as its
/// starting threshold, so it only scores documents that can still enter
/// the top: the same result as one search over both, for less work.
fn top_of_both(
    index: &LangIndex,
    on_questions: Clauses,
    on_articles: Clauses,
    depth: usize,
    question_stats: &FieldStats,
    article_stats: &FieldStats,
) -> Vec<(f32, usize, bool)> {
    let questions = top_documents(&index.questions, on_questions, depth, question_stats);
    // One more than `depth`: an insertion comes before the truncation.
    let mut top: Vec<(f32, usize, bool)> = Vec::with_capacity(depth + 1);
    top.extend(questions.into_iter().map(|(score, a)| (score, a, false)));
    if on_articles.is_empty() {
        return top;
    }
    let articles = &index.articles;
    let query = BooleanQuery::new(on_articles);
    let Ok(weight) = query.weight(EnableScoring::enabled_from_statistics_provider(article_stats, &articles.searcher))
    else {
        return top;
    };
    let floor = |top: &[(f32, usize, bool)]| if top.len() >= depth { top[depth - 1].0 } else { 0.0 };
    for (ord, reader) in articles.searcher.segment_readers().iter().enumerate() {
        let start = floor(&top);
        let mut take = |doc: DocId, score: f32| {
            if let Some(article) = articles.article(DocAddress::new(ord as u32, doc)) {
                let at = top.partition_point(|kept| kept.0 >= score);
                top.insert(at, (score, article, true));
                top.truncate(depth);
            }
            floor(&top)
        };
        if weight.for_each_pruning(start, reader, &mut take).is_err() {
            break;
        }
    }
    top
}

/// Drops repeated terms, keeping the first of each; by hash, so no term is copied.
fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items.retain(|s| seen.insert(term_hash(s)));
    items
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
