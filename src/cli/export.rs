//! `escala users export` and `forget`: everything stored about one user, as
//! a document they can read (Markdown) or as JSON, on standard output; and
//! their erasure, with what it changed.

use std::process::ExitCode;

use chrono::Utc;
use escala::config::Config;
use escala::engine::Operator;
use escala::runtime::{App, KbUse};

use super::args::ExportFormat;
use super::out;

pub async fn run(
    config: Config,
    user: &str,
    format: ExportFormat,
    include_internal: bool,
    operator: Operator,
) -> anyhow::Result<ExitCode> {
    let (channel, id) = super::parse_user(user)?;
    let app = App::open_with(config, KbUse::Skip).await?;
    let Some(data) = app.engine.export_user(channel, &id, include_internal, &operator, Utc::now()).await? else {
        out::warn(format_args!("no data is stored about {channel}:{id}"));
        return Ok(ExitCode::FAILURE);
    };
    // The document is theirs to read: in their language, else the staff's.
    let lang = data.contact.lang.unwrap_or(app.engine.settings().staff_lang);
    match format {
        ExportFormat::Json => out::json_pretty(&data)?,
        ExportFormat::Md => out::print(&escala::engine::export_markdown(&data, Utc::now(), lang))?,
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn forget(config: Config, user: &str, dry_run: bool, operator: Operator) -> anyhow::Result<ExitCode> {
    let (channel, id) = super::parse_user(user)?;
    let app = App::open_with(config, KbUse::Skip).await?;
    let Some(report) = app.engine.forget_user(channel, &id, &operator, dry_run, Utc::now()).await? else {
        out::warn(format_args!("no data is stored about {channel}:{id}"));
        return Ok(ExitCode::FAILURE);
    };
    let verb = if dry_run { "would erase" } else { "erased" };
    out::line(format_args!(
        "{verb} {channel}:{id}: {} messages, {} ticket subjects, {} ticket events, {} questions, \
         {} outbox messages, {} relay records, {} incident subscriptions, {} audit mentions",
        report.messages,
        report.tickets,
        report.events,
        report.queries,
        report.outbox_rows,
        report.relays,
        report.subscriptions,
        report.audit_rows
    ))?;
    if dry_run {
        out::line("nothing was changed (--dry-run)")?;
    }
    Ok(ExitCode::SUCCESS)
}
