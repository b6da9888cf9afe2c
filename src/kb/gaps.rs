//! Grouping the questions the KB could not answer, so admins see which
//! articles are missing (`escala kb gaps`).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::Lang;

/// A logged user query with what the bot did with it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedQuery {
    pub text: String,
    pub lang: Lang,
    /// `answer`, `suggest`, `miss`, `not_solved`…: anything but `answer` is a gap.
    pub outcome: String,
    pub confidence: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapCluster {
    /// The first question seen of the group, as users phrased it.
    pub example: String,
    pub count: usize,
    pub lang: Lang,
    /// A few other phrasings of the group.
    pub samples: Vec<String>,
}

/// Two questions whose word sets overlap this much ask the same thing.
const SAME_QUESTION: f32 = 0.5;
const MAX_SAMPLES: usize = 5;

/// Lower-cased, accent-insensitive words longer than two letters: short words
/// ("a", "de", "my") carry no topic and would merge unrelated questions.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(|w| w.to_lowercase().chars().map(fold).collect())
        .collect()
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
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

/// Greedy clustering of the unanswered queries, per language, most frequent
/// group first, at most `max` groups.
pub fn cluster_gaps(queries: &[LoggedQuery], max: usize) -> Vec<GapCluster> {
    let mut groups: Vec<Group> = Vec::new();
    for q in queries.iter().filter(|q| q.outcome != "answer") {
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
            }
            None => groups.push(Group {
                words: w,
                cluster: GapCluster { example: q.text.clone(), count: 1, lang: q.lang, samples: Vec::new() },
            }),
        }
    }
    // Stable sort: equal counts keep first-seen order.
    groups.sort_by_key(|g| std::cmp::Reverse(g.cluster.count));
    groups.into_iter().take(max).map(|g| g.cluster).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, lang: Lang, outcome: &str) -> LoggedQuery {
        LoggedQuery { text: text.into(), lang, outcome: outcome.into(), confidence: 0.1 }
    }

    #[test]
    fn near_duplicate_unanswered_questions_form_one_group_most_frequent_first() {
        let log = vec![
            q("how do I export my invoices", Lang::En, "miss"),
            q("where is the dark mode", Lang::En, "miss"),
            q("How do I export invoices?", Lang::En, "suggest"),
            q("export my invoices how", Lang::En, "miss"),
            q("how do I reset my password", Lang::En, "answer"),
            q("como exportar as faturas", Lang::Pt, "miss"),
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
            ["alpha beta", "gamma delta", "epsilon zeta"].iter().map(|t| q(t, Lang::En, "miss")).collect();
        assert_eq!(cluster_gaps(&log, 2).len(), 2);
    }
}
