//! `escala kb …`: the admins' tools for the knowledge base — check, search,
//! import, evaluate, gaps and the search benchmark.

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use escala::config::Config;
use escala::kb;

use super::args::KbCommand;
use super::joined;

pub async fn run(config: Config, command: KbCommand) -> anyhow::Result<ExitCode> {
    match command {
        KbCommand::Check { dir } => {
            let dir = dir.unwrap_or(config.kb.dir);
            let report = tokio::task::spawn_blocking({
                let dir = dir.clone();
                move || kb::check(&dir)
            })
            .await?;
            for problem in &report.problems {
                println!("{problem}");
            }
            if report.has_errors() {
                eprintln!("{}: the knowledge base has errors", dir.display());
                return Ok(ExitCode::FAILURE);
            }
            let loaded = escala::runtime::load_kb(&dir).await?;
            println!("{}: {} articles, {} rules, no errors", dir.display(), loaded.len(), loaded.rules().len());
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Search { text, lang, limit } => {
            let loaded = escala::runtime::load_kb(&config.kb.dir).await?;
            let hits = loaded.search(&joined(&text), lang, limit);
            if hits.is_empty() {
                println!("no match");
            }
            for hit in hits {
                let other = if hit.fallback_language { "  (other language)" } else { "" };
                println!("{:.3}  {}  {:<24} {}{other}", hit.confidence, hit.lang, hit.article_id, hit.title);
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::ImportIntents { input, lang, out } => {
            let count = tokio::task::spawn_blocking(move || kb::import_intents(&input, lang, &out)).await??;
            println!("wrote {count} articles");
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Eval { kb: dir, queries, calibrate, lang, format, tuning } => {
            let tuning: kb::Tuning = match tuning {
                Some(json) => serde_json::from_str(&json).context("--tuning is not a valid JSON object of weights")?,
                None => kb::Tuning::default(),
            };
            let report = tokio::task::spawn_blocking(move || -> anyhow::Result<kb::EvalReport> {
                let loaded = kb::KnowledgeBase::load(&dir)?.with_tuning(tuning);
                let queries = kb::read_labeled(&queries)?;
                let calibration = calibrate.as_deref().map(kb::read_labeled).transpose()?;
                Ok(kb::evaluate(&loaded, &queries, calibration.as_deref(), lang))
            })
            .await??;
            if format == "json" {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("queries            {}", report.queries);
                println!("top-1              {:.1} %", report.top1 * 100.0);
                println!("top-3              {:.1} %", report.top3 * 100.0);
                if let (Some(t), Some(acc), Some(recall), Some(precision)) =
                    (report.threshold, report.in_scope_accuracy, report.oos_recall, report.oos_precision)
                {
                    println!("threshold          {t:.3}");
                    println!("in-scope accuracy  {:.1} %", acc * 100.0);
                    println!("oos recall         {:.1} %", recall * 100.0);
                    println!("oos precision      {:.1} %", precision * 100.0);
                }
                println!("search p50 / p99   {} / {} µs", report.p50_us, report.p99_us);
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Gaps { days, limit } => {
            let store = escala::runtime::open_store(&config).await?;
            let since = Utc::now() - chrono::Duration::days(days.max(0));
            let rows = store.logged_queries(since).await?;
            let gaps: Vec<kb::LoggedQuery> = rows
                .into_iter()
                .filter(|q| matches!(q.outcome.as_str(), "missed" | "suggested" | "not_solved" | "ticket"))
                .map(|q| kb::LoggedQuery { text: q.text, lang: q.lang, outcome: q.outcome, confidence: q.confidence })
                .collect();
            let clusters = kb::cluster_gaps(&gaps, limit);
            if clusters.is_empty() {
                println!("no unanswered questions in the last {days} days");
            }
            for cluster in clusters {
                println!("{:>4}×  [{}]  {}", cluster.count, cluster.lang, cluster.example);
                for sample in cluster.samples {
                    println!("        also: {sample}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Bench { articles, queries, json } => {
            let report = tokio::task::spawn_blocking(move || kb::run_search_bench(articles, queries)).await?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
