//! The in-RAM tantivy indexes: one of question documents (one per phrasing;
//! the title counts as one) and one of whole-article documents, in
//! per-language fields, plus the BM25 statistics that keep the languages
//! from skewing each other.
//!
//! The two kinds live in separate indexes so that each is built by its own
//! thread into one segment: one index with two indexing threads gives two
//! segments, and searching two segments was ~40 % slower (`escala kb bench`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use tantivy::columnar::Column;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{DocAddress, Index, IndexWriter, Searcher, TantivyDocument, Term};

use super::analysis::{lang_slot, push_bigram, CachingAnalyzer};
use super::article::Article;
use super::error::KbError;
use crate::domain::Lang;

/// The tokenizer of every text field: the text is analysed before indexing
/// (see `analyse_into`), so the index only splits it on spaces.
pub(crate) const TERMS_TOKENIZER: &str = "kb_terms";

/// Fast field holding the index of the document's article.
const ARTICLE: &str = "article";

/// Indexing memory per index. A smaller budget flushes more than one segment
/// on a 10 000-article KB, which makes every search slower.
const WRITER_BUDGET: usize = 64_000_000;

/// The fields of one language; a document only fills its own language's.
#[derive(Clone, Copy)]
pub(crate) struct LangFields {
    /// Question index: one question (or the title) per document.
    pub question: Field,
    /// Question index: word bigrams of that question.
    pub bigram: Field,
    /// Article index: title, tags and every question.
    pub whole: Field,
    /// Article index: the body text.
    pub body: Field,
}

impl LangFields {
    /// Whether `field` belongs to the question index.
    pub fn in_questions(&self, field: Field) -> bool {
        field == self.question || field == self.bigram
    }
}

/// One kind of document, searchable.
pub(crate) struct KindIndex {
    pub searcher: Searcher,
    /// The article column of each segment, opened once instead of per query.
    articles: Vec<Column<u64>>,
    /// How many documents fill each field, to correct BM25 statistics.
    docs_with: HashMap<Field, u64>,
}

impl KindIndex {
    /// The article index of a matched document.
    pub fn article(&self, doc: DocAddress) -> Option<usize> {
        self.articles.get(doc.segment_ord as usize)?.first(doc.doc_id).map(|a| a as usize)
    }

    /// Documents that fill `field`: the population its BM25 statistics describe.
    pub fn docs_with(&self, field: Field) -> u64 {
        self.docs_with.get(&field).copied().unwrap_or(0)
    }
}

pub(crate) struct KbIndex {
    pub questions: KindIndex,
    pub articles: KindIndex,
    pub fields: [LangFields; 4],
    /// Per article, sorted hashes of its analysed words: tells which query
    /// words an article knows at all, the strongest out-of-scope signal.
    vocab: Vec<Vec<u64>>,
}

impl KbIndex {
    /// Whether article `article` uses the analysed word whose hash is `term`.
    pub fn knows(&self, article: usize, term: u64) -> bool {
        self.vocab.get(article).is_some_and(|v| v.binary_search(&term).is_ok())
    }

    /// Documents of both kinds.
    pub fn num_docs(&self) -> u64 {
        self.questions.searcher.num_docs() + self.articles.searcher.num_docs()
    }

    /// Question documents per article, on average.
    pub fn questions_per_article(&self) -> usize {
        self.questions.searcher.num_docs() as usize / self.vocab.len().max(1)
    }
}

fn text_field(schema: &mut SchemaBuilder, name: &str) -> Field {
    let indexing =
        TextFieldIndexing::default().set_tokenizer(TERMS_TOKENIZER).set_index_option(IndexRecordOption::WithFreqs);
    schema.add_text_field(name, TextOptions::default().set_indexing_options(indexing))
}

/// The two schemas. Both list every field, so a field id means the same in
/// either; each index fills only its own kind's fields.
fn schema() -> (Schema, [LangFields; 4]) {
    let mut builder = Schema::builder();
    let fields = Lang::ALL.map(|lang| LangFields {
        question: text_field(&mut builder, &format!("question_{lang}")),
        bigram: text_field(&mut builder, &format!("bigram_{lang}")),
        whole: text_field(&mut builder, &format!("whole_{lang}")),
        body: text_field(&mut builder, &format!("body_{lang}")),
    });
    builder.add_u64_field(ARTICLE, FAST);
    (builder.build(), fields)
}

/// An index being filled by its own indexing thread.
struct KindWriter {
    index: Index,
    writer: IndexWriter,
    article: Field,
    docs_with: HashMap<Field, u64>,
}

impl KindWriter {
    fn new(schema: Schema) -> Result<KindWriter, KbError> {
        let article = schema.get_field(ARTICLE)?;
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TERMS_TOKENIZER, TextAnalyzer::from(WhitespaceTokenizer::default()));
        // One indexing thread gives one segment: searches walk one posting
        // list per term.
        let writer = index.writer_with_num_threads(1, WRITER_BUDGET)?;
        Ok(KindWriter { index, writer, article, docs_with: HashMap::new() })
    }

    /// Queues a document of article `article` whose fields hold analysed text.
    fn add(&mut self, article: usize, texts: [(Field, String); 2]) -> Result<(), KbError> {
        let mut doc = TantivyDocument::default();
        for (field, text) in texts {
            *self.docs_with.entry(field).or_default() += 1;
            doc.add_text(field, text);
        }
        doc.add_u64(self.article, article as u64);
        self.writer.add_document(doc)?;
        Ok(())
    }

    fn finish(mut self) -> Result<KindIndex, KbError> {
        self.writer.commit()?;
        let searcher = self.index.reader()?.searcher();
        let articles =
            searcher.segment_readers().iter().map(|s| s.fast_fields().u64(ARTICLE)).collect::<tantivy::Result<_>>()?;
        Ok(KindIndex { searcher, articles, docs_with: self.docs_with })
    }
}

/// Builds the indexes; blocking, so async callers use `spawn_blocking`.
///
/// This thread analyses the text while the two indexing threads take it in.
pub(crate) fn build(articles: &[Article]) -> Result<KbIndex, KbError> {
    let (schema, fields) = schema();
    let mut questions = KindWriter::new(schema.clone())?;
    let mut whole_articles = KindWriter::new(schema)?;
    let mut analyzers = Lang::ALL.map(CachingAnalyzer::new);
    let mut vocab = Vec::with_capacity(articles.len());
    for (i, a) in articles.iter().enumerate() {
        let f = fields[lang_slot(a.lang)];
        let analyzer = &mut analyzers[lang_slot(a.lang)];
        // Each text is analysed once, here: the same terms feed the question,
        // bigram, whole-article and vocabulary.
        // Analysed text is about as long as its source, bigrams twice that.
        let mut words: Vec<u64> = Vec::with_capacity(a.body_text.len() / 4);
        let asked: usize = a.title.len() + a.questions.iter().map(|q| q.len() + 1).sum::<usize>();
        let mut whole = String::with_capacity(asked + a.tags.iter().map(|t| t.len() + 1).sum::<usize>());
        for question in std::iter::once(&a.title).chain(&a.questions) {
            let (mut terms, mut pairs) =
                (String::with_capacity(question.len()), String::with_capacity(question.len() * 2));
            analyse_into(analyzer, question, &mut terms, Some(&mut pairs), &mut words);
            join(&mut whole, &terms);
            questions.add(i, [(f.question, terms), (f.bigram, pairs)])?;
        }
        for tag in &a.tags {
            analyse_into(analyzer, tag, &mut whole, None, &mut words);
        }
        let mut body = String::with_capacity(a.body_text.len());
        analyse_into(analyzer, &a.body_text, &mut body, None, &mut words);
        words.sort_unstable();
        words.dedup();
        vocab.push(words);
        whole_articles.add(i, [(f.whole, whole), (f.body, body)])?;
    }
    Ok(KbIndex { questions: questions.finish()?, articles: whole_articles.finish()?, fields, vocab })
}

/// Appends `text`'s analysed terms to `terms`, space-separated, their word
/// bigrams to `pairs` when given, and their hashes to `words`.
///
/// Tantivy gets text already analysed and only splits it on spaces: its
/// pre-tokenized documents go through JSON on the way to the indexing
/// thread, which cost more than the indexing itself.
fn analyse_into(
    analyzer: &mut CachingAnalyzer,
    text: &str,
    terms: &mut String,
    mut pairs: Option<&mut String>,
    words: &mut Vec<u64>,
) {
    let mut previous: Option<Range<usize>> = None;
    analyzer.for_each_term(text, |term| {
        // The tokenizer keeps only alphanumeric runs, so no term holds a
        // space that would split it in two inside the index.
        debug_assert!(!term.contains(char::is_whitespace), "analysed term with a space: {term:?}");
        words.push(term_hash(term));
        join(terms, term);
        let current = terms.len() - term.len()..terms.len();
        if let (Some(pairs), Some(previous)) = (pairs.as_deref_mut(), previous.take()) {
            if !pairs.is_empty() {
                pairs.push(' ');
            }
            push_bigram(pairs, &terms[previous], term);
        }
        previous = Some(current);
    });
}

/// Appends `part` to the space-separated `text`.
fn join(text: &mut String, part: &str) {
    if part.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(part);
}

/// A 64-bit FNV-1a hash of an analysed word: cheap on short words, and a
/// collision only makes an article seem to know one more word.
pub(crate) fn term_hash(term: &str) -> u64 {
    term.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// BM25 statistics per language: tantivy averages field lengths and computes
/// idf over every document of the index, so without this a Portuguese field
/// would look short and its words rare because English documents lack it.
/// Scaling by `all / with_field` restores the per-field figures. It also
/// records the document frequencies it hands out, so the confidence
/// normalisation needs no second term-dictionary lookup.
pub(crate) struct FieldStats<'a> {
    index: &'a KindIndex,
    /// Documents of both indexes: the population tantivy's BM25 sees, so
    /// question and article scores stay on one scale.
    all_docs: u64,
    seen: RefCell<Vec<(Term, u64)>>,
}

impl<'a> FieldStats<'a> {
    pub fn new(index: &'a KindIndex, all_docs: u64) -> Self {
        FieldStats { index, all_docs, seen: RefCell::new(Vec::new()) }
    }

    fn scale(&self, field: Field) -> f64 {
        let with = self.index.docs_with(field).max(1) as f64;
        self.all_docs as f64 / with
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

impl Bm25StatisticsProvider for FieldStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = Bm25StatisticsProvider::total_num_tokens(&self.index.searcher, field)?;
        Ok((tokens as f64 * self.scale(field)).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.all_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.index.searcher.doc_freq(term)?;
        self.seen.borrow_mut().push((term.clone(), df));
        let scaled = (df as f64 * self.scale(term.field())).round() as u64;
        Ok(scaled.min(self.all_docs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysed_text_joins_terms_and_their_bigrams_with_spaces() {
        let mut analyzer = CachingAnalyzer::new(Lang::En);
        let (mut terms, mut pairs, mut words) = (String::new(), String::new(), Vec::new());
        analyse_into(&mut analyzer, "Resetting my passwords, please!", &mut terms, Some(&mut pairs), &mut words);
        assert_eq!(terms, "reset my password pleas");
        assert_eq!(pairs, "reset_my my_password password_pleas");
        assert_eq!(words, ["reset", "my", "password", "pleas"].map(term_hash));
    }

    #[test]
    fn no_analysed_term_holds_a_space_whatever_the_input() {
        // Folding turns some symbols into several characters; none of them
        // may be a space, or the index would split one term in two.
        let text = "½ ⑴ ﬀ ǆ Ⅻ ⒜ 🄰 ‐ ⁅ x\u{a0}y x\u{2009}y ｆｕｌｌ";
        for lang in Lang::ALL {
            let (mut terms, mut words) = (String::new(), Vec::new());
            analyse_into(&mut CachingAnalyzer::new(lang), text, &mut terms, None, &mut words);
            assert_eq!(terms.split(' ').count(), words.len(), "{lang}: {terms:?}");
        }
    }
}
