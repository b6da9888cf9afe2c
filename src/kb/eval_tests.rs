//! Specifications of the evaluation maths on hand-computed fixtures.

use super::*;

fn o(rank: Option<usize>, confidence: f32, out_of_scope: bool) -> Outcome {
    Outcome { rank, confidence, out_of_scope }
}

#[test]
fn the_threshold_keeps_95_percent_of_in_scope_questions() {
    // Confidences 0.05, 0.10, … 1.00: keeping 19 of 20 puts the bar at 0.10.
    let outcomes: Vec<_> = (1..=20).map(|k| o(Some(0), k as f32 * 0.05, false)).collect();
    let t = calibrate_threshold(&outcomes).unwrap();
    assert!((t - 0.10).abs() < 1e-6, "{t}");
}

#[test]
fn accuracy_and_out_of_scope_figures_match_a_hand_computation() {
    let queries = [
        o(Some(0), 0.9, false),
        o(Some(0), 0.6, false),
        o(Some(1), 0.5, false),
        o(None, 0.2, false),
        o(None, 0.55, true),
        o(None, 0.1, true),
    ];
    // In-scope calibration confidences 0.8, 0.7, 0.6, 0.58: ceil(4 × 0.95) = 4
    // must stay answered, so the threshold is the 4th, 0.58.
    let calibration = [
        o(Some(0), 0.8, false),
        o(Some(0), 0.7, false),
        o(Some(0), 0.6, false),
        o(Some(0), 0.58, false),
        o(None, 0.9, true),
    ];
    let r = score(&queries, &calibration);
    assert_eq!(r.queries, 6);
    assert_eq!((r.top1, r.top3), (0.5, 0.75));
    assert_eq!(r.threshold, Some(0.58));
    // Right and confident: 0.9 and 0.6 → 2 of 4.
    assert_eq!(r.in_scope_accuracy, Some(0.5));
    // Both out-of-scope lines are under 0.58.
    assert_eq!(r.oos_recall, Some(1.0));
    // Refused: 0.5, 0.2 (in scope) and both oos → 2 of 4 refusals were right.
    assert_eq!(r.oos_precision, Some(0.5));
}

#[test]
fn without_out_of_scope_lines_only_accuracy_is_reported() {
    let r = score(&[o(Some(0), 0.4, false), o(Some(2), 0.3, false)], &[]);
    assert_eq!((r.top1, r.top3), (0.5, 1.0));
    assert_eq!(r.threshold, None);
    assert_eq!(r.oos_recall, None);
}

#[test]
fn imported_intents_pass_lint_and_answer_their_own_questions() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("train.jsonl");
    let lines = [
        r#"{"text": "what is my account balance", "intent": "balance"}"#,
        r#"{"text": "how much money do I have", "intent": "balance"}"#,
        r#"{"text": "freeze my credit card", "intent": "freeze_account"}"#,
        r#"{"text": "block my card: it was stolen", "intent": "freeze_account"}"#,
        r#"{"text": "tell me a joke", "intent": "oos"}"#,
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let out = dir.path().join("kb");
    assert_eq!(import_intents(&input, Lang::En, &out).unwrap(), 2);
    let report = crate::kb::check(&out);
    assert_eq!(crate::kb::lint::tests::besides_calibration(&report), Vec::<String>::new(), "{report}");
    let kb = KnowledgeBase::load(&out).unwrap();
    let article = kb.article("freeze_account", Lang::En).unwrap();
    assert_eq!(article.title, "freeze account");
    assert_eq!(article.questions.len(), 2);
    let queries = read_labeled(&input).unwrap();
    let r = evaluate(&kb, &queries, None, Some(Lang::En));
    assert_eq!((r.queries, r.top1), (5, 1.0));
    assert!(r.oos_recall.is_some());
}

#[test]
fn evaluating_without_a_language_matches_the_kbs_only_language() {
    // Before ranking kept one order whatever the language argument, omitting
    // `--lang` re-sorted hits by confidence and lost top-1 answers.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let kb = KnowledgeBase::load(&fixtures.join("kb-one-lang")).unwrap();
    let queries = read_labeled(&fixtures.join("kb-one-lang-queries.jsonl")).unwrap();
    let mut none = evaluate(&kb, &queries, None, None);
    let mut en = evaluate(&kb, &queries, None, Some(Lang::En));
    (none.p50_us, none.p99_us, en.p50_us, en.p99_us) = (0, 0, 0, 0);
    assert_eq!(none, en);
    assert_eq!(none.top1, 1.0);
}
