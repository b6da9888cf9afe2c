//! The report as people and tools read it: a text page, a short chat
//! summary for `/stats`, CSV rows and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::breakdown::{Dimension, Group};
use super::feedback::{Rating, LOW_SCORE};
use super::figures::{human_secs, percent, Durations, Ratio};
use super::report::Report;
use super::tickets::Timing;

/// How many articles, ratings and low ratings the text forms list.
const TOP: usize = 5;
const LOW_RATINGS_IN_CHAT: usize = 10;
/// A comment is cut to this many characters on a report line.
const COMMENT_CHARS: usize = 200;

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
    match (d.mean_secs, d.median_secs, d.p90_secs) {
        (Some(mean), Some(median), Some(p90)) => format!(
            "mean {}, median {}, p90 {} ({} tickets)",
            human_secs(mean),
            human_secs(median),
            human_secs(p90),
            d.count
        ),
        _ => "– (no tickets)".to_string(),
    }
}

fn timing(label: &str, t: &Timing, business_hours: bool, out: &mut Vec<(String, String)>) {
    out.push((label.to_string(), durations(&t.wall)));
    if business_hours {
        out.push(("  business time".to_string(), durations(&t.business)));
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

/// User text on one report line: line breaks and controls become spaces
/// (a comment cannot forge the next line), cut to `COMMENT_CHARS`.
fn one_line(text: &str) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(COMMENT_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

fn rating_line(r: &Rating) -> String {
    let mut line = format!("{}★ ticket {}", r.score, r.ticket);
    if let Some(agent) = &r.agent {
        let _ = write!(line, " · {}", one_line(agent));
    }
    if let Some(level) = r.level {
        let _ = write!(line, " · {level}");
    }
    if !r.articles.is_empty() {
        let _ = write!(line, " · {}", r.articles.join(", "));
    }
    if let Some(comment) = &r.comment {
        let _ = write!(line, " — “{}”", one_line(comment));
    }
    line
}

/// The figures a support lead scans first; shared by the page and `/stats`.
fn headline(report: &Report, out: &mut String) {
    let escalation: Vec<String> =
        report.escalation.iter().map(|e| format!("{} {}", e.level, percent(e.escalated.rate))).collect();
    let mut lines = vec![
        ("Volume".to_string(), format!("{} conversations, {} tickets", report.conversations, report.tickets)),
        ("Deflection".to_string(), ratio(&report.deflection, "conversations")),
    ];
    timing("First response", &report.first_response, report.business_hours, &mut lines);
    timing("Resolution time", &report.resolution, report.business_hours, &mut lines);
    lines.extend([
        ("Resolution rate".to_string(), ratio(&report.resolution_rate, "tickets")),
        ("Reopen rate".to_string(), ratio(&report.reopen_rate, "resolved tickets")),
        ("Escalated from".to_string(), escalation.join(" · ")),
        ("SLA first resp.".to_string(), ratio(&report.sla.first_response, "finished clocks")),
        ("SLA resolution".to_string(), ratio(&report.sla.resolution, "finished clocks")),
        ("CSAT".to_string(), csat_line(report)),
    ]);
    for (label, value) in lines {
        let _ = writeln!(out, "{label:<16} {value}");
    }
}

fn window(report: &Report) -> String {
    format!("{} → {} UTC", report.since.format("%Y-%m-%d %H:%M"), report.until.format("%Y-%m-%d %H:%M"))
}

/// The short summary posted for `/stats` in a staff space: the headline,
/// then the window's low ratings with their comments.
pub fn summary_text(report: &Report) -> String {
    let mut out = format!("📊 Support, {}\n", window(report));
    headline(report, &mut out);
    let low: Vec<&Rating> = report.ratings.iter().filter(|r| r.score <= LOW_SCORE).collect();
    if !low.is_empty() {
        let _ = writeln!(out, "\nLow ratings ({} at {LOW_SCORE}★ or less)", low.len());
        for rating in low.iter().take(LOW_RATINGS_IN_CHAT) {
            let _ = writeln!(out, "  {}", rating_line(rating));
        }
        if low.len() > LOW_RATINGS_IN_CHAT {
            let _ = writeln!(out, "  … and {} more: escala stats", low.len() - LOW_RATINGS_IN_CHAT);
        }
    }
    out.trim_end().to_string()
}

fn sla_section(report: &Report, out: &mut String) {
    if report.sla.by_level.is_empty() {
        return;
    }
    out.push_str("\nSLA compliance per level (finished clocks kept)\n");
    for level in &report.sla.by_level {
        let _ = writeln!(
            out,
            "  {}  first response {:<24} resolution {}",
            level.level,
            ratio(&level.first_response, "clocks"),
            ratio(&level.resolution, "clocks")
        );
    }
    let _ = writeln!(
        out,
        "  {} running, {} handed over to another level unbreached",
        report.sla.running, report.sla.handed_over
    );
}

fn articles_section(report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "\n  {:<24} {:>5} {:>7} {:>11} {:>7} {:>11}  success",
        "KB article", "shown", "solved", "not solved", "ticket", "no verdict"
    );
    if report.articles.is_empty() {
        out.push_str("  none\n");
    }
    for a in report.articles.iter().take(TOP) {
        let _ = writeln!(
            out,
            "  {:<24} {:>5} {:>7} {:>11} {:>7} {:>11}  {}",
            a.article,
            a.shown,
            a.solved,
            a.not_solved,
            a.ticket,
            a.no_feedback,
            percent(a.success_rate)
        );
    }
}

fn feedback_section(report: &Report, out: &mut String) {
    out.push_str("\nFeedback (lowest first)\n");
    if report.ratings.is_empty() {
        out.push_str("  none\n");
        return;
    }
    for rating in &report.ratings {
        let _ = writeln!(out, "  {}", rating_line(rating));
    }
    let by = |groups: &[super::feedback::GroupCsat]| {
        groups
            .iter()
            .map(|g| {
                format!("{} {} ({})", one_line(&g.key), g.average.map_or("–".into(), |a| format!("{a:.2}")), g.count)
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let _ = writeln!(out, "  by agent: {}", by(&report.csat.by_agent));
    let _ = writeln!(out, "  by level: {}", by(&report.csat.by_level));
}

fn workload_section(report: &Report, out: &mut String) {
    if report.workload.is_empty() {
        return;
    }
    out.push_str("\nAgent            open (L1 L2 L3 L4)  replies  resolved  first response (median)\n");
    for w in &report.workload {
        let at = |level| w.open.iter().find(|c| c.level == level).map_or(0, |c| c.count);
        use crate::domain::Level::{L1, L2, L3, L4};
        let _ = writeln!(
            out,
            "  {:<14} {:>4} ({} {} {} {}) {:>8} {:>9}  {}",
            one_line(&w.agent),
            w.open_total,
            at(L1),
            at(L2),
            at(L3),
            at(L4),
            w.replies,
            w.resolutions,
            w.first_response.median_secs.map_or("–".to_string(), human_secs)
        );
    }
}

fn vendors_section(report: &Report, out: &mut String) {
    if report.vendors.is_empty() {
        return;
    }
    out.push_str("\nVendors (level 4)  tickets  waiting  wait median / mean  contracted response · resolution kept\n");
    for v in &report.vendors {
        let shown = |secs: Option<i64>| secs.map_or("–".to_string(), human_secs);
        let _ = writeln!(
            out,
            "  {:<16} {:>7}  {:>7}  {:>8} / {:<8}  {} · {}",
            one_line(&v.vendor),
            v.tickets,
            v.waiting,
            shown(v.waits.median_secs),
            shown(v.waits.mean_secs),
            ratio(&v.response, "clocks"),
            ratio(&v.resolution, "clocks")
        );
    }
}

/// The full text page of `escala stats`.
pub fn text(output: &StatsOutput) -> String {
    let report = &output.report;
    let mut out = format!("escala support stats, {}\n\n", window(report));
    headline(report, &mut out);
    sla_section(report, &mut out);
    vendors_section(report, &mut out);
    articles_section(report, &mut out);
    feedback_section(report, &mut out);
    out.push_str("\nTop gaps (questions the KB did not settle)\n");
    if report.top_gaps.is_empty() {
        out.push_str("  none\n");
    }
    for g in &report.top_gaps {
        let _ = writeln!(out, "  {:>4}×  [{}]  {}", g.count, g.lang, one_line(&g.example));
    }
    out.push_str("\nDay          conversations  tickets  resolved  ratings  CSAT\n");
    for (d, c) in report.daily.iter().zip(&report.csat.trend) {
        let avg = c.average.map_or("–".to_string(), |a| format!("{a:.2}"));
        let _ = writeln!(
            out,
            "{}  {:>13}  {:>7}  {:>8}  {:>7}  {avg}",
            d.date, d.conversations, d.tickets, d.resolved, c.count
        );
    }
    if output.by == Some(Dimension::Agent) {
        workload_section(report, &mut out);
    }
    for group in &output.groups {
        let _ = writeln!(out, "\n── {} ──", one_line(&group.key));
        headline(&group.report, &mut out);
    }
    out
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab
/// or a carriage return first) gets a leading apostrophe: user text in a
/// CSV is data, never a formula.
fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn rows(group: &str, r: &Report) -> Vec<[String; 3]> {
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let rate = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
    let mut rows: Vec<(String, String)> = vec![
        ("conversations".into(), r.conversations.to_string()),
        ("tickets".into(), r.tickets.to_string()),
        ("deflection_rate".into(), rate(r.deflection.rate)),
    ];
    for (name, t) in [("first_response", &r.first_response), ("resolution", &r.resolution)] {
        for (time, d) in [("", &t.wall), ("business_", &t.business)] {
            rows.push((format!("{name}_{time}mean_secs"), int(d.mean_secs)));
            rows.push((format!("{name}_{time}median_secs"), int(d.median_secs)));
            rows.push((format!("{name}_{time}p90_secs"), int(d.p90_secs)));
        }
    }
    rows.extend([
        ("resolution_rate".into(), rate(r.resolution_rate.rate)),
        ("reopen_rate".into(), rate(r.reopen_rate.rate)),
        ("sla_first_response_compliance".into(), rate(r.sla.first_response.rate)),
        ("sla_resolution_compliance".into(), rate(r.sla.resolution.rate)),
        ("csat_average".into(), rate(r.csat.average)),
        ("csat_count".into(), r.csat.count.to_string()),
    ]);
    for level in &r.sla.by_level {
        rows.push((format!("sla_first_response_compliance_{}", level.level), rate(level.first_response.rate)));
        rows.push((format!("sla_resolution_compliance_{}", level.level), rate(level.resolution.rate)));
    }
    rows.extend(r.escalation.iter().map(|e| (format!("escalation_rate_{}", e.level), rate(e.escalated.rate))));
    for v in &r.vendors {
        let vendor = csv_cell(&v.vendor);
        rows.extend([
            (format!("vendor_tickets:{vendor}"), v.tickets.to_string()),
            (format!("vendor_waiting:{vendor}"), v.waiting.to_string()),
            (format!("vendor_wait_median_secs:{vendor}"), int(v.waits.median_secs)),
            (format!("vendor_wait_mean_secs:{vendor}"), int(v.waits.mean_secs)),
            (format!("vendor_response_compliance:{vendor}"), rate(v.response.rate)),
            (format!("vendor_resolution_compliance:{vendor}"), rate(v.resolution.rate)),
        ]);
    }
    rows.extend(r.csat.distribution.iter().map(|(score, n)| (format!("csat_{score}"), n.to_string())));
    for a in &r.articles {
        for (fate, n) in [
            ("shown", a.shown),
            ("solved", a.solved),
            ("not_solved", a.not_solved),
            ("ticket", a.ticket),
            ("no_feedback", a.no_feedback),
        ] {
            rows.push((format!("article_{fate}:{}", a.article), n.to_string()));
        }
    }
    let mut out: Vec<[String; 3]> =
        rows.into_iter().map(|(metric, value)| [group.to_string(), metric, value]).collect();
    // Each rating is its own group of attributes, comment included.
    for rating in &r.ratings {
        let key = format!("rating:{}@{}", rating.ticket.0, rating.at.format("%Y-%m-%dT%H:%M:%SZ"));
        let attributes = [
            ("score", rating.score.to_string()),
            ("agent", rating.agent.clone().unwrap_or_default()),
            ("level", rating.level.map(|l| l.to_string()).unwrap_or_default()),
            ("articles", rating.articles.join(" ")),
            ("comment", rating.comment.clone().unwrap_or_default()),
        ];
        for (name, value) in attributes {
            out.push([key.clone(), name.to_string(), csv_cell(&value)]);
        }
    }
    out
}

/// Long-format CSV (`group,metric,value`), one row per figure; `all` is
/// the whole window, `rating:<ticket>@<time>` one rating. Empty values
/// mean "nothing to count".
pub fn csv(output: &StatsOutput) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["group", "metric", "value"])?;
    let mut all = rows("all", &output.report);
    for group in &output.groups {
        all.extend(rows(&csv_cell(&group.key), &group.report).into_iter().filter(|row| !row[0].starts_with("rating:")));
    }
    for row in all {
        writer.write_record(&row)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_stays_on_its_line_and_never_becomes_a_formula() {
        assert_eq!(one_line("bad\n1★ ticket 9 — forged"), "bad 1★ ticket 9 — forged");
        assert_eq!(one_line(&"x".repeat(300)).chars().count(), COMMENT_CHARS + 1);
        assert_eq!(csv_cell("=HYPERLINK(\"http://evil\")"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("fine"), "fine");
    }
}
