//! Word weights learned per article from the KB's own phrasings, to
//! re-rank the articles BM25 finds.
//!
//! BM25 weighs a query word by how rare it is; it cannot know that "pay"
//! tells the bill articles apart while "bill" does not. An averaged
//! multi-class perceptron over each question's words and word pairs learns
//! exactly that from the `questions:` of every article, in a few passes
//! and with no outside data. Search adds its score to BM25's for the
//! articles BM25 found (see `search`).

use std::collections::HashMap;

// The weights are saved with the index: a change to the training below
// must bump `index_cache::FORMAT`, or saved indexes keep the old weights.

/// Passes over the phrasings. On CLINC150 train 4–16 passes gave the same
/// dev accuracy within 0.6 points; 8 is the middle.
const EPOCHS: usize = 8;

/// How far (in feature weights) a phrasing's article must lead its rivals
/// before training stops correcting it. A wide margin keeps updating the
/// words that only nearly separate neighbours ("pay my bill" / "bill
/// balance"): on CLINC150 dev 0 → 8 gave +0.2 points top-1 and +0.4 top-3,
/// on the Portuguese set +1.0.
const MARGIN: f32 = 8.0;

/// Rivals a mistaken phrasing is corrected against: the strongest few, not
/// only the first, so the right article also climbs past the 2nd and 3rd.
const RIVALS: usize = 3;

/// Least phrasings per article (title included), on average, for the
/// weights to be learned. What they add is the difference between an
/// article's phrasings and its neighbours'; with one title and two or three
/// questions there is little of it (BM25's vote over phrasings already
/// uses them), while training still costs a pass over every phrasing.
const MIN_PHRASINGS_PER_ARTICLE: usize = 6;

/// Most phrasings a language is trained on. Training time and the weights'
/// size grow with phrasings × the articles they are confused with:
/// CLINC150's 15 150 phrasings of 150 articles train in well under a
/// second into 140 000 weights (1.1 MB); a large KB beyond this searches
/// with BM25 alone rather than spend seconds and megabytes at every build.
const MAX_PHRASINGS: usize = 50_000;

/// What [`LearnedWeights::parts`] saves: features, their ends in the
/// entries, the `(article, weight)` entries and the unit.
pub(crate) type SavedParts<'a> = (&'a [u32], &'a [u32], &'a [(u32, f32)], f32);

/// One phrasing: its article (position among the language's articles) and
/// its features (hashes of its words and word pairs: `index::features`).
pub(crate) struct Example {
    pub article: u32,
    pub features: Vec<u32>,
}

/// The averaged weights, by feature: `features` sorted, each feature's
/// `(article, weight)` entries between the previous end and its own in
/// `entries`, sorted by article. About 8 bytes an entry and 8 a feature.
pub(crate) struct LearnedWeights {
    features: Vec<u32>,
    ends: Vec<u32>,
    entries: Vec<(u32, f32)>,
    /// The median score of a training phrasing for its own article: the
    /// unit search measures learned scores in, so that the same weight
    /// means the same in a small KB and a large one.
    typical: f32,
}

impl Default for LearnedWeights {
    /// No weights: every article's learned score is 0.
    fn default() -> Self {
        LearnedWeights { features: Vec::new(), ends: Vec::new(), entries: Vec::new(), typical: 1.0 }
    }
}

impl LearnedWeights {
    /// Trains on `examples` of `articles` articles.
    pub fn train(mut examples: Vec<Example>, articles: usize) -> LearnedWeights {
        let learnable = examples.len() >= MIN_PHRASINGS_PER_ARTICLE * articles && examples.len() <= MAX_PHRASINGS;
        if !learnable {
            tracing::debug!(phrasings = examples.len(), articles, "phrasings not learned: BM25 alone ranks");
            return LearnedWeights::default();
        }
        for e in &mut examples {
            e.features.sort_unstable();
            e.features.dedup();
        }
        // Phrasings come grouped by article; a perceptron needs them mixed.
        shuffle(&mut examples);
        // Per feature: (article, weight, weight × step summed), for the
        // average of the weights over every step without storing them.
        let mut weights: HashMap<u32, Vec<(u32, f32, f32)>> = HashMap::new();
        let mut scores = vec![0.0_f32; articles];
        let mut touched: Vec<u32> = Vec::new();
        let mut seen = vec![false; articles];
        let mut rivals: Vec<(u32, f32)> = Vec::with_capacity(RIVALS + 1);
        let mut step = 1.0_f32;
        for _ in 0..EPOCHS {
            let mut corrected = false;
            for example in &examples {
                let Some(own_score) = scores.get(example.article as usize) else { continue };
                debug_assert_eq!(*own_score, 0.0);
                for list in example.features.iter().filter_map(|f| weights.get(f)) {
                    for &(a, w, _) in list {
                        if !seen[a as usize] {
                            seen[a as usize] = true;
                            touched.push(a);
                        }
                        scores[a as usize] += w;
                    }
                }
                let own = scores[example.article as usize];
                rivals.clear();
                for &a in touched.iter().filter(|&&a| a != example.article) {
                    let score = scores[a as usize];
                    if score + MARGIN >= own {
                        rivals.push((a, score));
                    }
                }
                rivals.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                rivals.truncate(RIVALS);
                // No rival in reach: corrected only while its own score is
                // short of the margin.
                if !rivals.is_empty() || own < MARGIN {
                    corrected = true;
                    let share = 1.0 / rivals.len().max(1) as f32;
                    for &f in &example.features {
                        let list = weights.entry(f).or_default();
                        bump(list, example.article, 1.0, step);
                        for &(r, _) in &rivals {
                            bump(list, r, -share, step);
                        }
                    }
                }
                for a in touched.drain(..) {
                    scores[a as usize] = 0.0;
                    seen[a as usize] = false;
                }
                step += 1.0;
            }
            // Every phrasing leads by the margin: more passes change nothing.
            if !corrected {
                break;
            }
        }
        let mut learned = LearnedWeights::from_training(weights, step);
        let mut own: Vec<f32> = examples.iter().map(|e| learned.score(&e.features, e.article)).collect();
        own.sort_by(f32::total_cmp);
        learned.typical = own.get(own.len() / 2).copied().filter(|t| *t > 0.0).unwrap_or(1.0);
        learned
    }

    /// The averaged weights of training that ended at `step`, flattened.
    fn from_training(weights: HashMap<u32, Vec<(u32, f32, f32)>>, step: f32) -> LearnedWeights {
        let mut by_feature: Vec<(u32, Vec<(u32, f32)>)> = weights
            .into_iter()
            .map(|(feature, list)| {
                let mut averaged: Vec<(u32, f32)> = list
                    .into_iter()
                    .map(|(a, w, summed)| (a, w - summed / step))
                    .filter(|(_, w)| w.abs() > 1e-6)
                    .collect();
                averaged.sort_unstable_by_key(|(a, _)| *a);
                (feature, averaged)
            })
            .filter(|(_, list)| !list.is_empty())
            .collect();
        by_feature.sort_unstable_by_key(|(f, _)| *f);
        let mut learned = LearnedWeights {
            features: Vec::with_capacity(by_feature.len()),
            ends: Vec::with_capacity(by_feature.len()),
            entries: Vec::with_capacity(by_feature.iter().map(|(_, l)| l.len()).sum()),
            typical: 1.0,
        };
        for (feature, list) in by_feature {
            learned.features.push(feature);
            learned.entries.extend(list);
            learned.ends.push(learned.entries.len() as u32);
        }
        learned
    }

    /// Whether nothing was learned (see [`MIN_PHRASINGS_PER_ARTICLE`]).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The learned score of `article` for a query of `features`, in units
    /// of a training phrasing's typical score for its own article.
    pub fn score(&self, features: &[u32], article: u32) -> f32 {
        self.scorer(features).score(article)
    }

    /// Scores the articles of one query: its features are looked up once.
    pub fn scorer(&self, features: &[u32]) -> Scorer<'_> {
        let lists = features.iter().filter_map(|f| self.features.binary_search(f).ok()).map(|at| self.entries_of(at));
        Scorer { lists: lists.collect(), typical: self.typical }
    }

    fn entries_of(&self, at: usize) -> &[(u32, f32)] {
        let start = at.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        &self.entries[start..self.ends[at] as usize]
    }

    /// The parts to save: features, their ends, the entries and the unit.
    pub(crate) fn parts(&self) -> SavedParts<'_> {
        (&self.features, &self.ends, &self.entries, self.typical)
    }

    /// The weights saved as `parts` for `articles` articles, if they fit
    /// together: sorted distinct features, ends rising to the entry count,
    /// known articles and finite weights.
    pub(crate) fn from_parts(
        features: Vec<u32>,
        ends: Vec<u32>,
        entries: Vec<(u32, f32)>,
        typical: f32,
        articles: usize,
    ) -> Option<LearnedWeights> {
        let sorted = features.windows(2).all(|w| w[0] < w[1]);
        let rising = ends.windows(2).all(|w| w[0] <= w[1]);
        let complete = features.len() == ends.len() && ends.last().map_or(0, |&e| e as usize) == entries.len();
        let sane = entries.iter().all(|(a, w)| (*a as usize) < articles && w.is_finite());
        let unit = typical.is_finite() && typical > 0.0;
        (sorted && rising && complete && sane && unit).then_some(LearnedWeights { features, ends, entries, typical })
    }
}

/// The weights of one query's features.
pub(crate) struct Scorer<'a> {
    lists: Vec<&'a [(u32, f32)]>,
    typical: f32,
}

impl Scorer<'_> {
    /// The learned score of `article`, in units of a training phrasing's
    /// typical score for its own article.
    pub fn score(&self, article: u32) -> f32 {
        let sum: f32 = self
            .lists
            .iter()
            .filter_map(|list| list.binary_search_by_key(&article, |(a, _)| *a).ok().map(|i| list[i].1))
            .sum();
        sum / self.typical
    }
}

/// Adds `by` to `article`'s weight in `list`, and `by × step` to its sum.
fn bump(list: &mut Vec<(u32, f32, f32)>, article: u32, by: f32, step: f32) {
    match list.iter_mut().find(|(a, _, _)| *a == article) {
        Some(entry) => {
            entry.1 += by;
            entry.2 += by * step;
        }
        None => list.push((article, by, by * step)),
    }
}

/// A fixed-seed Fisher–Yates shuffle (xorshift): the same KB always
/// trains the same weights.
fn shuffle<T>(items: &mut [T]) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..items.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        items.swap(i, (state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(article: u32, words: &[&str]) -> Example {
        Example { article, features: hashes(words) }
    }

    /// Any distinct number per word will do as its feature.
    fn hashes(words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| w.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))).collect()
    }

    #[test]
    fn the_word_that_tells_two_articles_apart_outweighs_the_word_they_share() {
        // "bill" is in every phrasing of both; "pay" and "due" decide.
        let examples = vec![
            example(0, &["pay", "bill"]),
            example(0, &["pay", "my", "bill"]),
            example(0, &["pay", "electric", "bill"]),
            example(0, &["pay", "gas", "bill"]),
            example(0, &["pay", "bill", "online"]),
            example(0, &["how", "pay", "bill"]),
            example(1, &["bill", "due"]),
            example(1, &["when", "bill", "due"]),
            example(1, &["due", "date", "bill"]),
            example(1, &["bill", "due", "soon"]),
            example(1, &["is", "my", "bill", "due"]),
            example(1, &["bill", "due", "today"]),
        ];
        let learned = LearnedWeights::train(examples, 2);
        let query = hashes(&["pay", "water", "bill"]);
        assert!(learned.score(&query, 0) > learned.score(&query, 1));
        let query = hashes(&["is", "bill", "due"]);
        assert!(learned.score(&query, 1) > learned.score(&query, 0));
        // Alone, the shared word favours neither much.
        let shared = hashes(&["bill"]);
        let (pay, due) = (learned.score(&shared, 0), learned.score(&shared, 1));
        assert!((pay - due).abs() < learned.score(&hashes(&["pay"]), 0) - learned.score(&hashes(&["pay"]), 1));
    }

    #[test]
    fn training_is_deterministic_and_survives_its_saved_parts() {
        let make =
            || (0..40u32).map(|i| example(i % 4, &["common", ["a", "b", "c", "d"][(i % 4) as usize], "x"])).collect();
        let (one, two) = (LearnedWeights::train(make(), 4), LearnedWeights::train(make(), 4));
        assert_eq!(one.parts().0, two.parts().0);
        assert_eq!(one.parts().2, two.parts().2);
        let (features, ends, entries, typical) = one.parts();
        let back = LearnedWeights::from_parts(features.to_vec(), ends.to_vec(), entries.to_vec(), typical, 4).unwrap();
        let query = hashes(&["common", "c"]);
        assert_eq!(back.score(&query, 2), one.score(&query, 2));
        assert!(one.score(&query, 2) > one.score(&query, 0));
    }

    #[test]
    fn too_few_phrasings_per_article_learn_nothing() {
        let examples: Vec<Example> =
            (0..10u32).map(|i| example(i % 2, &["word", ["a", "b"][(i % 2) as usize]])).collect();
        let learned = LearnedWeights::train(examples, 2);
        assert!(learned.parts().2.is_empty(), "5 phrasings an article is under the least");
        assert_eq!(learned.score(&hashes(&["word", "a"]), 0), 0.0);
        let (features, ends, entries, typical) = learned.parts();
        assert!(LearnedWeights::from_parts(features.to_vec(), ends.to_vec(), entries.to_vec(), typical, 2).is_some());
    }

    #[test]
    fn saved_parts_that_do_not_fit_together_are_refused() {
        let ok = || (vec![1, 2], vec![1, 2], vec![(0, 1.0), (1, -1.0)], 1.0);
        let (f, e, x, t) = ok();
        assert!(LearnedWeights::from_parts(f, e, x, t, 2).is_some());
        let (f, e, x, t) = ok();
        assert!(LearnedWeights::from_parts(f, e, x, t, 1).is_none(), "unknown article");
        let (_, e, x, t) = ok();
        assert!(LearnedWeights::from_parts(vec![2, 1], e, x, t, 2).is_none(), "unsorted features");
        let (f, _, x, t) = ok();
        assert!(LearnedWeights::from_parts(f, vec![2, 1], x, t, 2).is_none(), "falling ends");
        let (f, _, x, t) = ok();
        assert!(LearnedWeights::from_parts(f, vec![1, 3], x, t, 2).is_none(), "ends past the entries");
        let (f, e, _, t) = ok();
        assert!(LearnedWeights::from_parts(f, e, vec![(0, 1.0), (1, f32::NAN)], t, 2).is_none(), "NaN weight");
        let (f, e, x, _) = ok();
        assert!(LearnedWeights::from_parts(f, e, x, 0.0, 2).is_none(), "no unit");
        assert!(LearnedWeights::from_parts(vec![], vec![], vec![], 1.0, 0).is_some(), "an empty language");
    }
}
