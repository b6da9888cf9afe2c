//! `escala stats`: reads the window's rows, prints the report and draws
//! the charts.

use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use escala::config::Config;

use super::args::{Format, StatsArgs};

pub async fn run(config: Config, args: StatsArgs) -> anyhow::Result<ExitCode> {
    let store = escala::runtime::open_store(&config).await?;
    let now = Utc::now();
    // Business times count in the SLA policy's calendar (`load` checked it).
    let calendar = config.sla.policy()?.calendar;
    let output = escala::stats::stats_output(store.as_ref(), args.since.start(now), now, args.by, &calendar).await?;
    if let Some(path) = &args.png {
        let report = output.report.clone();
        let target = path.clone();
        // Rasterising is CPU work: keep it off the async reactor.
        tokio::task::spawn_blocking(move || escala::stats::draw_png(&report, &target))
            .await?
            .with_context(|| format!("cannot draw the charts into {}", path.display()))?;
    }
    match args.format {
        Format::Text => super::out::print(&escala::stats::text(&output, config.support.staff_lang))?,
        Format::Json => super::out::json_pretty(&output)?,
        Format::Csv => super::out::print(&escala::stats::csv(&output)?)?,
    }
    Ok(ExitCode::SUCCESS)
}
