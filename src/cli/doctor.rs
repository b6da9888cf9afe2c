//! `escala doctor`: prints one line per check (ok, skipped, or what is
//! wrong and how to fix it) and exits 0 only when nothing is wrong.

use std::process::ExitCode;

use escala::config::Config;
use escala::doctor::{self, Finding, Outcome, Tokens};

use super::{out, secret};

pub async fn run(config: Config) -> anyhow::Result<ExitCode> {
    let tokens = Tokens {
        telegram: secret("ESCALA_TELEGRAM_TOKEN"),
        telegram_webhook_secret: secret("ESCALA_TELEGRAM_WEBHOOK_SECRET"),
        discord: secret("ESCALA_DISCORD_TOKEN"),
    };
    let store = escala::runtime::open_store(&config).await.map_err(|e| e.to_string());
    let opened = store.as_ref().ok().cloned();
    let findings = doctor::run(&config, store, &tokens).await;
    let problems: Vec<String> = findings.iter().filter(|f| f.is_problem()).map(|f| f.check.clone()).collect();
    if let Some(store) = opened {
        // Where the database works, the run is on the record.
        let payload = serde_json::json!({ "checks": findings.len(), "failed": problems });
        let recorded = match escala::runtime::App::on_store(config.clone(), store, escala::runtime::KbUse::Skip).await {
            Ok(app) => {
                let now = chrono::Utc::now();
                app.engine
                    .audit(&super::audit::operator(None), "doctor.run", payload, now)
                    .await
                    .map_err(|e| e.to_string())
            }
            Err(error) => Err(error.to_string()),
        };
        if let Err(error) = recorded {
            out::warn(format_args!("the run could not be written to the audit log: {error}"));
        }
    }
    for finding in &findings {
        out::line(line(finding))?;
    }
    let problems = problems.len();
    if problems == 0 {
        out::line(format_args!("{} checks, no problems", findings.len()))?;
        return Ok(ExitCode::SUCCESS);
    }
    out::line(format_args!("{} checks, {problems} to fix", findings.len()))?;
    Ok(ExitCode::FAILURE)
}

fn line(finding: &Finding) -> String {
    let head = format!("{:<8} {}", finding.area, finding.check);
    match &finding.outcome {
        Outcome::Ok(seen) => format!("ok    {head}: {seen}"),
        Outcome::Skipped(why) => format!("skip  {head}: {why}"),
        Outcome::Problem { what, fix } => format!("FAIL  {head}: {what}\n      fix: {fix}"),
    }
}
