//! Rows as domain values: one mapper per table, shared by every query that
//! reads it. A value that does not parse makes the row `Corrupt`.

use sqlx::Row;

use super::{parse_field, read_opt_ts, read_ts, DbRow};
use crate::domain::sla::{ClockKind, SlaClock, TimerKind};
use crate::domain::{ContactId, Lang, Level, Priority, Ticket, TicketId, TicketState};
use crate::store::{ArticleViewRow, Author, Contact, LoggedQueryRow, MessageRow, StoreError, StoreResult, TimerRow};

pub(super) fn ticket(row: &DbRow) -> StoreResult<Ticket> {
    const T: &str = "tickets";
    Ok(Ticket {
        id: TicketId(row.try_get("id")?),
        contact: ContactId(row.try_get("contact_id")?),
        channel: parse_field(T, row.try_get::<&str, _>("channel")?)?,
        lang: parse_field(T, row.try_get::<&str, _>("lang")?)?,
        level: parse_field::<Level>(T, row.try_get::<&str, _>("level")?)?,
        priority: parse_field::<Priority>(T, row.try_get::<&str, _>("priority")?)?,
        state: parse_field::<TicketState>(T, row.try_get::<&str, _>("state")?)?,
        assignee: row.try_get("assignee")?,
        subject: row.try_get("subject")?,
        created_at: read_ts(T, row, "created_at")?,
        updated_at: read_ts(T, row, "updated_at")?,
        first_response_at: read_opt_ts(T, row, "first_response_at")?,
        resolved_at: read_opt_ts(T, row, "resolved_at")?,
        closed_at: read_opt_ts(T, row, "closed_at")?,
        csat: row.try_get::<Option<i64>, _>("csat")?.map(|c| c.clamp(0, 5) as u8),
        vendor: row.try_get("vendor")?,
        vendor_reference: row.try_get("vendor_reference")?,
        version: row.try_get("version")?,
    })
}

pub(super) fn contact(row: &DbRow) -> StoreResult<Contact> {
    const T: &str = "contacts";
    Ok(Contact {
        id: ContactId(row.try_get("id")?),
        channel: parse_field(T, row.try_get::<&str, _>("channel")?)?,
        external_id: row.try_get("external_id")?,
        chat_id: row.try_get("chat_id")?,
        display_name: row.try_get("display_name")?,
        lang: row.try_get::<Option<&str>, _>("lang")?.and_then(Lang::from_locale),
        dialogue: row.try_get("dialogue")?,
        blocked: row.try_get("blocked")?,
    })
}

pub(super) fn message(row: &DbRow) -> StoreResult<MessageRow> {
    Ok(MessageRow {
        author: Author::parse(row.try_get("author")?),
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        at: read_ts("messages", row, "created_at")?,
    })
}

pub(super) fn logged_query(row: &DbRow) -> StoreResult<LoggedQueryRow> {
    const T: &str = "kb_queries";
    Ok(LoggedQueryRow {
        text: row.try_get("text")?,
        lang: parse_field(T, row.try_get::<&str, _>("lang")?)?,
        best_article: row.try_get("best_article")?,
        confidence: row.try_get::<f64, _>("confidence")? as f32,
        outcome: parse_field(T, row.try_get::<&str, _>("outcome")?)?,
        fate: row.try_get::<Option<&str>, _>("fate")?.map(|f| parse_field(T, f)).transpose()?,
        resolved_ticket: row.try_get::<Option<i64>, _>("resolved_ticket")?.map(TicketId),
        at: read_ts(T, row, "created_at")?,
    })
}

pub(super) fn article_view(row: &DbRow) -> StoreResult<ArticleViewRow> {
    const T: &str = "article_views";
    Ok(ArticleViewRow {
        article: row.try_get("article_id")?,
        lang: parse_field(T, row.try_get::<&str, _>("lang")?)?,
        question: row.try_get("question")?,
        asked_lang: row.try_get::<Option<&str>, _>("asked_lang")?.map(|l| parse_field(T, l)).transpose()?,
        shown_at: read_ts(T, row, "shown_at")?,
        fate: row.try_get::<Option<&str>, _>("fate")?.map(|f| parse_field(T, f)).transpose()?,
        ticket: row.try_get::<Option<i64>, _>("ticket_id")?.map(TicketId),
    })
}

pub(super) fn clock(row: &DbRow) -> StoreResult<SlaClock> {
    const T: &str = "sla_clocks";
    let kind: String = row.try_get("clock")?;
    let time = |column: &str| read_opt_ts(T, row, column);
    Ok(SlaClock {
        id: Some(row.try_get("id")?),
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: ClockKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("clock `{kind}`") })?,
        level: parse_field(T, row.try_get::<&str, _>("level")?)?,
        priority: parse_field(T, row.try_get::<&str, _>("priority")?)?,
        target_secs: row.try_get("target_secs")?,
        remaining_secs: row.try_get("remaining_secs")?,
        running_since: time("running_since")?,
        due_at: time("due_at")?,
        warn_at: time("warn_at")?,
        warned_at: time("warned_at")?,
        breached_at: time("breached_at")?,
        met_at: time("met_at")?,
        handed_over_at: time("handed_over_at")?,
    })
}

pub(super) fn timer(row: &DbRow) -> StoreResult<TimerRow> {
    const T: &str = "timers";
    let kind: String = row.try_get("kind")?;
    Ok(TimerRow {
        id: row.try_get("id")?,
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: TimerKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("kind `{kind}`") })?,
        due_at: read_ts(T, row, "due_at")?,
    })
}

/// A JSON payload read as text (`CAST(payload AS TEXT)` on both backends).
/// A `ticket_events` row read as `at, actor, kind, CAST(payload AS TEXT) AS payload`.
pub(super) fn event(row: &DbRow) -> StoreResult<crate::store::EventRow> {
    Ok(crate::store::EventRow {
        at: read_ts("ticket_events", row, "at")?,
        actor: row.try_get("actor")?,
        kind: row.try_get("kind")?,
        payload: json_payload(row)?,
    })
}

pub(super) fn json_payload(row: &DbRow) -> StoreResult<serde_json::Value> {
    Ok(serde_json::from_str(row.try_get("payload")?).unwrap_or(serde_json::Value::Null))
}
