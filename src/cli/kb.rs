//! `escala kb …`: the admins' tools for the knowledge base — check, search,
//! import, evaluate and the search benchmark; the upkeep reports read from
//! the store (gaps, health, draft) are in `kb_upkeep`.

use std::process::ExitCode;

use anyhow::Context;
use escala::config::Config;
use escala::kb;

use super::args::KbCommand;
use super::joined;

pub async fn run(config: Config, command: KbCommand) -> anyhow::Result<ExitCode> {
    let max_file_bytes = config.kb_max_file_bytes();
    match command {
        KbCommand::Check { dir } => {
            let dir = dir.unwrap_or(config.kb.dir);
            let report = tokio::task::spawn_blocking({
                let dir = dir.clone();
                move || kb::check_capped(&dir, max_file_bytes)
            })
            .await?;
            for problem in &report.problems {
                super::out::line(format_args!("{problem}"))?;
            }
            if report.has_errors() {
                super::out::warn(format_args!("{}: the knowledge base has errors", dir.display()));
                return Ok(ExitCode::FAILURE);
            }
            let loaded = escala::runtime::load_kb(&dir, max_file_bytes).await?;
            super::out::line(format_args!(
                "{}: {} articles, {} rules, no errors",
                dir.display(),
                loaded.len(),
                loaded.rules().len()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Search { text, lang, limit } => {
            let loaded = escala::runtime::load_kb(&config.kb.dir, max_file_bytes).await?;
            let hits = loaded.search(&joined(&text), lang, limit);
            if hits.is_empty() {
                super::out::line(format_args!("no match"))?;
            }
            for hit in hits {
                let other = if hit.fallback_language { "  (other language)" } else { "" };
                super::out::line(format_args!(
                    "{:.3}  {}  {:<24} {}{other}",
                    hit.confidence, hit.lang, hit.article_id, hit.title
                ))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::ImportIntents { input, lang, out } => {
            let count = tokio::task::spawn_blocking(move || kb::import_intents(&input, lang, &out)).await??;
            super::out::line(format_args!("wrote {count} articles"))?;
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
                super::out::json(&report)?;
            } else {
                super::out::line(format_args!("queries            {}", report.queries))?;
                super::out::line(format_args!("top-1              {:.1} %", report.top1 * 100.0))?;
                super::out::line(format_args!("top-3              {:.1} %", report.top3 * 100.0))?;
                if let (Some(t), Some(acc), Some(recall), Some(precision)) =
                    (report.threshold, report.in_scope_accuracy, report.oos_recall, report.oos_precision)
                {
                    super::out::line(format_args!("threshold          {t:.3}"))?;
                    super::out::line(format_args!("in-scope accuracy  {:.1} %", acc * 100.0))?;
                    super::out::line(format_args!("oos recall         {:.1} %", recall * 100.0))?;
                    super::out::line(format_args!("oos precision      {:.1} %", precision * 100.0))?;
                }
                super::out::line(format_args!("search p50 / p99   {} / {} µs", report.p50_us, report.p99_us))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Gaps { days, limit } => super::kb_upkeep::gaps(&config, days, limit).await,
        KbCommand::Health { since, format } => super::kb_upkeep::health(&config, since, &format).await,
        KbCommand::Draft { ticket, dir } => super::kb_upkeep::draft(&config, ticket, dir).await,
        KbCommand::Bench { articles, queries, json } => {
            let report = tokio::task::spawn_blocking(move || kb::run_search_bench(articles, queries)).await?;
            if json {
                super::out::json(&report)?;
            } else {
                super::out::print(&format!("{report}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
