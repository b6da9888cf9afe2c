//! `escala doctor`: a deployment checked against what it talks to — the
//! database, the knowledge base and, with the configured tokens, the live
//! Telegram and Discord APIs — one finding per check, each with what is
//! wrong and how to fix it.

mod discord;
mod telegram;

use std::sync::Arc;

use crate::config::Config;
use crate::kb;
use crate::store::Store;

/// What one check found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// As it should be; the text says what was seen.
    Ok(String),
    /// Wrong: what is wrong, and how to fix it.
    Problem { what: String, fix: String },
    /// Not checked (the platform is not configured).
    Skipped(String),
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// "database", "kb", "telegram" or "discord".
    pub area: &'static str,
    /// What was checked, e.g. "token" or "staff chat -1001".
    pub check: String,
    pub outcome: Outcome,
}

impl Finding {
    fn ok(area: &'static str, check: impl Into<String>, seen: impl Into<String>) -> Finding {
        Finding { area, check: check.into(), outcome: Outcome::Ok(seen.into()) }
    }

    fn problem(
        area: &'static str,
        check: impl Into<String>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding { area, check: check.into(), outcome: Outcome::Problem { what: what.into(), fix: fix.into() } }
    }

    fn skipped(area: &'static str, check: impl Into<String>, why: impl Into<String>) -> Finding {
        Finding { area, check: check.into(), outcome: Outcome::Skipped(why.into()) }
    }

    pub fn is_problem(&self) -> bool {
        matches!(self.outcome, Outcome::Problem { .. })
    }
}

/// The platform tokens, from the environment (never from the config file).
#[derive(Default)]
pub struct Tokens {
    pub telegram: Option<String>,
    pub telegram_webhook_secret: Option<String>,
    pub discord: Option<String>,
}

/// Runs every check; the findings in order. `store` is the database the
/// config names, or why it could not be opened.
pub async fn run(config: &Config, store: Result<Arc<dyn Store>, String>, tokens: &Tokens) -> Vec<Finding> {
    let mut findings = vec![database(store).await];
    findings.push(knowledge_base(config).await);
    findings.extend(telegram::check(config, tokens).await);
    findings.extend(discord::check(config, tokens).await);
    findings
}

async fn database(store: Result<Arc<dyn Store>, String>) -> Finding {
    let store = match store {
        Ok(store) => store,
        Err(error) => {
            return Finding::problem(
                "database",
                "connection",
                format!("cannot open the database: {error}"),
                "check database.url (ESCALA_DATABASE__URL) and that the server is up",
            )
        }
    };
    match store.pending_migrations().await {
        Ok(pending) if pending.is_empty() => Finding::ok("database", "schema", "reachable, every migration applied"),
        Ok(pending) => Finding::problem(
            "database",
            "schema",
            format!("{} migration(s) not applied: {}", pending.len(), pending.join(", ")),
            "run `escala migrate` (or start the bot, which migrates)",
        ),
        Err(error) => Finding::problem(
            "database",
            "schema",
            format!("cannot read the schema version: {error}"),
            "check the database user's rights and database.url",
        ),
    }
}

async fn knowledge_base(config: &Config) -> Finding {
    let dir = config.kb.dir.clone();
    let max = config.kb_max_file_bytes();
    let shown = dir.display().to_string();
    let report = match tokio::task::spawn_blocking(move || kb::check_capped(&dir, max)).await {
        Ok(report) => report,
        Err(error) => {
            return Finding::problem("kb", shown, format!("the check stopped: {error}"), "run `escala kb check`")
        }
    };
    let errors = report.problems.iter().filter(|p| p.severity == kb::Severity::Error).count();
    let warnings = report.problems.len() - errors;
    if errors > 0 {
        return Finding::problem(
            "kb",
            shown,
            format!("{errors} error(s), {warnings} warning(s)"),
            "run `escala kb check` and fix the files it names",
        );
    }
    Finding::ok("kb", shown, format!("no errors, {warnings} warning(s)"))
}
