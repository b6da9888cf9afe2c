//! `escala audit`: the audit log as lines people read (or JSON), and who
//! the person at the terminal is for the rows their commands write.

use std::process::ExitCode;

use chrono::Utc;
use escala::config::Config;
use escala::engine::Operator;
use escala::runtime::{App, KbUse};
use escala::store::{AuditFilter, AuditRow};
use serde_json::Value;

use super::args::{AuditArgs, Format};
use super::out;

/// The operator a command acts as: `--as NAME`, else the login name.
pub fn operator(name: Option<String>) -> Operator {
    let login = || std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "operator".into());
    Operator::cli(&name.unwrap_or_else(login))
}

pub async fn run(config: Config, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let app = App::open_with(config, KbUse::Skip).await?;
    let filter = AuditFilter { since: Some(args.since.start(Utc::now())), actor: args.actor, limit: None };
    let rows = app.engine.audit_log(&filter).await?;
    match args.format {
        Format::Json => out::json_pretty(&rows)?,
        Format::Text | Format::Csv => {
            if rows.is_empty() {
                out::line("no audit events in that window")?;
            }
            for row in &rows {
                out::line(line(row))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `2026-12-02 04:20 UTC  cli:marta  user.block  user=telegram:666`.
fn line(row: &AuditRow) -> String {
    format!("{}  {}  {}  {}", row.at.format("%Y-%m-%d %H:%M UTC"), row.actor, row.action, details(&row.payload))
}

/// A payload as `key=value` pairs; lists joined with commas.
fn details(payload: &Value) -> String {
    let plain = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string)).collect::<Vec<_>>().join(",")
        }
        other => other.to_string(),
    };
    match payload {
        Value::Object(map) => map.iter().map(|(k, v)| format!("{k}={}", plain(v))).collect::<Vec<_>>().join(" "),
        Value::Null => String::new(),
        other => plain(other),
    }
}
