//! The benchmarks' scripted conversations still match the engine: a bench
//! whose script drifts (a new question in the flow) fails here, not in the
//! middle of a long measurement.

use std::sync::Arc;

#[tokio::test]
async fn the_ticket_flow_bench_completes_every_cycle() {
    let kb = escala::kb::KnowledgeBase::load(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb")).unwrap();
    let report = escala::bench::ticket_flow_on_sqlite(Arc::new(arc_swap::ArcSwap::from_pointee(kb)), 20).await.unwrap();
    assert_eq!(report.cycles, 20);
    assert!(report.cycles_per_sec > 0.0 && report.steps_ratio > 0.0);
}
