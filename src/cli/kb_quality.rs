//! `escala kb eval` and `escala kb calibrate`: how well the KB answers, on
//! labelled data or as the bot is configured, and choosing each language's
//! thresholds from the KB's own questions.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use escala::config::Config;
use escala::domain::Lang;
use escala::kb::{self, Experience};

use super::out;

/// The ranking figures on labelled intent data (CLINC150, cosibot).
pub async fn eval(
    dir: PathBuf,
    queries: Vec<PathBuf>,
    calibrate: Option<PathBuf>,
    lang: Option<Lang>,
    format: &str,
    tuning: Option<String>,
) -> anyhow::Result<ExitCode> {
    let tuning: kb::Tuning = match tuning {
        Some(json) => serde_json::from_str(&json).context("--tuning is not a valid JSON object of weights")?,
        None => kb::Tuning::default(),
    };
    let report = tokio::task::spawn_blocking(move || -> anyhow::Result<kb::EvalReport> {
        let loaded = kb::KnowledgeBase::load(&dir)?.with_tuning(tuning);
        let queries = read_all(&queries)?;
        let calibration = calibrate.as_deref().map(kb::read_labeled).transpose()?;
        Ok(kb::evaluate(&loaded, &queries, calibration.as_deref(), lang))
    })
    .await??;
    if format == "json" {
        return out::json(&report).map(|()| ExitCode::SUCCESS);
    }
    out::line(format_args!("queries            {}", report.queries))?;
    out::line(format_args!("top-1              {:.1} %", report.top1 * 100.0))?;
    out::line(format_args!("top-3              {:.1} %", report.top3 * 100.0))?;
    if let (Some(t), Some(acc), Some(recall), Some(precision)) =
        (report.threshold, report.in_scope_accuracy, report.oos_recall, report.oos_precision)
    {
        out::line(format_args!("threshold          {t:.3}"))?;
        out::line(format_args!("in-scope accuracy  {:.1} %", acc * 100.0))?;
        out::line(format_args!("oos recall         {:.1} %", recall * 100.0))?;
        out::line(format_args!("oos precision      {:.1} %", precision * 100.0))?;
    }
    out::line(format_args!("search p50 / p99   {} / {} µs", report.p50_us, report.p99_us))?;
    Ok(ExitCode::SUCCESS)
}

fn read_all(files: &[PathBuf]) -> anyhow::Result<Vec<kb::LabeledQuery>> {
    let mut all = Vec::new();
    for file in files {
        all.extend(kb::read_labeled(file)?);
    }
    Ok(all)
}

/// One line of the as-configured table: its label and the count it shows.
type Row = (&'static str, fn(&Experience) -> usize);

/// What users get from the bot as configured, per language.
pub async fn eval_as_configured(
    config: &Config,
    dir: PathBuf,
    queries: Vec<PathBuf>,
    format: &str,
) -> anyhow::Result<ExitCode> {
    let settings = config.engine_settings().kb;
    let max_file_bytes = config.kb_max_file_bytes();
    let report = tokio::task::spawn_blocking(move || -> anyhow::Result<kb::ConfiguredReport> {
        let (loaded, _) = kb::KnowledgeBase::load_lenient(&dir, max_file_bytes, None)?;
        let queries = read_all(&queries)?;
        Ok(kb::evaluate_as_configured(&loaded, &queries, &settings))
    })
    .await??;
    if format == "json" {
        return out::json(&report).map(|()| ExitCode::SUCCESS);
    }
    let mut columns: Vec<(&str, &Experience)> = vec![("all", &report.overall)];
    columns.extend(report.by_lang.iter().map(|(lang, e)| (lang.as_str(), e)));
    let header: String = columns.iter().map(|(name, _)| format!("{name:>8}")).collect();
    out::line(format_args!("{:<34}{header}", ""))?;
    let rows: [Row; 10] = [
        ("in scope", |e| e.in_scope),
        ("  answered, right article", |e| e.answered_right),
        ("  answered, WRONG article", |e| e.answered_wrong),
        ("  suggested, right among them", |e| e.suggested_with_right),
        ("  suggested, right not among", |e| e.suggested_without_right),
        ("  refused (\"I don't know\")", |e| e.refused),
        ("off topic", |e| e.out_of_scope),
        ("  answered", |e| e.oos_answered),
        ("  suggested", |e| e.oos_suggested),
        ("  refused", |e| e.oos_refused),
    ];
    for (label, value) in rows {
        let cells: String = columns.iter().map(|(_, e)| format!("{:>8}", value(e))).collect();
        out::line(format_args!("{label:<34}{cells}"))?;
    }
    let cells: String = columns.iter().map(|(_, e)| format!("{:>7.1}%", e.confident_wrong_share() * 100.0)).collect();
    out::line(format_args!("{:<34}{cells}", "confidently wrong, of all"))?;
    if !report.confident_wrong.is_empty() {
        out::line(format_args!("\nconfidently wrong answers:"))?;
        for wrong in &report.confident_wrong {
            out::line(format_args!(
                "  [{}] {:?} → {} ({:.3}), expected {}",
                wrong.lang.map_or("?", Lang::code),
                wrong.text,
                wrong.answered,
                wrong.confidence,
                wrong.expected
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Chooses the thresholds and writes `kb/calibration.toml`, with an audit row.
pub async fn calibrate(
    config: Config,
    dir: Option<PathBuf>,
    options: kb::CalibrateOptions,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let dir = dir.unwrap_or_else(|| config.kb.dir.clone());
    let max_file_bytes = config.kb_max_file_bytes();
    let now = chrono::Utc::now();
    let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let calibration = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || kb::calibrate(&dir, max_file_bytes, options, &stamp)
    })
    .await??;
    out::line(format_args!(
        "{:<6}{:>8}{:>9}{:>11}{:>8}{:>11}{:>10}{:>12}",
        "lang", "answer", "suggest", "questions", "probes", "precision", "answered", "small talk"
    ))?;
    for (lang, c) in &calibration.languages {
        out::line(format_args!(
            "{lang:<6}{:>8.3}{:>9.3}{:>11}{:>8}{:>10.1}%{:>9.1}%{:>11.1}%",
            c.answer_threshold,
            c.suggest_threshold,
            c.questions,
            c.probes,
            c.precision * 100.0,
            c.answered * 100.0,
            c.small_talk_refused * 100.0
        ))?;
    }
    if dry_run {
        out::line(format_args!("(dry run: {} not written)", dir.join(kb::CALIBRATION_FILE).display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    calibration.write(&dir)?;
    out::line(format_args!("wrote {}", dir.join(kb::CALIBRATION_FILE).display()))?;
    let thresholds: serde_json::Map<String, serde_json::Value> = calibration
        .languages
        .iter()
        .map(|(lang, c)| {
            let value = serde_json::json!({ "answer": c.answer_threshold, "suggest": c.suggest_threshold });
            (lang.clone(), value)
        })
        .collect();
    let payload = serde_json::json!({
        "target_precision": calibration.target_precision,
        "articles_hash": calibration.articles_hash,
        "thresholds": thresholds,
    });
    let recorded = match escala::runtime::App::open_with(config, escala::runtime::KbUse::Skip).await {
        Ok(app) => app
            .engine
            .audit(&super::audit::operator(None), "kb.calibrate", payload, now)
            .await
            .map_err(|e| e.to_string()),
        Err(error) => Err(error.to_string()),
    };
    if let Err(error) = recorded {
        out::warn(format_args!("the calibration could not be written to the audit log: {error}"));
    }
    Ok(ExitCode::SUCCESS)
}
