//! Specifications of search: the right article, a confidence that means the
//! same for every query, language fallback and the answer/suggest/miss choice.

use std::path::Path;

use super::*;
use crate::kb::{analyze, parse_article, Article, KnowledgeBase, Rules};

fn article(id: &str, lang: &str, title: &str, questions: &[&str], body: &str) -> Article {
    let qs: String = questions.iter().map(|q| format!("  - {q}\n")).collect();
    let text = format!("---\nid: {id}\nlang: {lang}\ntitle: {title}\nquestions:\n{qs}---\n{body}\n");
    parse_article(Path::new(&format!("kb/{lang}/{id}.md")), &text).unwrap()
}

fn kb() -> KnowledgeBase {
    let articles = vec![
        article(
            "reset-password",
            "en",
            "How to reset your password",
            &["I forgot my password", "cannot log in to my account"],
            "Open Settings, then Security, then Reset password.",
        ),
        article(
            "reset-password",
            "pt",
            "Como redefinir a palavra-passe",
            &["esqueci-me da senha", "não consigo entrar na conta"],
            "Abra Definições, Segurança, Redefinir.",
        ),
        article(
            "wifi",
            "en",
            "Wi-Fi does not connect",
            &["my wifi keeps dropping", "no internet on the laptop"],
            "Restart the router and forget the network.",
        ),
        article(
            "invoice",
            "en",
            "Downloading invoices",
            &["where are my invoices", "download a receipt for my payment"],
            "Billing, then Invoices, then Download.",
        ),
        article(
            "printer",
            "es",
            "La impresora no imprime",
            &["mi impresora no funciona", "no puedo imprimir documentos"],
            "Reinicie la impresora.",
        ),
    ];
    KnowledgeBase::from_articles(articles, Rules::default()).unwrap()
}

#[test]
fn a_rephrased_question_finds_its_article_first() {
    let kb = kb();
    let hits = kb.search("I forgot the password of my account", Some(Lang::En), 3);
    assert_eq!(hits[0].article_id, "reset-password");
    assert_eq!(hits[0].lang, Lang::En);
    assert!(!hits[0].fallback_language);
    assert!(hits.iter().all(|h| (0.0..=1.0).contains(&h.confidence)));
    let pt = kb.search("esqueci a minha senha", Some(Lang::Pt), 3);
    assert_eq!((pt[0].article_id.as_str(), pt[0].lang), ("reset-password", Lang::Pt));
}

#[test]
fn an_out_of_scope_question_gets_almost_no_confidence() {
    let kb = kb();
    let best = kb.search("what is the capital of australia", Some(Lang::En), 3).first().map_or(0.0, |h| h.confidence);
    assert!(best < 0.1, "confidence {best}");
    let decision = kb.decide("what is the capital of australia", Some(Lang::En), Thresholds::UNCALIBRATED, 3);
    assert_eq!(decision, Decision::Miss);
}

#[test]
fn a_confident_hit_is_answered_and_middling_ones_suggested() {
    let kb = kb();
    match kb.decide("my wifi keeps dropping", Some(Lang::En), Thresholds::UNCALIBRATED, 3) {
        Decision::Answer(hit) => assert_eq!(hit.article_id, "wifi"),
        other => panic!("expected an answer, got {other:?}"),
    }
    let picky = Thresholds { answer: 1.1, suggest: 0.01 };
    match kb.decide("my wifi keeps dropping", Some(Lang::En), picky, 1) {
        Decision::Suggest(hits) => assert_eq!(hits.len(), 1),
        other => panic!("expected suggestions, got {other:?}"),
    }
}

#[test]
fn a_question_with_no_article_in_its_language_falls_back_to_another() {
    let kb = kb();
    let hits = kb.search("la impresora no imprime documentos", Some(Lang::En), 3);
    assert_eq!(hits[0].article_id, "printer");
    assert_eq!(hits[0].lang, Lang::Es);
    assert!(hits[0].fallback_language);
    let any = kb.search("no puedo imprimir", None, 3);
    assert_eq!(any[0].article_id, "printer");
    assert!(!any[0].fallback_language);
}

#[test]
fn confidence_is_higher_for_a_closer_paraphrase() {
    let kb = kb();
    let exact = kb.search("download a receipt for my payment", Some(Lang::En), 1)[0].confidence;
    let loose = kb.search("receipt for the thing I bought yesterday at the shop", Some(Lang::En), 1)[0].confidence;
    assert!(exact > loose, "{exact} <= {loose}");
}

#[test]
fn a_missing_translation_falls_back_to_english_first() {
    let kb = kb();
    assert_eq!(kb.article("wifi", Lang::Pt).map(|a| a.lang), Some(Lang::En));
    assert_eq!(kb.article("reset-password", Lang::Pt).map(|a| a.lang), Some(Lang::Pt));
    assert_eq!(kb.article("printer", Lang::Ca).map(|a| a.lang), Some(Lang::Es));
    assert!(kb.article("nope", Lang::En).is_none());
    assert_eq!(kb.len(), 5);
    assert_eq!(kb.articles().count(), 5);
}

#[test]
fn empty_and_punctuation_only_queries_find_nothing() {
    let kb = kb();
    assert!(kb.search("", Some(Lang::En), 3).is_empty());
    assert!(kb.search("?!", None, 3).is_empty());
}

#[test]
fn loading_a_broken_kb_is_refused_with_its_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("en")).unwrap();
    std::fs::write(dir.path().join("en/bad.md"), "no front matter").unwrap();
    match KnowledgeBase::load(dir.path()) {
        Err(crate::kb::KbError::Invalid(report)) => assert!(report.has_errors()),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a broken KB loaded"),
    }
}

/// An English-only KB where the best-scoring article (many phrasings of the
/// query's words) knows fewer of the query's words than the runner-up, whose
/// body happens to mention them all.
fn english_only_kb() -> KnowledgeBase {
    let articles = vec![
        article(
            "password",
            "en",
            "Reset your password",
            &["reset my password", "I forgot my password", "change my password", "password reset please"],
            "Go to Settings.",
        ),
        article(
            "router",
            "en",
            "Router is slow",
            &["my router is slow"],
            "How do I fix it? Restart the router; if you forgot its admin password, reset it with the pin.",
        ),
        article("billing", "en", "Billing", &["where is my invoice"], "Download it."),
    ];
    KnowledgeBase::from_articles(articles, Rules::default()).unwrap()
}

#[test]
fn searching_the_only_language_or_all_languages_ranks_the_same() {
    let kb = english_only_kb();
    for query in ["how do I reset my router password", "forgot the router password", "reset password of router admin"] {
        let one = kb.search(query, Some(Lang::En), 3);
        let all = kb.search(query, None, 3);
        assert_eq!(one, all, "{query}");
        assert!(one.windows(2).all(|w| w[0].confidence >= w[1].confidence), "{query}: {one:?}");
    }
}

#[test]
fn searching_both_indexes_with_a_floor_finds_the_top_of_one_search_over_both() {
    let articles = crate::kb::bench::synthetic_kb_articles(2_000);
    let queries: Vec<String> =
        articles.iter().step_by(97).map(|a| a.questions[1].split(' ').take(4).collect::<Vec<_>>().join(" ")).collect();
    let kb = KnowledgeBase::from_articles(articles, Rules::default()).unwrap();
    let fields = kb.index.fields[lang_slot(Lang::En)];
    let index = kb.index.lang(lang_slot(Lang::En)).unwrap();
    let all_docs = index.num_docs();
    let (question_stats, article_stats) =
        (FieldStats::new(&index.questions, all_docs), FieldStats::new(&index.articles, all_docs));
    let depth = 20;
    let mut pruned_any = false;
    for query in &queries {
        let terms = analyze(Lang::En, query);
        let pairs = bigrams(&terms);
        let QueryClauses { on_questions, on_articles, .. } = kb.clauses(&terms, &pairs, fields);
        let pruned = top_of_both(index, on_questions, on_articles, depth, &question_stats, &article_stats);
        // Without the floor: every article document's score, merged.
        let clauses = kb.clauses(&terms, &pairs, fields);
        let questions = top_documents(&index.questions, clauses.on_questions, depth, &question_stats);
        let articles = top_documents(&index.articles, clauses.on_articles, 2_000, &article_stats);
        pruned_any |= articles.len() > depth;
        let mut full: Vec<f32> = questions.iter().chain(&articles).map(|(score, _)| *score).collect();
        full.sort_by(|a, b| b.total_cmp(a));
        full.truncate(depth);
        let scores: Vec<f32> = pruned.iter().map(|(score, _, _)| *score).collect();
        assert_eq!(scores.len(), full.len(), "{query}");
        for (got, want) in scores.iter().zip(&full) {
            assert!((got - want).abs() < 1e-5, "{query}: {scores:?} vs {full:?}");
        }
    }
    assert!(pruned_any, "the queries never had more article hits than the depth, so nothing was pruned");
}

#[test]
fn one_shared_everyday_word_is_never_a_direct_answer() {
    // "time" is rare in this KB (one article) but says nothing about it in
    // a message about football: coverage keeps the confidence low, below
    // the phrasing the article is about and below any answer threshold.
    let articles = vec![
        article("support-hours", "en", "Support hours", &["what time does support open", "opening hours"], "9 to 18."),
        article("wifi", "en", "Wi-Fi does not connect", &["my wifi keeps dropping"], "Restart the router."),
    ];
    let kb = KnowledgeBase::from_articles(articles, Rules::default()).unwrap();
    let confidence = |q: &str| kb.search(q, Some(Lang::En), 1).first().map_or(0.0, |h| h.confidence);
    let on_topic = confidence("what time does support open on saturday");
    let one_word = confidence("what time is the football match tonight");
    assert!(one_word < on_topic / 2.0, "one word {one_word} vs on topic {on_topic}");
    let decision = kb.decide("what time is the football match tonight", Some(Lang::En), Thresholds::UNCALIBRATED, 3);
    assert!(!matches!(decision, Decision::Answer(_)), "{decision:?}");
}

#[test]
fn confidence_grows_with_the_share_of_the_query_the_article_explains() {
    let kb = kb();
    let confidence = |q: &str| kb.search(q, Some(Lang::En), 1).first().map_or(0.0, |h| h.confidence);
    let whole = confidence("download invoices");
    let half = confidence("download invoices for my boat trip to madeira");
    let little = confidence("invoices of the boat trip to madeira with grandma and the dog");
    assert!(whole > half && half > little, "{whole} > {half} > {little}");
}

#[test]
fn an_article_only_in_another_language_beats_a_worse_one_in_the_users_language() {
    // The Spanish user asks about printing; the only printing article is
    // in Spanish here, so make the user Catalan: nothing in Catalan prints,
    // and a Catalan article sharing a word must not win.
    let mut articles = vec![article(
        "printer",
        "es",
        "La impresora no imprime",
        &["mi impresora no funciona", "no puedo imprimir documentos"],
        "Reinicie la impresora.",
    )];
    articles.push(article(
        "documents",
        "ca",
        "Exportar documents",
        &["com exporto els meus documents", "descarregar tots els documents"],
        "Configuració, Exporta.",
    ));
    let kb = KnowledgeBase::from_articles(articles, Rules::default()).unwrap();
    let hits = kb.search("la impresora no imprime documents", Some(Lang::Ca), 3);
    assert_eq!(hits[0].article_id, "printer", "{hits:?}");
    assert!(hits[0].fallback_language, "marked as another language's article");
    assert_eq!(hits[0].lang, Lang::Es);
}

#[test]
fn a_translated_article_is_shown_in_the_users_language_with_its_title() {
    let kb = kb();
    // English words, Portuguese user: the article exists in Portuguese.
    let hits = kb.search("I forgot my password", Some(Lang::Pt), 3);
    assert_eq!((hits[0].article_id.as_str(), hits[0].lang), ("reset-password", Lang::Pt));
    assert_eq!(hits[0].title, "Como redefinir a palavra-passe");
    assert!(!hits[0].fallback_language);
}

#[test]
fn one_word_alone_is_less_evidence_than_a_phrase_about_the_same_article() {
    // "invoices" alone is wholly explained by the invoice article, yet it
    // says less than a phrase that matches it on several words.
    let kb = kb();
    let hit = |q: &str| kb.search(q, Some(Lang::En), 1).into_iter().next().unwrap();
    let (word, phrase) = (hit("invoices"), hit("download my invoices"));
    assert_eq!((word.article_id.as_str(), phrase.article_id.as_str()), ("invoice", "invoice"));
    assert!(word.confidence < phrase.confidence, "{} vs {}", word.confidence, phrase.confidence);
    assert!(word.confidence < 0.5, "one word is never near certainty: {}", word.confidence);
}

#[test]
fn hits_of_equal_confidence_keep_their_ranking() {
    // A lower hit's confidence is capped at the one above it; the cap must
    // not hand the tie to whichever article id sorts first.
    let hit = |id: &str, lang: Lang, fallback_language: bool| Hit {
        article_id: id.to_string(),
        lang,
        title: id.to_string(),
        confidence: 0.3,
        fallback_language,
    };
    let ranked = ranked_across_languages(
        vec![(hit("zeta", Lang::En, false), 0), (hit("alpha", Lang::En, false), 1), (hit("beta", Lang::Pt, true), 0)],
        3,
    );
    let ids: Vec<&str> = ranked.iter().map(|h| h.article_id.as_str()).collect();
    assert_eq!(ids, ["zeta", "alpha", "beta"], "rank within the language, the user's language first");
}

#[test]
fn a_word_every_phrasing_of_one_article_repeats_weighs_more_by_articles_than_by_questions() {
    // "pto" names one article and all its phrasings repeat it; "please" is
    // filler, once in each of three articles. Counted over question
    // documents "pto" looks four times as common as "please"; counted over
    // the articles that use them it is the rarer of the two.
    let articles = vec![
        article("pto", "en", "PTO balance", &["how much pto is left", "pto days", "check my pto", "pto request"], "."),
        article("wifi", "en", "Wi-Fi", &["wifi drops please help"], "."),
        article("printer", "en", "Printer", &["printer jams please"], "."),
        article("vpn", "en", "VPN", &["vpn please"], "."),
    ];
    let kb = KnowledgeBase::from_articles(articles, Rules::default()).unwrap();
    let fields = kb.index.fields[lang_slot(Lang::En)];
    let index = kb.index.lang(lang_slot(Lang::En)).unwrap();
    let term = |w: &str| Term::from_field_text(fields.question, w);
    let (pto, please) = (term("pto"), term("pleas"));
    let by_questions = FieldStats::new(&index.questions, index.num_docs());
    assert!(by_questions.idf(&pto) < by_questions.idf(&please), "per question, pto is the commoner word");
    let by_articles = FieldStats::new(&index.questions, index.num_docs()).by_articles(&index.articles, fields, 1.0);
    assert!(by_articles.idf(&pto) > by_articles.idf(&please), "per article, pto is the rarer word");
    let blended = FieldStats::new(&index.questions, index.num_docs()).by_articles(&index.articles, fields, 0.5);
    let between = blended.idf(&pto);
    assert!(by_questions.idf(&pto) < between && between < by_articles.idf(&pto), "a share of 0.5 lies between");
    assert!(Tuning::default().class_idf > 0.0, "the bot's searches blend both counts");
}

#[test]
fn what_the_phrasings_teach_separates_articles_word_rarity_alone_cannot() {
    // Both articles use "bill"; "water" is in one phrasing of the due-date
    // article; every phrasing of paying repeats "pay". BM25 weighs words by
    // rarity and finds the two equally likely for "pay the water bill";
    // the learned weights know "pay" is what tells them apart.
    let articles = vec![
        article(
            "pay-bill",
            "en",
            "Pay a bill",
            &[
                "pay my bill",
                "pay the electricity bill",
                "pay a bill online",
                "pay the gas bill",
                "how to pay",
                "pay bill by card",
                "i want to pay",
            ],
            ".",
        ),
        article(
            "bill-due",
            "en",
            "When a bill is due",
            &[
                "when is my bill due",
                "water bill due date",
                "bill due soon",
                "due date of the bill",
                "bill deadline",
                "is the phone bill late",
            ],
            ".",
        ),
        article("card", "en", "Card declined", &["my card was declined", "card not working online"], "."),
    ];
    let rarity_only = KnowledgeBase::from_articles(articles.clone(), Rules::default())
        .unwrap()
        .with_tuning(Tuning { learned: 0.0, ..Tuning::default() });
    let kb = KnowledgeBase::from_articles(articles, Rules::default()).unwrap();
    let query = "pay the water bill";
    let confidences = |kb: &KnowledgeBase| -> Vec<(String, f32)> {
        kb.search(query, Some(Lang::En), 2).into_iter().map(|h| (h.article_id, h.confidence)).collect()
    };
    let alone = confidences(&rarity_only);
    assert_eq!(alone[0].1, alone[1].1, "BM25 alone cannot tell them apart: {alone:?}");
    let learned = confidences(&kb);
    assert_eq!(learned[0].0, "pay-bill");
    assert!(learned[0].1 > 1.5 * learned[1].1, "{learned:?}");
    // The other article's own words still find it first.
    assert_eq!(kb.search("when is the water bill due", Some(Lang::En), 1)[0].article_id, "bill-due");
}
