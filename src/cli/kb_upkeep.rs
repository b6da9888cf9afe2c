//! The KB upkeep commands that read what users did from the store: `kb
//! gaps` (what to write next, and from which tickets), `kb health` (what to
//! fix first) and `kb draft` (a new article from a resolved ticket).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use escala::config::Config;
use escala::domain::{TicketEvent, TicketId};
use escala::kb::{self, DraftSource};
use escala::stats::{self, KbHealth, Since};
use escala::store::Author;

use super::out;

pub async fn gaps(config: &Config, days: i64, limit: usize) -> anyhow::Result<ExitCode> {
    let store = escala::runtime::open_store(config).await?;
    let since = Utc::now() - chrono::Duration::days(days);
    let rows = store.logged_queries(since).await?;
    let queries: Vec<kb::LoggedQuery> = rows.iter().map(kb::LoggedQuery::from).collect();
    let clusters = kb::cluster_gaps(&queries, limit);
    if clusters.is_empty() {
        out::line(format_args!("no unanswered questions in the last {days} days"))?;
    }
    for cluster in clusters {
        out::line(format_args!("{:>4}×  [{}]  {}", cluster.count, cluster.lang, cluster.example))?;
        for sample in &cluster.samples {
            out::line(format_args!("        also: {sample}"))?;
        }
        if !cluster.articles.is_empty() {
            out::line(format_args!("        tried, did not settle it: {}", cluster.articles.join(", ")))?;
        }
        if cluster.wants_draft() {
            let tickets: Vec<String> = cluster.tickets.iter().map(|t| t.to_string()).collect();
            out::line(format_args!(
                "        no article yet; resolved tickets: {} (escala kb draft {})",
                tickets.join(", "),
                cluster.tickets[0].0
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn health(config: &Config, since: Since, format: &str) -> anyhow::Result<ExitCode> {
    let store = escala::runtime::open_store(config).await?;
    let loaded = escala::runtime::load_kb(&config.kb.dir, config.kb_max_file_bytes(), config.kb_index_dir()).await?;
    let now = Utc::now();
    let start = since.start(now);
    let views = store.stats_input(start).await?.views;
    let report =
        tokio::task::spawn_blocking(move || stats::kb_health(&loaded, &views, start, now, &stats::file_modified))
            .await?;
    if format == "json" {
        out::json_pretty(&report)?;
    } else {
        out::print(&health_text(&report))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn health_text(report: &KbHealth) -> String {
    use std::fmt::Write as _;
    let pct = |rate: Option<f64>| rate.map_or("–".to_string(), |r| format!("{:.0} %", r * 100.0));
    let mut out = format!(
        "KB health, {} → {} UTC\n\nArticle                   lang  shown  solved  not solved  ticket  no verdict  success  last shown\n",
        report.since.format("%Y-%m-%d %H:%M"),
        report.until.format("%Y-%m-%d %H:%M")
    );
    if report.articles.is_empty() {
        out.push_str("  none shown\n");
    }
    for a in &report.articles {
        let lang = a.lang.map(|l| l.to_string()).unwrap_or_default();
        let last = a.last_shown.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<25} {lang:<4} {:>6} {:>7} {:>11} {:>7} {:>11} {:>8}  {last}",
            a.article,
            a.shown,
            a.solved,
            a.not_solved,
            a.ticket,
            a.no_feedback,
            pct(a.success_rate)
        );
    }
    out.push_str("\nFix these first (showings that became tickets)\n");
    if report.ticket_leaders.is_empty() {
        out.push_str("  none\n");
    }
    for a in &report.ticket_leaders {
        let lang = a.lang.map(|l| l.to_string()).unwrap_or_default();
        let _ = writeln!(out, "  {:>4} of {:>4}  {} [{lang}]", a.led_to_ticket, a.shown, a.article);
    }
    out.push_str("\nNever shown in the window\n");
    if report.never_shown.is_empty() {
        out.push_str("  none\n");
    }
    // One line per article, its unshown translations together.
    let mut never: Vec<(&str, Vec<String>)> = Vec::new();
    for a in &report.never_shown {
        match never.last_mut() {
            Some((article, langs)) if *article == a.article => langs.push(a.lang.to_string()),
            _ => never.push((&a.article, vec![a.lang.to_string()])),
        }
    }
    for (article, langs) in never {
        let _ = writeln!(out, "  {article} [{}]", langs.join(", "));
    }
    out.push_str("\nTranslations missing or behind the newest one\n");
    if report.translations.is_empty() {
        out.push_str("  none\n");
    }
    // Missing translations of an article on one line; each one behind on its own.
    let mut missing: Vec<(&str, Vec<String>, String)> = Vec::new();
    for t in report.translations.iter().filter(|t| t.updated.is_none()) {
        let newest = format!("[{}] {}", t.source_lang, t.source_updated);
        match missing.last_mut() {
            Some((article, langs, _)) if *article == t.article => langs.push(t.lang.to_string()),
            _ => missing.push((&t.article, vec![t.lang.to_string()], newest)),
        }
    }
    for (article, langs, newest) in missing {
        let _ = writeln!(out, "  {article}: no [{}] translation (newest {newest})", langs.join(", "));
    }
    for t in &report.translations {
        if let Some(updated) = &t.updated {
            let _ = writeln!(
                out,
                "  {} [{}] updated {updated}, behind [{}] updated {}",
                t.article, t.lang, t.source_lang, t.source_updated
            );
        }
    }
    out.push_str("\nAnswered only in another language\n");
    if report.cross_language.is_empty() {
        out.push_str("  none\n");
    }
    for c in &report.cross_language {
        let _ =
            writeln!(out, "  {:>4}×  [{}] {} → {} [{}]", c.count, c.asked_lang, c.question, c.article, c.article_lang);
    }
    if !report.drafts.is_empty() {
        out.push_str("\nDrafts waiting for review (not served)\n");
        for d in &report.drafts {
            let _ = writeln!(out, "  {} [{}]", d.article, d.lang);
        }
    }
    out
}

pub async fn draft(config: &Config, ticket: TicketId, dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let store = escala::runtime::open_store(config).await?;
    let history = store.ticket_history(ticket).await?.ok_or_else(|| anyhow::anyhow!("there is no ticket {ticket}"))?;
    let summary =
        history.events.iter().rev().find_map(|e| match serde_json::from_value::<TicketEvent>(e.payload.clone()) {
            Ok(TicketEvent::Resolved { summary }) => Some(summary),
            _ => None,
        });
    let Some(summary) = summary else {
        anyhow::bail!(
            "ticket {ticket} was never resolved: a draft starts from a resolution (escala tickets resolve {ticket} …)"
        );
    };
    let source = DraftSource {
        ticket,
        lang: history.ticket.lang,
        subject: history.ticket.subject.clone(),
        question: history.messages.iter().find(|m| m.author == Author::User).map(|m| m.body.clone()),
        summary,
        replies: history.messages.iter().filter(|m| m.author == Author::Agent).map(|m| m.body.clone()).collect(),
        at: Utc::now(),
    };
    let draft = kb::draft_article(&source).context("cannot write the draft's front matter")?;
    let path = dir.unwrap_or_else(|| config.kb.dir.clone()).join(&draft.relative_path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // `create_new`: an admin's edits of an earlier draft are never overwritten.
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists: edit it, or move it away to draft again", path.display())
        } else {
            anyhow::anyhow!("cannot create {}: {e}", path.display())
        }
    })?;
    file.write_all(draft.text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    out::line(format_args!(
        "wrote {} (draft: true, not served). Edit it, remove `draft: true`, then run `escala kb check`.",
        path.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
