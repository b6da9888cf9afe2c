//! The tantivy indexes of each language: one of question documents (one per
//! phrasing; the title counts as one) and one of whole-article documents,
//! in RAM or persisted (see `index_cache`), plus the BM25 statistics that
//! describe each field's own documents and the word weights learned from
//! the phrasings (see `learned`).
//!
//! The two kinds live in separate indexes so that each is built by its own
//! thread into one segment: one index with two indexing threads gives two
//! segments, and searching two segments was ~40 % slower (`escala kb bench`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, Value, FAST, STORED,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{DocAddress, Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::analysis::{push_bigram, CachingAnalyzer};
use super::article::{markdown_to_text, Article};
use super::error::KbError;
use super::learned::{Example, LearnedWeights};
use crate::domain::Lang;

/// The tokenizer of every text field: the text is analysed before indexing
/// (see `analyse_into`), so the index only splits it on spaces.
pub(crate) const TERMS_TOKENIZER: &str = "kb_terms";

/// Fast field holding the index of the document's article.
const ARTICLE: &str = "article";

/// Stored field of the article documents: the markdown an answer sends,
/// read when it is sent rather than held in RAM for every article.
const MARKDOWN: &str = "markdown";

/// Decompressed document-store blocks kept per segment. Bodies are read one
/// per answer; tantivy's default of 100 blocks would hold most of a
/// 10 000-article KB's bodies in RAM again.
const DOC_STORE_BLOCKS: usize = 4;

/// Most indexing memory per index; a language with more text than this
/// holds flushes several segments, merged at the end.
const MAX_WRITER_BUDGET: usize = 64_000_000;

/// Least indexing memory tantivy accepts per indexing thread.
const MIN_WRITER_BUDGET: usize = 15_000_000;

/// The folders of a persisted language index holding each kind.
pub(crate) const QUESTIONS_DIR: &str = "questions";
pub(crate) const ARTICLES_DIR: &str = "articles";

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
    /// Article index: the body's markdown, stored, not searched.
    pub markdown: Field,
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

/// The indexes of one language, built from (or opened on) that language's
/// articles alone, so an edit of a Portuguese article rebuilds only the
/// Portuguese index. Documents name their article by its position among
/// the language's articles.
pub(crate) struct LangIndex {
    /// What the index was built from (see `index_cache::lang_key`): a
    /// reload keeps an index whose key did not change.
    pub key: u64,
    pub questions: KindIndex,
    pub articles: KindIndex,
    /// Per article, its analysed words: tells which query words an article
    /// knows at all, the strongest out-of-scope signal.
    vocab: Vocab,
    /// Per article, its document in `articles`, where its markdown is stored.
    article_docs: Vec<Option<DocAddress>>,
    /// Word weights learned from the phrasings, to re-rank BM25's articles.
    pub learned: LearnedWeights,
}

/// Each article's analysed words as sorted 32-bit hashes, in one flat list:
/// about 4 bytes a word rather than a vector (and its allocation) per article.
#[derive(Default)]
pub(crate) struct Vocab {
    words: Vec<u32>,
    /// Where each article's words end in `words`.
    ends: Vec<u32>,
}

impl Vocab {
    fn push(&mut self, mut article_words: Vec<u32>) {
        article_words.sort_unstable();
        article_words.dedup();
        self.words.extend(article_words);
        self.ends.push(self.words.len() as u32);
    }

    fn of(&self, article: usize) -> &[u32] {
        let start = match article {
            0 => 0,
            n => self.ends.get(n - 1).map_or(self.words.len(), |&e| e as usize),
        };
        let end = self.ends.get(article).map_or(start, |&e| e as usize);
        self.words.get(start..end).unwrap_or_default()
    }

    /// Articles described.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The flat word list and the articles' ends in it, for saving.
    pub(crate) fn parts(&self) -> (&[u32], &[u32]) {
        (&self.words, &self.ends)
    }

    /// The vocabulary saved as `parts`, if they fit together.
    pub(crate) fn from_parts(words: Vec<u32>, ends: Vec<u32>) -> Option<Vocab> {
        let ordered = ends.windows(2).all(|w| w[0] <= w[1]);
        let complete = ends.last().map_or(words.is_empty(), |&last| last as usize == words.len());
        (ordered && complete).then_some(Vocab { words, ends })
    }
}

impl LangIndex {
    /// Whether the language's `article`-th article uses the analysed word
    /// whose [`word_hash`] is `term`.
    pub fn knows(&self, article: usize, term: u32) -> bool {
        self.vocab.of(article).binary_search(&term).is_ok()
    }

    /// Documents of both kinds: the population BM25 sees for this language.
    pub fn num_docs(&self) -> u64 {
        self.questions.searcher.num_docs() + self.articles.searcher.num_docs()
    }

    /// Question documents per article, on average.
    pub fn questions_per_article(&self) -> usize {
        self.questions.searcher.num_docs() as usize / self.vocab.len().max(1)
    }
}

/// Every language's index, shared so a reload keeps the unchanged ones.
pub(crate) struct KbIndex {
    pub fields: [LangFields; 4],
    langs: [Option<Arc<LangIndex>>; 4],
    /// Per language, the KB-wide position of each of its articles.
    members: [Vec<usize>; 4],
}

impl KbIndex {
    pub fn new(langs: [Option<Arc<LangIndex>>; 4], members: [Vec<usize>; 4]) -> KbIndex {
        KbIndex { fields: Lang::ALL.map(|lang| schema(lang).1), langs, members }
    }

    /// The index of the language in slot `slot`, if it has articles.
    pub fn lang(&self, slot: usize) -> Option<&LangIndex> {
        self.langs.get(slot)?.as_deref()
    }

    /// The shared index of slot `slot`, for a reload to keep.
    pub fn shared(&self, slot: usize) -> Option<Arc<LangIndex>> {
        self.langs.get(slot)?.clone()
    }

    /// The position among slot `slot`'s articles of the KB-wide `article`.
    pub fn local(&self, slot: usize, article: usize) -> Option<usize> {
        self.members.get(slot)?.binary_search(&article).ok()
    }

    /// The KB-wide position of the `local`-th article of slot `slot`.
    pub fn member(&self, slot: usize, local: usize) -> Option<usize> {
        self.members.get(slot)?.get(local).copied()
    }
}

fn text_field(schema: &mut SchemaBuilder, name: &str) -> Field {
    let indexing =
        TextFieldIndexing::default().set_tokenizer(TERMS_TOKENIZER).set_index_option(IndexRecordOption::WithFreqs);
    schema.add_text_field(name, TextOptions::default().set_indexing_options(indexing))
}

/// The schema of `lang`'s two indexes. Both list the language's four
/// fields, so a field id means the same in either; each index fills only
/// its own kind's. Only one language's fields: every field costs indexing
/// memory and a norm per document, filled or not.
fn schema(lang: Lang) -> (Schema, LangFields) {
    let mut builder = Schema::builder();
    let fields = LangFields {
        question: text_field(&mut builder, &format!("question_{lang}")),
        bigram: text_field(&mut builder, &format!("bigram_{lang}")),
        whole: text_field(&mut builder, &format!("whole_{lang}")),
        body: text_field(&mut builder, &format!("body_{lang}")),
        markdown: builder.add_text_field(MARKDOWN, STORED),
    };
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
    /// A writer into `dir` (created empty by the caller), or into RAM.
    fn new(schema: Schema, dir: Option<&Path>, budget: usize) -> Result<KindWriter, KbError> {
        let article = schema.get_field(ARTICLE)?;
        let index = match dir {
            Some(dir) => Index::create_in_dir(dir, schema)?,
            None => Index::create_in_ram(schema),
        };
        register_tokenizer(&index);
        // One indexing thread gives one segment: searches walk one posting
        // list per term.
        let writer = index.writer_with_num_threads(1, budget)?;
        // Segments are merged once, at the end, not behind our back.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(KindWriter { index, writer, article, docs_with: HashMap::new() })
    }

    /// Queues a document of article `article` whose fields hold analysed
    /// text, with `stored` text that is kept but not searched.
    fn add(
        &mut self,
        article: usize,
        texts: [(Field, String); 2],
        stored: Option<(Field, &str)>,
    ) -> Result<(), KbError> {
        let mut doc = TantivyDocument::default();
        for (field, text) in texts {
            *self.docs_with.entry(field).or_default() += 1;
            doc.add_text(field, text);
        }
        if let Some((field, text)) = stored {
            doc.add_text(field, text);
        }
        doc.add_u64(self.article, article as u64);
        self.writer.add_document(doc)?;
        Ok(())
    }

    fn finish(mut self) -> Result<KindIndex, KbError> {
        self.writer.commit()?;
        // A budget too small for the language flushes several segments;
        // merged into one, every search walks one posting list per term.
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            self.writer.merge(&segments).wait()?;
        }
        self.writer.wait_merging_threads()?;
        KindIndex::on(&self.index, self.docs_with)
    }
}

impl KindIndex {
    /// The searchable form of a committed index.
    fn on(index: &Index, docs_with: HashMap<Field, u64>) -> Result<KindIndex, KbError> {
        // Manual reloads: a persisted index never changes once written, and
        // the default policy would watch its files with a thread.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_BLOCKS)
            .try_into()?;
        let searcher = reader.searcher();
        let articles =
            searcher.segment_readers().iter().map(|s| s.fast_fields().u64(ARTICLE)).collect::<tantivy::Result<_>>()?;
        Ok(KindIndex { searcher, articles, docs_with })
    }

    /// Opens the index persisted in `dir`, whose field counts were saved
    /// beside it (and whose files the caller checked).
    pub(crate) fn open(dir: &Path, docs_with: HashMap<Field, u64>) -> Result<KindIndex, KbError> {
        let index = Index::open_in_dir(dir)?;
        register_tokenizer(&index);
        KindIndex::on(&index, docs_with)
    }

    /// How many documents fill each field.
    pub(crate) fn field_counts(&self) -> &HashMap<Field, u64> {
        &self.docs_with
    }
}

fn register_tokenizer(index: &Index) {
    index.tokenizers().register(TERMS_TOKENIZER, TextAnalyzer::from(WhitespaceTokenizer::default()));
}

/// Indexing memory for `text_bytes` of source text: tantivy's arena takes
/// several times the text it holds; a smaller budget only costs a merge.
fn writer_budget(text_bytes: usize) -> usize {
    text_bytes.saturating_mul(6).clamp(MIN_WRITER_BUDGET, MAX_WRITER_BUDGET)
}

/// Builds the indexes of one language's `articles` (all in `lang`), whose
/// `index_cache::lang_key` is `key`, into `dir`'s `questions/` and
/// `articles/` folders or into RAM. Blocking, so async callers use
/// `spawn_blocking`.
///
/// This thread analyses the text while the two indexing threads take it in.
pub(crate) fn build_lang(
    lang: Lang,
    articles: &[&Article],
    key: u64,
    dir: Option<&Path>,
) -> Result<LangIndex, KbError> {
    let (schema, f) = schema(lang);
    let text_bytes: usize = articles
        .iter()
        .map(|a| {
            a.title.len() + a.body_markdown.len() + a.questions.iter().chain(&a.tags).map(String::len).sum::<usize>()
        })
        .sum();
    let budget = writer_budget(text_bytes);
    let (question_dir, article_dir) = match dir {
        Some(dir) => {
            let (q, a) = (dir.join(QUESTIONS_DIR), dir.join(ARTICLES_DIR));
            for d in [&q, &a] {
                std::fs::create_dir_all(d).map_err(|e| KbError::io(d, e))?;
            }
            (Some(q), Some(a))
        }
        None => (None, None),
    };
    let mut questions = KindWriter::new(schema.clone(), question_dir.as_deref(), budget)?;
    let mut whole_articles = KindWriter::new(schema, article_dir.as_deref(), budget)?;
    let mut analyzer = CachingAnalyzer::new(lang);
    let mut vocab = Vocab::default();
    let mut examples: Vec<Example> = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        debug_assert_eq!(a.lang, lang);
        // An article from the saved parse carries only its markdown.
        let plain = match a.body_text.as_str() {
            "" => Cow::Owned(markdown_to_text(&a.body_markdown)),
            text => Cow::Borrowed(text),
        };
        // Each text is analysed once, here: the same terms feed the question,
        // bigram, whole-article, vocabulary and learned weights.
        // Analysed text is about as long as its source, bigrams twice that.
        let mut words: Vec<u32> = Vec::with_capacity(plain.len() / 4);
        let asked: usize = a.title.len() + a.questions.iter().map(|q| q.len() + 1).sum::<usize>();
        let mut whole = String::with_capacity(asked + a.tags.iter().map(|t| t.len() + 1).sum::<usize>());
        for question in std::iter::once(&a.title).chain(&a.questions) {
            let (mut terms, mut pairs) =
                (String::with_capacity(question.len()), String::with_capacity(question.len() * 2));
            analyse_into(&mut analyzer, question, &mut terms, Some(&mut pairs), &mut words);
            examples.push(Example { article: i as u32, features: features(terms.split(' '), pairs.split(' ')) });
            join(&mut whole, &terms);
            questions.add(i, [(f.question, terms), (f.bigram, pairs)], None)?;
        }
        for tag in &a.tags {
            analyse_into(&mut analyzer, tag, &mut whole, None, &mut words);
        }
        let mut body = String::with_capacity(plain.len());
        analyse_into(&mut analyzer, &plain, &mut body, None, &mut words);
        vocab.push(words);
        whole_articles.add(i, [(f.whole, whole), (f.body, body)], Some((f.markdown, &a.body_markdown)))?;
    }
    let learned = LearnedWeights::train(examples, articles.len());
    Ok(LangIndex::from_parts(key, questions.finish()?, whole_articles.finish()?, vocab, learned))
}

impl LangIndex {
    /// The parts of an index built or opened from disk.
    pub(crate) fn from_parts(
        key: u64,
        questions: KindIndex,
        articles: KindIndex,
        vocab: Vocab,
        learned: LearnedWeights,
    ) -> LangIndex {
        let mut article_docs = vec![None; vocab.len()];
        for (segment, column) in articles.articles.iter().enumerate() {
            let docs = articles.searcher.segment_reader(segment as u32).max_doc();
            for doc in 0..docs {
                if let Some(slot) = column.first(doc).and_then(|a| article_docs.get_mut(a as usize)) {
                    *slot = Some(DocAddress::new(segment as u32, doc));
                }
            }
        }
        LangIndex { key, questions, articles, vocab, article_docs, learned }
    }

    /// Whether every article has a document holding its body.
    pub(crate) fn has_every_body(&self) -> bool {
        self.article_docs.iter().all(Option::is_some)
    }

    /// The markdown body of the language's `article`-th article, read from
    /// the index's document store.
    pub fn markdown(&self, article: usize) -> Result<String, KbError> {
        let missing = || KbError::IndexDamaged(format!("article {article} has no stored body"));
        let doc = self.article_docs.get(article).copied().flatten().ok_or_else(missing)?;
        let field = self.articles.searcher.schema().get_field(MARKDOWN)?;
        let stored: TantivyDocument = self.articles.searcher.doc(doc)?;
        let text = stored.get_first(field).and_then(|value| value.as_str()).ok_or_else(missing)?;
        Ok(text.to_string())
    }

    /// Each article's words, for saving beside the index.
    pub(crate) fn vocab(&self) -> &Vocab {
        &self.vocab
    }
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
    words: &mut Vec<u32>,
) {
    let mut previous: Option<Range<usize>> = None;
    analyzer.for_each_term(text, |term| {
        // The tokenizer keeps only alphanumeric runs, so no term holds a
        // space that would split it in two inside the index.
        debug_assert!(!term.contains(char::is_whitespace), "analysed term with a space: {term:?}");
        words.push(word_hash(term));
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

/// A 64-bit FNV-1a hash of an analysed word: cheap on short words.
pub(crate) fn term_hash(term: &str) -> u64 {
    term.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The learned-weight features of analysed `terms` and their bigram
/// `pairs`: their [`word_hash`]es, as the vocabularies hold them.
pub(crate) fn features<'a>(terms: impl Iterator<Item = &'a str>, pairs: impl Iterator<Item = &'a str>) -> Vec<u32> {
    terms.chain(pairs).filter(|t| !t.is_empty()).map(word_hash).collect()
}

/// [`term_hash`] folded to 32 bits for the vocabularies: a collision only
/// makes an article seem to know one more word.
pub(crate) fn word_hash(term: &str) -> u32 {
    let hash = term_hash(term);
    (hash ^ (hash >> 32)) as u32
}

/// BM25 statistics per field: tantivy is told the population of both of a
/// language's indexes, so question and article scores share one scale, but
/// each field is filled by fewer documents (a question field only by
/// question documents, a bigram field only by questions of two words or
/// more), so unscaled it would look short and its words rare. Scaling by
/// `all / with_field` restores the per-field figures. It also
/// records the document frequencies it hands out, so the confidence
/// normalisation needs no second term-dictionary lookup.
pub(crate) struct FieldStats<'a> {
    index: &'a KindIndex,
    /// Documents of both indexes: the population tantivy's BM25 sees, so
    /// question and article scores stay on one scale.
    all_docs: u64,
    /// For the question index: the article index and the share of a
    /// question word's document frequency taken from the articles that use
    /// it (see [`FieldStats::by_articles`]).
    by_articles: Option<ByArticles<'a>>,
    seen: RefCell<Vec<(Term, u64)>>,
}

/// Where a question word's frequency among articles comes from.
#[derive(Clone, Copy)]
struct ByArticles<'a> {
    articles: &'a KindIndex,
    question: Field,
    whole: Field,
    share: f32,
}

impl<'a> FieldStats<'a> {
    pub fn new(index: &'a KindIndex, all_docs: u64) -> Self {
        FieldStats { index, all_docs, by_articles: None, seen: RefCell::new(Vec::new()) }
    }

    /// Question statistics whose word frequencies blend, at `share` (0..=1,
    /// geometrically), the question documents holding the word with the
    /// articles using it (scaled to question documents). Phrasings of one
    /// article repeat the words that define it: counted per question, the
    /// word that names an intent looks as common as filler spread thinly
    /// over many articles; counted per article, it is rare.
    pub fn by_articles(mut self, articles: &'a KindIndex, fields: LangFields, share: f32) -> Self {
        if share > 0.0 {
            let share = share.min(1.0);
            self.by_articles = Some(ByArticles { articles, question: fields.question, whole: fields.whole, share });
        }
        self
    }

    fn scale(&self, field: Field) -> f64 {
        let with = self.index.docs_with(field).max(1) as f64;
        self.all_docs as f64 / with
    }

    /// The document frequency of `term` in its own field, blended with its
    /// frequency among articles for a question word.
    fn effective_df(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.index.searcher.doc_freq(term)?;
        let Some(by) = self.by_articles.filter(|by| term.field() == by.question && df > 0) else {
            return Ok(df);
        };
        let value = term.value();
        let Some(text) = value.as_str() else { return Ok(df) };
        let in_articles = by.articles.searcher.doc_freq(&Term::from_field_text(by.whole, text))?.max(1);
        let per_article = self.index.docs_with(by.question) as f64 / by.articles.docs_with(by.whole).max(1) as f64;
        let scaled = in_articles as f64 * per_article;
        let share = f64::from(by.share);
        let blended = (df as f64).powf(1.0 - share) * scaled.powf(share);
        Ok((blended.round() as u64).clamp(1, self.index.docs_with(by.question).max(1)))
    }

    /// Documents of `term`'s field containing it (blended, see `by_articles`).
    pub fn df(&self, term: &Term) -> u64 {
        let recorded = self.seen.borrow().iter().find(|(t, _)| t == term).map(|(_, df)| *df);
        recorded.unwrap_or_else(|| self.effective_df(term).unwrap_or(0))
    }

    /// The idf of a word no document of `field` holds: the most one
    /// query word can weigh.
    pub fn unseen_idf(&self, field: Field) -> f32 {
        let n = self.index.docs_with(field) as f32;
        (1.0 + (n + 0.5) / 0.5).ln()
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
        let df = self.effective_df(term)?;
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
        assert_eq!(words, ["reset", "my", "password", "pleas"].map(word_hash));
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
