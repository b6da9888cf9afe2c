//! `escala kb …`: the admins' tools for the knowledge base — check, search,
//! import and the search benchmark; evaluation and calibration are in
//! `kb_quality`, the upkeep reports read from the store (gaps, health,
//! draft) in `kb_upkeep`.

use std::process::ExitCode;

use escala::config::Config;
use escala::kb;

use super::args::KbCommand;
use super::joined;

pub async fn run(config: Config, command: KbCommand) -> anyhow::Result<ExitCode> {
    let max_file_bytes = config.kb_max_file_bytes();
    match command {
        KbCommand::Check { dir, parity } => {
            let dir = dir.unwrap_or(config.kb.dir);
            let report = tokio::task::spawn_blocking({
                let dir = dir.clone();
                move || {
                    if parity {
                        kb::check_parity(&dir, max_file_bytes)
                    } else {
                        kb::check_capped(&dir, max_file_bytes)
                    }
                }
            })
            .await?;
            for problem in &report.problems {
                super::out::line(format_args!("{problem}"))?;
            }
            if report.has_errors() {
                super::out::warn(format_args!("{}: the knowledge base has errors", dir.display()));
                return Ok(ExitCode::FAILURE);
            }
            let loaded = escala::runtime::load_kb(&dir, max_file_bytes, None).await?;
            super::out::line(format_args!(
                "{}: {} articles, {} rules, no errors",
                dir.display(),
                loaded.len(),
                loaded.rules().len()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Search { text, lang, limit } => {
            let loaded = escala::runtime::load_kb(&config.kb.dir, max_file_bytes, config.kb_index_dir()).await?;
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
        KbCommand::Eval { kb: dir, queries, as_configured, calibrate, lang, format, tuning } => {
            let dir = dir.unwrap_or_else(|| config.kb.dir.clone());
            if as_configured {
                super::kb_quality::eval_as_configured(&config, dir, queries, &format).await
            } else {
                super::kb_quality::eval(dir, queries, calibrate, lang, &format, tuning).await
            }
        }
        KbCommand::Calibrate { dir, target_precision, small_talk_refusal, dry_run } => {
            let options = kb::CalibrateOptions { target_precision, small_talk_refusal };
            super::kb_quality::calibrate(config, dir, options, dry_run).await
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
