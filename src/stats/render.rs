//! The report as people and tools read it: a text page, a short chat
//! summary for `/stats`, CSV rows and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::breakdown::{Dimension, Group};
use super::figures::{human_secs, percent, Durations, Ratio};
use super::report::Report;

/// The whole `escala stats` result: the report for everything, and the
/// slices when `--by` was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsOutput {
    #[serde(flatten)]
    pub report: Report,
    pub by: Option<Dimension>,
    pub groups: Vec<Group>,
}

fn ratio(r: &Ratio, of: &str) -> String {
    match r.rate {
        Some(_) => format!("{} ({} of {} {of})", percent(r.rate), r.count, r.total),
        None => format!("– (no {of})"),
    }
}

fn durations(d: &Durations) -> String {
    match (d.median_secs, d.p90_secs) {
        (Some(median), Some(p90)) => {
            format!("median {}, p90 {} ({} tickets)", human_secs(median), human_secs(p90), d.count)
        }
        _ => "– (no tickets)".to_string(),
    }
}

fn csat_line(report: &Report) -> String {
    let csat = &report.csat;
    match csat.average {
        Some(avg) => {
            let spread: Vec<String> = csat.distribution.iter().map(|(score, n)| format!("{score}★ {n}")).collect();
            format!("{avg:.2} from {} ratings ({})", csat.count, spread.join(", "))
        }
        None => "– (no ratings)".to_string(),
    }
}

/// The figures a support lead scans first; shared by the page and `/stats`.
fn headline(report: &Report, out: &mut String) {
    let escalation: Vec<String> =
        report.escalation.iter().map(|e| format!("{} {}", e.level, percent(e.escalated.rate))).collect();
    let lines = [
        ("Volume", format!("{} conversations, {} tickets", report.conversations, report.tickets)),
        ("Deflection", ratio(&report.deflection, "conversations")),
        ("First response", durations(&report.first_response)),
        ("Resolution time", durations(&report.resolution)),
        ("Resolution rate", ratio(&report.resolution_rate, "tickets")),
        ("Reopen rate", ratio(&report.reopen_rate, "resolved tickets")),
        ("Escalated from", escalation.join(" · ")),
        ("SLA first resp.", ratio(&report.sla_first_response, "finished clocks")),
        ("SLA resolution", ratio(&report.sla_resolution, "finished clocks")),
        ("CSAT", csat_line(report)),
    ];
    for (label, value) in lines {
        let _ = writeln!(out, "{label:<16} {value}");
    }
}

fn window(report: &Report) -> String {
    format!("{} → {} UTC", report.since.format("%Y-%m-%d %H:%M"), report.until.format("%Y-%m-%d %H:%M"))
}

/// The short summary posted for `/stats` in a staff space.
pub fn summary_text(report: &Report) -> String {
    let mut out = format!("📊 Support, {}\n", window(report));
    headline(report, &mut out);
    out.trim_end().to_string()
}

/// The full text page of `escala stats`.
pub fn text(output: &StatsOutput) -> String {
    let report = &output.report;
    let mut out = format!("escala support stats, {}\n\n", window(report));
    headline(report, &mut out);
    out.push_str("\nTop KB articles (answered, solved)\n");
    if report.top_articles.is_empty() {
        out.push_str("  none\n");
    }
    for a in &report.top_articles {
        let _ = writeln!(out, "  {:>4} {:>4}  {}", a.answered, a.solved, a.article);
    }
    out.push_str("\nTop gaps (questions the KB did not settle)\n");
    if report.top_gaps.is_empty() {
        out.push_str("  none\n");
    }
    for g in &report.top_gaps {
        let _ = writeln!(out, "  {:>4}×  [{}]  {}", g.count, g.lang, g.example);
    }
    out.push_str("\nDay          conversations  tickets  resolved\n");
    for d in &report.daily {
        let _ = writeln!(out, "{}  {:>13}  {:>7}  {:>8}", d.date, d.conversations, d.tickets, d.resolved);
    }
    for group in &output.groups {
        let _ = writeln!(out, "\n── {} ──", group.key);
        headline(&group.report, &mut out);
    }
    out
}

fn rows(group: &str, r: &Report) -> Vec<[String; 3]> {
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let rate = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
    let mut rows = vec![
        ("conversations", r.conversations.to_string()),
        ("tickets", r.tickets.to_string()),
        ("deflection_rate", rate(r.deflection.rate)),
        ("first_response_median_secs", int(r.first_response.median_secs)),
        ("first_response_p90_secs", int(r.first_response.p90_secs)),
        ("resolution_median_secs", int(r.resolution.median_secs)),
        ("resolution_p90_secs", int(r.resolution.p90_secs)),
        ("resolution_rate", rate(r.resolution_rate.rate)),
        ("reopen_rate", rate(r.reopen_rate.rate)),
        ("sla_first_response_compliance", rate(r.sla_first_response.rate)),
        ("sla_resolution_compliance", rate(r.sla_resolution.rate)),
        ("csat_average", rate(r.csat.average)),
        ("csat_count", r.csat.count.to_string()),
    ]
    .into_iter()
    .map(|(metric, value)| (metric.to_string(), value))
    .collect::<Vec<_>>();
    rows.extend(r.escalation.iter().map(|e| (format!("escalation_rate_{}", e.level), rate(e.escalated.rate))));
    rows.extend(r.csat.distribution.iter().map(|(score, n)| (format!("csat_{score}"), n.to_string())));
    rows.into_iter().map(|(metric, value)| [group.to_string(), metric, value]).collect()
}

/// Long-format CSV (`group,metric,value`), one row per figure; `all` is
/// the whole window. Empty values mean "nothing to count".
pub fn csv(output: &StatsOutput) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["group", "metric", "value"])?;
    let mut all = rows("all", &output.report);
    for group in &output.groups {
        all.extend(rows(&group.key, &group.report));
    }
    for row in all {
        writer.write_record(&row)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
