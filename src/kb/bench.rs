//! Speed benchmark on a synthetic KB: `KnowledgeBase::search` against a raw
//! tantivy BM25 query on the same index, and the KB build against a plain
//! tantivy index of the same articles, in the same run.

use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::analysis::analyzer;
use super::analysis::lang_slot;
use super::article::Article;
use super::base::KnowledgeBase;
use super::index::{KindIndex, TERMS_TOKENIZER};
use super::rules::Rules;
use crate::domain::Lang;

const SEED: u64 = 20_240_601;
const VOCABULARY: usize = 20_000;
/// Builds timed per run, each way; the median is reported.
const BUILD_RUNS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub articles: usize,
    pub queries: usize,
    pub build_ms: f64,
    /// A plain tantivy index of the same articles (one document each, one
    /// analysed field, one indexing thread), built in the same run.
    pub raw_build_ms: f64,
    pub build_ratio: f64,
    pub kb_p50_us: f64,
    pub kb_p99_us: f64,
    pub raw_p50_us: f64,
    pub raw_p99_us: f64,
    /// KB search time over raw BM25 time, at p50 and p99.
    pub ratio_p50: f64,
    pub ratio_p99: f64,
}

impl BenchReport {
    /// The report of a bench whose KB did not build: all zero.
    fn empty(articles: usize, queries: usize) -> BenchReport {
        BenchReport {
            articles,
            queries,
            build_ms: 0.0,
            raw_build_ms: 0.0,
            build_ratio: 0.0,
            kb_p50_us: 0.0,
            kb_p99_us: 0.0,
            raw_p50_us: 0.0,
            raw_p99_us: 0.0,
            ratio_p50: 0.0,
            ratio_p99: 0.0,
        }
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "articles {:>7}   queries {:>6}", self.articles, self.queries)?;
        writeln!(
            f,
            "build {:.1} ms   raw tantivy build {:.1} ms   ratio {:.2}   (medians of {BUILD_RUNS})",
            self.build_ms, self.raw_build_ms, self.build_ratio
        )?;
        writeln!(f, "{:<16}{:>10}{:>10}", "", "p50 µs", "p99 µs")?;
        writeln!(f, "{:<16}{:>10.1}{:>10.1}", "kb search", self.kb_p50_us, self.kb_p99_us)?;
        writeln!(f, "{:<16}{:>10.1}{:>10.1}", "raw bm25", self.raw_p50_us, self.raw_p99_us)?;
        write!(f, "{:<16}{:>10.2}{:>10.2}", "ratio", self.ratio_p50, self.ratio_p99)
    }
}

/// Made-up words, drawn with a skew so some are common and most are rare,
/// as in real text.
struct Words {
    rng: StdRng,
}

impl Words {
    fn word(&mut self) -> String {
        let x: f64 = self.rng.random();
        format!("w{}", (x * x * VOCABULARY as f64) as usize)
    }

    fn phrase(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| self.word()).collect()
    }
}

fn synthetic_articles(n: usize, words: &mut Words) -> Vec<Article> {
    (0..n)
        .map(|i| {
            let body = words.phrase(60).join(" ");
            Article {
                id: format!("a{i}"),
                lang: Lang::En,
                title: words.phrase(4).join(" "),
                tags: words.phrase(2),
                questions: (0..3).map(|_| words.phrase(7).join(" ")).collect(),
                related: Vec::new(),
                body_markdown: body.clone(),
                body_text: body,
                path: PathBuf::from(format!("kb/en/a{i}.md")),
                draft: false,
                updated: None,
                level: None,
                priority: None,
            }
        })
        .collect()
}

/// `n` synthetic English articles, the bench's corpus, for the process
/// benchmarks and for tests that need a KB large enough for search to prune.
pub(crate) fn synthetic_kb_articles(n: usize) -> Vec<Article> {
    synthetic_articles(n, &mut Words { rng: StdRng::seed_from_u64(SEED) })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted.get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1))).copied().unwrap_or(0.0)
}

/// Milliseconds to build the index a plain tantivy set-up would: one
/// document per article with its title, questions, tags and body in one
/// field analysed by the English analyser, one indexing thread.
fn raw_build<'a>(articles: impl Iterator<Item = &'a Article>) -> tantivy::Result<f64> {
    let start = Instant::now();
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default().set_tokenizer("en").set_index_option(IndexRecordOption::WithFreqs);
    let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
    let index = Index::create_in_ram(schema.build());
    index.tokenizers().register("en", analyzer(Lang::En));
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 64_000_000)?;
    for a in articles {
        let mut doc = TantivyDocument::default();
        for part in std::iter::once(&a.title).chain(&a.questions).chain(&a.tags).chain([&a.body_text]) {
            doc.add_text(text, part);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    std::hint::black_box(index.reader()?.searcher());
    Ok(start.elapsed().as_secs_f64() * 1e3)
}

/// Builds a synthetic KB of `articles` and times `queries` searches both ways.
pub fn run_search_bench(articles: usize, queries: usize) -> BenchReport {
    let mut words = Words { rng: StdRng::seed_from_u64(SEED) };
    let corpus = synthetic_articles(articles, &mut words);
    // Queries paraphrase a question: some of its words plus an unrelated one.
    let texts: Vec<String> = (0..queries)
        .map(|_| {
            let a = &corpus[words.rng.random_range(0..corpus.len().max(1))];
            let mut q: Vec<String> = a.questions[0].split(' ').take(4).map(String::from).collect();
            q.push(words.word());
            q.join(" ")
        })
        .collect();
    // Each build runs BUILD_RUNS times, alternating with the baseline's, and
    // the medians are reported: one build is a single noisy measurement.
    let (mut build_runs, mut raw_build_runs) = (Vec::new(), Vec::new());
    let mut built = None;
    for _ in 0..BUILD_RUNS {
        let copy = corpus.clone();
        let start = Instant::now();
        built = Some(KnowledgeBase::from_articles(copy, Rules::default()));
        build_runs.push(start.elapsed().as_secs_f64() * 1e3);
        match raw_build(corpus.iter()) {
            Ok(ms) => raw_build_runs.push(ms),
            Err(e) => tracing::error!(error = %e, "baseline index did not build"),
        }
    }
    let kb = match built {
        Some(Ok(kb)) => kb,
        Some(Err(e)) => {
            tracing::error!(error = %e, "bench KB did not build");
            return BenchReport::empty(articles, queries);
        }
        None => return BenchReport::empty(articles, queries),
    };
    build_runs.sort_by(f64::total_cmp);
    raw_build_runs.sort_by(f64::total_cmp);
    let (build_ms, raw_build_ms) = (percentile(&build_runs, 0.5), percentile(&raw_build_runs, 0.5));
    let f = kb.index.fields[lang_slot(Lang::En)];
    // A plain tantivy set-up analyses the query with its field's analyser.
    // Escala's fields hold text analysed before indexing, so the baseline
    // parsers map their tokenizer name to the English analyser. The baseline
    // runs the same BM25 query on both indexes, questions and articles.
    let analyzers = TokenizerManager::default();
    analyzers.register(TERMS_TOKENIZER, analyzer(Lang::En));
    let plain = |index: &'_ KindIndex, fields: Vec<Field>| {
        let parser = QueryParser::new(index.searcher.schema().clone(), fields, analyzers.clone());
        (index.searcher.clone(), parser)
    };
    let Some(index) = kb.index.lang(lang_slot(Lang::En)) else {
        return BenchReport::empty(articles, queries);
    };
    let baselines = [plain(&index.questions, vec![f.question]), plain(&index.articles, vec![f.whole, f.body])];
    let (mut ours, mut raw) = (Vec::new(), Vec::new());
    // The first pass warms caches; only the second is timed. Interleaving the
    // two searches exposes both to the same machine noise.
    for pass in 0..2 {
        for q in &texts {
            let t = Instant::now();
            std::hint::black_box(kb.search(q, Some(Lang::En), 3));
            let ours_us = t.elapsed().as_secs_f64() * 1e6;
            let t = Instant::now();
            for (searcher, parser) in &baselines {
                if let Ok(query) = parser.parse_query(q) {
                    std::hint::black_box(searcher.search(&query, &TopDocs::with_limit(3)).ok());
                }
            }
            let raw_us = t.elapsed().as_secs_f64() * 1e6;
            if pass == 1 {
                ours.push(ours_us);
                raw.push(raw_us);
            }
        }
    }
    ours.sort_by(f64::total_cmp);
    raw.sort_by(f64::total_cmp);
    let (kb_p50_us, kb_p99_us) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
    let (raw_p50_us, raw_p99_us) = (percentile(&raw, 0.5), percentile(&raw, 0.99));
    BenchReport {
        articles,
        queries,
        build_ms,
        raw_build_ms,
        build_ratio: build_ms / raw_build_ms.max(f64::EPSILON),
        kb_p50_us,
        kb_p99_us,
        raw_p50_us,
        raw_p99_us,
        ratio_p50: kb_p50_us / raw_p50_us.max(f64::EPSILON),
        ratio_p99: kb_p99_us / raw_p99_us.max(f64::EPSILON),
    }
}

/// Writes a synthetic KB of `articles` English article files under `dir`
/// (`dir/en/aN.md`), the same corpus the search bench indexes, for
/// benchmarks of a whole process (memory, start-up).
pub fn write_synthetic_kb(dir: &std::path::Path, articles: usize) -> std::io::Result<()> {
    let folder = dir.join("en");
    std::fs::create_dir_all(&folder)?;
    for article in synthetic_kb_articles(articles) {
        let questions: String = article.questions.iter().map(|q| format!("  - {q}\n")).collect();
        let text = format!(
            "---\nid: {}\nlang: en\ntitle: {}\nquestions:\n{questions}---\n{}\n",
            article.id, article.title, article.body_markdown
        );
        std::fs::write(folder.join(format!("{}.md", article.id)), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bench_runs_on_a_small_kb_and_reports_both_searches() {
        let report = run_search_bench(50, 20);
        assert_eq!(report.articles, 50);
        assert!(report.kb_p50_us > 0.0 && report.raw_p50_us > 0.0);
        assert!(report.build_ms > 0.0 && report.raw_build_ms > 0.0);
        assert!(report.to_string().contains("ratio"));
    }
}
