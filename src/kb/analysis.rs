//! Per-language text analysis shared by indexing and querying, so that
//! "senhas" finds "senha" and "contraseña" finds "contrasena".

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TextAnalyzerBuilder, Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::domain::Lang;

/// Tokens longer than this are base64, hashes or URLs, never words a user types.
const MAX_TOKEN_BYTES: usize = 40;

/// Builds the analyser of `lang`: lower-case, stem, then fold accents. Stemming
/// runs before folding because the Snowball stemmers expect accented input.
pub(crate) fn analyzer(lang: Lang) -> TextAnalyzer {
    word_steps(words(), lang)
}

/// Splits text into lower-cased words, dropping the overlong ones.
fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
}

/// Adds the steps that work on one word at a time, after `tokens`.
fn word_steps<T: Tokenizer>(tokens: TextAnalyzerBuilder<T>, lang: Lang) -> TextAnalyzer {
    let stemmer = match lang {
        Lang::Pt => Language::Portuguese,
        Lang::Es => Language::Spanish,
        Lang::En => Language::English,
        // Tantivy has no Catalan Snowball stemmer; a light plural/gender
        // stripper gives most of the benefit. It folds first so that "sessió"
        // and the often typed "sessio" lose the same suffix.
        Lang::Ca => return tokens.filter(AsciiFoldingFilter).filter(CatalanStemmer).build(),
    };
    tokens.filter(Stemmer::new(stemmer)).filter(AsciiFoldingFilter).build()
}

/// The analyser of one language for many texts, as when indexing a KB: it
/// remembers each word's analysed form, because a KB repeats the same few
/// thousand words and stemming is the costliest step of analysis. Gives the
/// same terms as [`analyzer`].
pub(crate) struct CachingAnalyzer {
    words: TextAnalyzer,
    word_steps: TextAnalyzer,
    done: HashMap<String, String>,
}

impl CachingAnalyzer {
    pub fn new(lang: Lang) -> CachingAnalyzer {
        CachingAnalyzer {
            words: words().build(),
            word_steps: word_steps(TextAnalyzer::builder(RawTokenizer::default()), lang),
            done: HashMap::new(),
        }
    }

    /// Calls `each` with the analysed terms of `text`, in order.
    pub fn for_each_term(&mut self, text: &str, mut each: impl FnMut(&str)) {
        let CachingAnalyzer { words, word_steps, done } = self;
        let mut stream = words.token_stream(text);
        while let Some(word) = stream.next() {
            if let Some(term) = done.get(&word.text) {
                each(term);
                continue;
            }
            // The word steps map one word to exactly one term.
            let mut steps = word_steps.token_stream(&word.text);
            let term = if steps.advance() { steps.token().text.clone() } else { word.text.clone() };
            each(&term);
            done.insert(word.text.clone(), term);
        }
    }
}

thread_local! {
    /// Each thread's analysers: analysing needs them mutable, and building
    /// one per query would allocate every filter of its chain.
    static ANALYZERS: RefCell<[TextAnalyzer; 4]> = RefCell::new(Lang::ALL.map(analyzer));
}

/// The analysed terms of `text` in `lang`, in order.
pub fn analyze(lang: Lang, text: &str) -> Vec<String> {
    ANALYZERS.with_borrow_mut(|analyzers| analyze_with(&mut analyzers[lang_slot(lang)], text))
}

fn analyze_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Word bigrams of analysed terms, joined with `_` (never produced by the
/// tokenizer, so a bigram cannot collide with a word).
pub(crate) fn bigrams(terms: &[String]) -> Vec<String> {
    terms.windows(2).map(|w| bigram(&w[0], &w[1])).collect()
}

/// The bigram term of two neighbouring analysed terms.
pub(crate) fn bigram(first: &str, second: &str) -> String {
    let mut pair = String::with_capacity(first.len() + 1 + second.len());
    push_bigram(&mut pair, first, second);
    pair
}

/// Appends the bigram term of `first` and `second` to `out`.
pub(crate) fn push_bigram(out: &mut String, first: &str, second: &str) {
    out.push_str(first);
    out.push('_');
    out.push_str(second);
}

/// Strips Catalan plural and gender endings of folded words: contrasenyes and
/// contrasenya → contraseny, configuracions and configuracio → configurac.
fn catalan_stem(word: &mut String) {
    const SUFFIXES: [&str; 8] = ["ions", "io", "ues", "es", "s", "a", "e", "o"];
    for suffix in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= 3 {
                let keep = stem.len();
                word.truncate(keep);
                return;
            }
        }
    }
}

#[derive(Clone)]
struct CatalanStemmer;

impl TokenFilter for CatalanStemmer {
    type Tokenizer<T: Tokenizer> = CatalanStemmerFilter<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> CatalanStemmerFilter<T> {
        CatalanStemmerFilter(tokenizer)
    }
}

#[derive(Clone)]
struct CatalanStemmerFilter<T>(T);

impl<T: Tokenizer> Tokenizer for CatalanStemmerFilter<T> {
    type TokenStream<'a> = CatalanStemmerStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CatalanStemmerStream(self.0.token_stream(text))
    }
}

struct CatalanStemmerStream<T>(T);

impl<T: TokenStream> TokenStream for CatalanStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        catalan_stem(&mut self.0.token_mut().text);
        true
    }
    fn token(&self) -> &Token {
        self.0.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// The position of a language in per-language arrays (fields, analysers).
pub(crate) fn lang_slot(lang: Lang) -> usize {
    match lang {
        Lang::Pt => 0,
        Lang::Es => 1,
        Lang::Ca => 2,
        Lang::En => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(lang: Lang, a: &str, b: &str) {
        assert_eq!(analyze(lang, a), analyze(lang, b), "{lang}: {a} vs {b}");
    }

    #[test]
    fn portuguese_plurals_and_accents_match() {
        same(Lang::Pt, "senhas", "senha");
        same(Lang::Pt, "Configurações", "configuração");
    }

    #[test]
    fn spanish_plurals_and_accents_match() {
        same(Lang::Es, "contraseñas", "contraseña");
        same(Lang::Es, "Sesión", "sesion");
    }

    #[test]
    fn english_inflections_match() {
        same(Lang::En, "passwords", "password");
        same(Lang::En, "Resetting", "reset");
    }

    #[test]
    fn catalan_plurals_and_accents_match() {
        same(Lang::Ca, "contrasenyes", "contrasenya");
        same(Lang::Ca, "configuració", "configuracions");
        same(Lang::Ca, "Sessió", "sessio");
    }

    #[test]
    fn the_caching_analyser_gives_the_plain_analysers_terms() {
        let text = "Não consigo entrar: as senhas, SENHAS e Configurações! Contraseñas olvidadas; \
                    les contrasenyes i la sessió; resetting passwords ½ ﬀ Ⅻ x1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for lang in Lang::ALL {
            let mut caching = CachingAnalyzer::new(lang);
            for _ in 0..2 {
                // The second pass answers every word from the cache.
                let mut terms = Vec::new();
                caching.for_each_term(text, |t| terms.push(t.to_string()));
                assert_eq!(terms, analyze(lang, text), "{lang}");
            }
        }
    }

    #[test]
    fn bigrams_join_neighbouring_terms() {
        let terms = analyze(Lang::En, "reset my password");
        assert_eq!(bigrams(&terms), vec!["reset_my", "my_password"]);
    }
}
