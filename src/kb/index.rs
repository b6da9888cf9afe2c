//! The in-RAM tantivy index: one document per question (the title counts as
//! one) and one per whole article, in per-language fields, plus the BM25
//! statistics that keep the two kinds of document from skewing each other.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{PreTokenizedString, TextAnalyzer, Token, TokenStream};
use tantivy::{Index, Searcher, TantivyDocument, Term};

use super::analysis::{analyzer, bigram, register_analyzers, tokenizer_name};
use super::article::Article;
use super::error::KbError;
use crate::domain::Lang;

/// Fast field holding `article index * 2 + kind`.
const CODE: &str = "code";
pub(crate) const KIND_QUESTION: u64 = 0;
pub(crate) const KIND_ARTICLE: u64 = 1;

/// The fields of one language; a document only fills its own language's.
#[derive(Clone, Copy)]
pub(crate) struct LangFields {
    /// One question (or the title) per document.
    pub question: Field,
    /// Word bigrams of that question.
    pub bigram: Field,
    /// Whole article: title, tags and every question.
    pub whole: Field,
    /// Whole article: the body text.
    pub body: Field,
}

pub(crate) struct KbIndex {
    pub searcher: Searcher,
    pub fields: [LangFields; 4],
    /// The `code` column of each segment, opened once instead of per query.
    codes: Vec<Column<u64>>,
    /// Per article, sorted hashes of its analysed words: tells which query
    /// words an article knows at all, the strongest out-of-scope signal.
    vocab: Vec<Vec<u64>>,
    /// How many documents fill each field, to correct BM25 statistics.
    docs_with: HashMap<Field, u64>,
}

fn text_field(schema: &mut tantivy::schema::SchemaBuilder, name: &str, tokenizer: &str) -> Field {
    let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqs);
    schema.add_text_field(name, TextOptions::default().set_indexing_options(indexing))
}

pub(crate) fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Pt => 0,
        Lang::Es => 1,
        Lang::Ca => 2,
        Lang::En => 3,
    }
}

fn schema() -> (Schema, [LangFields; 4]) {
    let mut builder = Schema::builder();
    let fields = Lang::ALL.map(|lang| {
        let tok = tokenizer_name(lang);
        LangFields {
            question: text_field(&mut builder, &format!("question_{lang}"), tok),
            bigram: text_field(&mut builder, &format!("bigram_{lang}"), "whitespace"),
            whole: text_field(&mut builder, &format!("whole_{lang}"), tok),
            body: text_field(&mut builder, &format!("body_{lang}"), tok),
        }
    });
    builder.add_u64_field(CODE, FAST);
    (builder.build(), fields)
}

/// Builds the index; blocking, so async callers use `spawn_blocking`.
pub(crate) fn build(articles: &[Article]) -> Result<KbIndex, KbError> {
    let (schema, fields) = schema();
    let code = schema.get_field(CODE)?;
    let index = Index::create_in_ram(schema);
    register_analyzers(index.tokenizers());
    // One indexing thread gives one segment: searches walk one posting list
    // per term (measured ~20 % faster than two segments), and the build does
    // not compete with the bot's reactor threads. Two threads plus a merge
    // took as long as one.
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 64_000_000)?;
    let mut analyzers = Lang::ALL.map(analyzer);
    let mut docs_with: HashMap<Field, u64> = HashMap::new();
    let mut vocab = Vec::with_capacity(articles.len());
    let count = |docs_with: &mut HashMap<Field, u64>, fields: &[Field]| {
        for f in fields {
            *docs_with.entry(*f).or_default() += 1;
        }
    };
    for (i, a) in articles.iter().enumerate() {
        let f = fields[lang_slot(a.lang)];
        let analyzer = &mut analyzers[lang_slot(a.lang)];
        let base = i as u64 * 2;
        // Each text is analysed once and handed to tantivy pre-tokenized: the
        // same tokens feed the question, bigram, whole-article and vocabulary.
        let mut whole: Vec<Token> = Vec::new();
        for question in std::iter::once(&a.title).chain(&a.questions) {
            let tokens = tokens(analyzer, question);
            let pairs = bigram_tokens(&tokens);
            whole.extend(tokens.iter().cloned());
            let mut doc = TantivyDocument::default();
            doc.add_pre_tokenized_text(f.question, pre(tokens));
            doc.add_pre_tokenized_text(f.bigram, pre(pairs));
            doc.add_u64(code, base + KIND_QUESTION);
            writer.add_document(doc)?;
            count(&mut docs_with, &[f.question, f.bigram]);
        }
        for tag in &a.tags {
            whole.extend(tokens(analyzer, tag));
        }
        let body = tokens(analyzer, &a.body_text);
        let mut words: Vec<u64> = whole.iter().chain(&body).map(|t| term_hash(&t.text)).collect();
        words.sort_unstable();
        words.dedup();
        vocab.push(words);
        for (position, token) in whole.iter_mut().enumerate() {
            token.position = position;
        }
        let mut doc = TantivyDocument::default();
        doc.add_pre_tokenized_text(f.whole, pre(whole));
        doc.add_pre_tokenized_text(f.body, pre(body));
        doc.add_u64(code, base + KIND_ARTICLE);
        writer.add_document(doc)?;
        count(&mut docs_with, &[f.whole, f.body]);
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let codes = searcher.segment_readers().iter().map(|s| s.fast_fields().u64(CODE)).collect::<tantivy::Result<_>>()?;
    Ok(KbIndex { searcher, fields, codes, vocab, docs_with })
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.clone());
    }
    out
}

/// The bigram terms of a question as tokens, built from its analysed tokens
/// instead of joining them into text for the whitespace tokenizer to split.
fn bigram_tokens(tokens: &[Token]) -> Vec<Token> {
    tokens
        .windows(2)
        .enumerate()
        .map(|(position, w)| Token { position, text: bigram(&w[0].text, &w[1].text), ..Token::default() })
        .collect()
}

/// Fields are indexed, never stored, so the original text is not kept.
fn pre(tokens: Vec<Token>) -> PreTokenizedString {
    PreTokenizedString { text: String::new(), tokens }
}

pub(crate) fn term_hash(term: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    term.hash(&mut h);
    h.finish()
}

impl KbIndex {
    /// `article index * 2 + kind` of a matched document.
    pub fn code(&self, doc: tantivy::DocAddress) -> Option<u64> {
        self.codes.get(doc.segment_ord as usize)?.first(doc.doc_id)
    }

    /// Whether article `article` uses the analysed word whose hash is `term`.
    pub fn knows(&self, article: usize, term: u64) -> bool {
        self.vocab.get(article).is_some_and(|v| v.binary_search(&term).is_ok())
    }

    /// Documents that fill `field`: the population its BM25 statistics describe.
    pub fn docs_with(&self, field: Field) -> u64 {
        self.docs_with.get(&field).copied().unwrap_or(0)
    }
}

/// BM25 statistics per kind of document: tantivy averages field lengths and
/// computes idf over every document in the index, so without this a question
/// field would look short because whole-article documents lack it (and vice
/// versa). Scaling by `all / with_field` restores the per-kind figures. It
/// also records the document frequencies it hands out, so the confidence
/// normalisation needs no second term-dictionary lookup.
pub(crate) struct PerKindStats<'a> {
    index: &'a KbIndex,
    seen: RefCell<Vec<(Term, u64)>>,
}

impl<'a> PerKindStats<'a> {
    pub fn new(index: &'a KbIndex) -> Self {
        PerKindStats { index, seen: RefCell::new(Vec::new()) }
    }

    fn scale(&self, field: Field) -> f64 {
        let with = self.index.docs_with(field).max(1) as f64;
        self.index.searcher.num_docs() as f64 / with
    }

    /// Documents of `term`'s field containing it.
    pub fn df(&self, term: &Term) -> u64 {
        let recorded = self.seen.borrow().iter().find(|(t, _)| t == term).map(|(_, df)| *df);
        recorded.unwrap_or_else(|| self.index.searcher.doc_freq(term).unwrap_or(0))
    }

    /// Tantivy's BM25 idf of `term` over the documents that fill its field.
    pub fn idf(&self, term: &Term) -> f32 {
        let df = self.df(term) as f32;
        let n = self.index.docs_with(term.field()) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }
}

impl Bm25StatisticsProvider for PerKindStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = Bm25StatisticsProvider::total_num_tokens(&self.index.searcher, field)?;
        Ok((tokens as f64 * self.scale(field)).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.index.searcher.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.index.searcher.doc_freq(term)?;
        self.seen.borrow_mut().push((term.clone(), df));
        let scaled = (df as f64 * self.scale(term.field())).round() as u64;
        Ok(scaled.min(self.index.searcher.num_docs()))
    }
}
