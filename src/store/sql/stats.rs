//! What the reports read: the window's rows in one snapshot for `escala
//! stats`, and grouped counts for the Prometheus gauges.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{parse_field, read_opt_ts, read_ts, rows, ts, Db, DbPool};
use crate::domain::{ConversationId, TicketId};
use crate::store::{ConversationStatRow, GaugeCounts, SlaClockStatRow, StatsInput, StoreResult, TicketEventStatRow};

/// The rows of the window from `since`, read in `snapshot` (a read
/// transaction whose reads agree with each other while the bot writes).
pub(super) async fn input(
    mut snapshot: sqlx::Transaction<'static, Db>,
    since: DateTime<Utc>,
) -> StoreResult<StatsInput> {
    let conversations = sqlx::query(
        "SELECT c.id, k.channel, c.lang, c.started_at, c.outcome FROM conversations c
         JOIN contacts k ON k.id = c.contact_id WHERE c.started_at >= $1 ORDER BY c.id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(|r| {
        const T: &str = "conversations";
        Ok(ConversationStatRow {
            id: ConversationId(r.try_get("id")?),
            channel: parse_field(T, r.try_get::<&str, _>("channel")?)?,
            lang: parse_field(T, r.try_get::<&str, _>("lang")?)?,
            started_at: read_ts(T, r, "started_at")?,
            outcome: r.try_get("outcome")?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let tickets = sqlx::query("SELECT * FROM tickets WHERE created_at >= $1 ORDER BY id")
        .bind(ts(since))
        .fetch_all(&mut *snapshot)
        .await?
        .iter()
        .map(rows::ticket)
        .collect::<StoreResult<Vec<_>>>()?;
    let events = sqlx::query(
        "SELECT ticket_id, at, kind, CAST(payload AS TEXT) AS payload FROM ticket_events WHERE at >= $1 ORDER BY id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(|r| {
        Ok(TicketEventStatRow {
            ticket: TicketId(r.try_get("ticket_id")?),
            at: read_ts("ticket_events", r, "at")?,
            kind: r.try_get("kind")?,
            payload: rows::json_payload(r)?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let queries = sqlx::query(
        "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
         WHERE created_at >= $1 ORDER BY id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(rows::logged_query)
    .collect::<StoreResult<Vec<_>>>()?;
    let sla_clocks = sqlx::query(
        "SELECT s.ticket_id, s.clock, s.level, s.priority, s.target_secs, s.breached_at, s.met_at
         FROM sla_clocks s JOIN tickets t ON t.id = s.ticket_id
         WHERE t.created_at >= $1 ORDER BY s.ticket_id, s.clock",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(|r| {
        const T: &str = "sla_clocks";
        Ok(SlaClockStatRow {
            ticket: TicketId(r.try_get("ticket_id")?),
            clock: r.try_get("clock")?,
            level: parse_field(T, r.try_get::<&str, _>("level")?)?,
            priority: parse_field(T, r.try_get::<&str, _>("priority")?)?,
            target_secs: r.try_get("target_secs")?,
            breached_at: read_opt_ts(T, r, "breached_at")?,
            met_at: read_opt_ts(T, r, "met_at")?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    snapshot.commit().await?;
    Ok(StatsInput { conversations, tickets, events, queries, sla_clocks })
}

pub(super) async fn gauges(pool: &DbPool) -> StoreResult<GaugeCounts> {
    let tickets = sqlx::query("SELECT level, state, COUNT(*) AS n FROM tickets GROUP BY level, state")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                parse_field("tickets", r.try_get::<&str, _>("level")?)?,
                parse_field("tickets", r.try_get::<&str, _>("state")?)?,
                r.try_get("n")?,
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let sla_breaches = sqlx::query(
        "SELECT clock, COUNT(*) AS n FROM sla_clocks WHERE breached_at IS NOT NULL GROUP BY clock ORDER BY clock",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("clock")?, r.try_get("n")?)))
    .collect::<StoreResult<Vec<_>>>()?;
    Ok(GaugeCounts { tickets, sla_breaches })
}
