//! The benchmarks' scripted conversations still match the engine: a bench
//! whose script drifts (a new question in the flow) fails here, not in the
//! middle of a long measurement. Runs the real `escala bench` on tiny sizes.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_bench_completes_every_ticket_cycle_and_reports_each_figure_with_its_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let kb = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("kb");
    let config = dir.path().join("escala.toml");
    let db = dir.path().join("escala.db");
    std::fs::write(
        &config,
        format!("[database]\nurl = \"sqlite://{}\"\n[kb]\ndir = \"{}\"\n", db.display(), kb.display()),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_escala"))
        .args(["--config", config.to_str().unwrap()])
        .args(["bench", "--messages", "200", "--process-messages", "20", "--articles", "30", "--json"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let flow = &report["ticket_flow"];
    assert_eq!(flow["cycles"], 20, "{report}");
    assert!(flow["cycles_per_sec"].as_f64().unwrap() > 0.0 && flow["steps_ratio"].as_f64().unwrap() > 0.0);
    let runs = report["engine"][0]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3, "1, 10 and 100 users");
    assert!(runs.iter().all(|run| run["engine_ratio"].as_f64().unwrap() > 0.0), "{report}");
    let processes = report["processes"].as_array().unwrap();
    assert_eq!(processes.len(), 2, "the shipped and the generated KB");
    assert!(processes.iter().all(|p| p["peak_rss_mb"].as_f64().unwrap() >= p["baseline_rss_mb"].as_f64().unwrap()));
    for figure in
        ["cold_startup_ms", "warm_startup_ms", "cold_peak_rss_mb", "steady_rss_mb", "steady_anon_mb", "steady_file_mb"]
    {
        assert!(processes.iter().all(|p| p[figure].as_f64().unwrap() > 0.0), "{figure}: {report}");
    }
    // VmRSS is RssAnon + RssFile + RssShmem (shared memory, which escala
    // does not use), all from one reading.
    assert!(
        processes.iter().all(|p| {
            let parts = p["steady_anon_mb"].as_f64().unwrap() + p["steady_file_mb"].as_f64().unwrap();
            (parts - p["steady_rss_mb"].as_f64().unwrap()).abs() < 2.0
        }),
        "anonymous + file-backed is the resident total: {report}"
    );
}

/// Run away from the project folder, the bench found no kb/ and stopped
/// after the engine runs with "cycle 0: no ticket opened"; it now says at
/// once what it needs.
#[test]
fn the_bench_on_a_kb_without_its_article_says_what_it_needs_before_measuring() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(kb.join("en")).unwrap();
    let config = dir.path().join("escala.toml");
    let db = dir.path().join("escala.db");
    std::fs::write(
        &config,
        format!("[database]\nurl = \"sqlite://{}\"\n[kb]\ndir = \"{}\"\n", db.display(), kb.display()),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_escala"))
        .args(["--config", config.to_str().unwrap()])
        .args(["bench", "--messages", "20", "--process-messages", "5", "--articles", "10"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{err}");
    assert!(err.contains("needs a KB that answers") && err.contains("0 articles"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("cycle 0"), "{err}");
}
