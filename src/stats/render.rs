//! The report as people and tools read it: a text page, a short chat
//! summary for `/stats`, CSV rows and JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::domain::Lang;
use crate::i18n::t;

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

/// The page's words in one language.
#[derive(Clone, Copy)]
struct Words(Lang);

impl Words {
    fn say(self, key: &str) -> String {
        t(self.0, key, &[])
    }

    fn say_with(self, key: &str, args: &[(&str, String)]) -> String {
        t(self.0, key, args)
    }

    /// `head` left-aligned to `width` characters, or as long as it is: a
    /// translated column heading never runs into the next one.
    fn column(self, key: &str, width: usize) -> String {
        let head = self.say(key);
        let width = width.max(head.chars().count() + 1);
        format!("{head:<width$}")
    }

    fn ratio(self, r: &Ratio, of: &str) -> String {
        let of = self.say(of);
        match r.rate {
            Some(_) => self.say_with(
                "stats-ratio",
                &[
                    ("percent", percent(r.rate)),
                    ("count", r.count.to_string()),
                    ("total", r.total.to_string()),
                    ("of", of),
                ],
            ),
            None => self.say_with("stats-ratio-none", &[("of", of)]),
        }
    }

    fn durations(self, d: &Durations) -> String {
        match (d.mean_secs, d.median_secs, d.p90_secs) {
            (Some(mean), Some(median), Some(p90)) => self.say_with(
                "stats-durations",
                &[
                    ("mean", human_secs(mean)),
                    ("median", human_secs(median)),
                    ("p90", human_secs(p90)),
                    ("n", d.count.to_string()),
                ],
            ),
            _ => self.say("stats-durations-none"),
        }
    }

    fn timing(self, label: &str, t: &Timing, business_hours: bool, out: &mut Vec<(String, String)>) {
        out.push((self.say(label), self.durations(&t.wall)));
        if business_hours {
            out.push((format!("  {}", self.say("stats-business-time")), self.durations(&t.business)));
        }
    }

    fn csat_line(self, report: &Report) -> String {
        let csat = &report.csat;
        match csat.average {
            Some(avg) => {
                let spread: Vec<String> = csat.distribution.iter().map(|(score, n)| format!("{score}★ {n}")).collect();
                self.say_with(
                    "stats-csat-value",
                    &[("average", format!("{avg:.2}")), ("n", csat.count.to_string()), ("spread", spread.join(", "))],
                )
            }
            None => self.say("stats-csat-none"),
        }
    }

    fn rating_line(self, r: &Rating) -> String {
        let mut line =
            format!("{}★ {}", r.score, self.say_with("stats-rating-ticket", &[("ticket", r.ticket.to_string())]));
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
    fn headline(self, report: &Report, out: &mut String) {
        let escalation: Vec<String> =
            report.escalation.iter().map(|e| format!("{} {}", e.level, percent(e.escalated.rate))).collect();
        let volume = self.say_with(
            "stats-volume-value",
            &[("conversations", report.conversations.to_string()), ("tickets", report.tickets.to_string())],
        );
        let mut lines = vec![
            (self.say("stats-volume"), volume),
            (self.say("stats-deflection"), self.ratio(&report.deflection, "stats-of-conversations")),
        ];
        self.timing("stats-first-response", &report.first_response, report.business_hours, &mut lines);
        self.timing("stats-resolution-time", &report.resolution, report.business_hours, &mut lines);
        lines.extend([
            (self.say("stats-resolution-rate"), self.ratio(&report.resolution_rate, "stats-of-tickets")),
            (self.say("stats-reopen-rate"), self.ratio(&report.reopen_rate, "stats-of-resolved-tickets")),
            (self.say("stats-escalated-from"), escalation.join(" · ")),
            (self.say("stats-sla-first-response"), self.ratio(&report.sla.first_response, "stats-of-finished-clocks")),
            (self.say("stats-sla-resolution"), self.ratio(&report.sla.resolution, "stats-of-finished-clocks")),
            (self.say("stats-csat"), self.csat_line(report)),
        ]);
        let width = lines.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0).max(16);
        for (label, value) in lines {
            let _ = writeln!(out, "{label:<width$} {value}");
        }
    }

    fn sla_section(self, report: &Report, out: &mut String) {
        if report.sla.by_level.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{}", self.say("stats-sla-heading"));
        for level in &report.sla.by_level {
            let first = self.ratio(&level.first_response, "stats-of-clocks");
            let _ = writeln!(
                out,
                "  {}  {} {first:<24} {} {}",
                level.level,
                self.say("stats-first-response-short"),
                self.say("stats-resolution-short"),
                self.ratio(&level.resolution, "stats-of-clocks")
            );
        }
        let running = [("running", report.sla.running.to_string()), ("handed", report.sla.handed_over.to_string())];
        let _ = writeln!(out, "  {}", self.say_with("stats-sla-running", &running));
    }

    fn articles_section(self, report: &Report, out: &mut String) {
        let _ = writeln!(
            out,
            "\n  {}{:>5} {:>7} {:>11} {:>7} {:>11}  {}",
            self.column("stats-col-article", 25),
            self.say("stats-col-shown"),
            self.say("stats-col-solved"),
            self.say("stats-col-not-solved"),
            self.say("stats-col-ticket"),
            self.say("stats-col-no-verdict"),
            self.say("stats-col-success"),
        );
        if report.articles.is_empty() {
            let _ = writeln!(out, "  {}", self.say("stats-none"));
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

    fn feedback_section(self, report: &Report, out: &mut String) {
        let _ = writeln!(out, "\n{}", self.say("stats-feedback-heading"));
        if report.ratings.is_empty() {
            let _ = writeln!(out, "  {}", self.say("stats-none"));
            return;
        }
        for rating in &report.ratings {
            let _ = writeln!(out, "  {}", self.rating_line(rating));
        }
        let by = |groups: &[super::feedback::GroupCsat]| {
            groups
                .iter()
                .map(|g| {
                    let average = g.average.map_or("–".into(), |a| format!("{a:.2}"));
                    format!("{} {average} ({})", one_line(&g.key), g.count)
                })
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let _ = writeln!(out, "  {}: {}", self.say("stats-by-agent"), by(&report.csat.by_agent));
        let _ = writeln!(out, "  {}: {}", self.say("stats-by-level"), by(&report.csat.by_level));
    }

    fn workload_section(self, report: &Report, out: &mut String) {
        if report.workload.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n{}{} (L1 L2 L3 L4)  {}  {}  {}",
            self.column("stats-col-agent", 17),
            self.say("stats-col-open"),
            self.say("stats-col-replies"),
            self.say("stats-col-resolved"),
            self.say("stats-col-first-response-median"),
        );
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

    fn vendors_section(self, report: &Report, out: &mut String) {
        if report.vendors.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n{}{}  {}  {}  {}",
            self.column("stats-col-vendor", 19),
            self.say("stats-col-tickets"),
            self.say("stats-col-waiting"),
            self.say("stats-col-wait"),
            self.say("stats-col-contract-kept"),
        );
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
                self.ratio(&v.response, "stats-of-clocks"),
                self.ratio(&v.resolution, "stats-of-clocks")
            );
        }
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

fn window(report: &Report) -> String {
    format!("{} → {} UTC", report.since.format("%Y-%m-%d %H:%M"), report.until.format("%Y-%m-%d %H:%M"))
}

/// The short summary posted for `/stats` in a staff space, in `lang`: the
/// headline, then the window's low ratings with their comments.
pub fn summary_text(report: &Report, lang: Lang) -> String {
    let words = Words(lang);
    let mut out = format!("📊 {}\n", words.say_with("stats-summary-title", &[("window", window(report))]));
    words.headline(report, &mut out);
    let low: Vec<&Rating> = report.ratings.iter().filter(|r| r.score <= LOW_SCORE).collect();
    if !low.is_empty() {
        let args = [("n", low.len().to_string()), ("score", LOW_SCORE.to_string())];
        let _ = writeln!(out, "\n{}", words.say_with("stats-low-ratings", &args));
        for rating in low.iter().take(LOW_RATINGS_IN_CHAT) {
            let _ = writeln!(out, "  {}", words.rating_line(rating));
        }
        if low.len() > LOW_RATINGS_IN_CHAT {
            let more = [("n", (low.len() - LOW_RATINGS_IN_CHAT).to_string())];
            let _ = writeln!(out, "  {}", words.say_with("stats-low-ratings-more", &more));
        }
    }
    out.trim_end().to_string()
}

/// The full text page of `escala stats`, in `lang`.
pub fn text(output: &StatsOutput, lang: Lang) -> String {
    let words = Words(lang);
    let report = &output.report;
    let mut out = format!("{}\n\n", words.say_with("stats-page-title", &[("window", window(report))]));
    words.headline(report, &mut out);
    words.sla_section(report, &mut out);
    words.vendors_section(report, &mut out);
    words.articles_section(report, &mut out);
    words.feedback_section(report, &mut out);
    let _ = writeln!(out, "\n{}", words.say("stats-gaps-heading"));
    if report.top_gaps.is_empty() {
        let _ = writeln!(out, "  {}", words.say("stats-none"));
    }
    for g in &report.top_gaps {
        let _ = writeln!(out, "  {:>4}×  [{}]  {}", g.count, g.lang, one_line(&g.example));
    }
    let _ = writeln!(
        out,
        "\n{}{}  {}  {}  {}  CSAT",
        words.column("stats-col-day", 13),
        words.say("stats-col-conversations"),
        words.say("stats-col-tickets"),
        words.say("stats-col-resolved"),
        words.say("stats-col-ratings"),
    );
    for (d, c) in report.daily.iter().zip(&report.csat.trend) {
        let avg = c.average.map_or("–".to_string(), |a| format!("{a:.2}"));
        let _ = writeln!(
            out,
            "{}  {:>13}  {:>7}  {:>8}  {:>7}  {avg}",
            d.date, d.conversations, d.tickets, d.resolved, c.count
        );
    }
    if output.by == Some(Dimension::Agent) {
        words.workload_section(report, &mut out);
    }
    for group in &output.groups {
        let _ = writeln!(out, "\n── {} ──", one_line(&group.key));
        words.headline(&group.report, &mut out);
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
