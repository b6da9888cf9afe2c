//! What the reports read: the window's rows in one snapshot for `escala
//! stats`, and grouped counts for the Prometheus gauges.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{parse_field, read_opt_ts, read_ts, rows, ts, Db, DbPool};
use crate::domain::{ConversationId, TicketId};
use crate::store::{
    ConversationStatRow, GaugeCounts, OpenLoadRow, SlaClockStatRow, StatsInput, StoreResult, TicketEventStatRow,
};

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
            outcome: r.try_get::<Option<&str>, _>("outcome")?.map(|o| parse_field(T, o)).transpose()?,
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
        "SELECT e.ticket_id, e.at, e.actor, e.kind, CAST(e.payload AS TEXT) AS payload,
                t.level AS ticket_level, t.assignee AS ticket_assignee
         FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.at >= $1 ORDER BY e.id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(|r| {
        Ok(TicketEventStatRow {
            ticket: TicketId(r.try_get("ticket_id")?),
            at: read_ts("ticket_events", r, "at")?,
            actor: r.try_get("actor")?,
            ticket_level: parse_field("tickets", r.try_get::<&str, _>("ticket_level")?)?,
            ticket_assignee: r.try_get("ticket_assignee")?,
            kind: r.try_get("kind")?,
            payload: rows::json_payload(r)?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let queries = sqlx::query(&format!(
        "SELECT {} FROM kb_queries q WHERE q.created_at >= $1 ORDER BY q.id",
        super::conversations::QUERY_COLUMNS
    ))
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(rows::logged_query)
    .collect::<StoreResult<Vec<_>>>()?;
    let sla_clocks = sqlx::query(
        "SELECT s.ticket_id, s.clock, s.level, s.priority, s.target_secs, s.breached_at, s.met_at, s.handed_over_at
         FROM sla_clocks s JOIN tickets t ON t.id = s.ticket_id
         WHERE t.created_at >= $1 ORDER BY s.ticket_id, s.id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(|r| {
        const T: &str = "sla_clocks";
        Ok(SlaClockStatRow {
            ticket: TicketId(r.try_get("ticket_id")?),
            clock: parse_field(T, r.try_get::<&str, _>("clock")?)?,
            level: parse_field(T, r.try_get::<&str, _>("level")?)?,
            priority: parse_field(T, r.try_get::<&str, _>("priority")?)?,
            target_secs: r.try_get("target_secs")?,
            breached_at: read_opt_ts(T, r, "breached_at")?,
            met_at: read_opt_ts(T, r, "met_at")?,
            handed_over_at: read_opt_ts(T, r, "handed_over_at")?,
        })
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let views = sqlx::query(
        "SELECT v.article_id, v.lang, q.text AS question, q.lang AS asked_lang, v.shown_at, v.fate, t.id AS ticket_id
         FROM article_views v
         LEFT JOIN kb_queries q ON q.id = v.query_id
         LEFT JOIN tickets t ON t.conversation_id = v.conversation_id
         WHERE v.shown_at >= $1 ORDER BY v.id",
    )
    .bind(ts(since))
    .fetch_all(&mut *snapshot)
    .await?
    .iter()
    .map(rows::article_view)
    .collect::<StoreResult<Vec<_>>>()?;
    let open_load = open_load(&mut *snapshot).await?;
    snapshot.commit().await?;
    Ok(StatsInput { conversations, tickets, events, queries, sla_clocks, views, open_load })
}

/// Tickets not resolved or closed, per assignee and level.
async fn open_load<'c, E>(executor: E) -> StoreResult<Vec<OpenLoadRow>>
where
    E: sqlx::Executor<'c, Database = Db>,
{
    sqlx::query(
        "SELECT assignee, level, COUNT(*) AS n FROM tickets WHERE state NOT IN ('resolved', 'closed')
         GROUP BY assignee, level ORDER BY assignee, level",
    )
    .fetch_all(executor)
    .await?
    .iter()
    .map(|r| {
        Ok(OpenLoadRow {
            agent: r.try_get("assignee")?,
            level: parse_field("tickets", r.try_get::<&str, _>("level")?)?,
            count: r.try_get("n")?,
        })
    })
    .collect()
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
        "SELECT clock, level, COUNT(*) AS n FROM sla_clocks WHERE breached_at IS NOT NULL
         GROUP BY clock, level ORDER BY clock, level",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        const T: &str = "sla_clocks";
        Ok((
            parse_field(T, r.try_get::<&str, _>("clock")?)?,
            parse_field(T, r.try_get::<&str, _>("level")?)?,
            r.try_get("n")?,
        ))
    })
    .collect::<StoreResult<Vec<_>>>()?;
    let open_load = open_load(pool).await?;
    Ok(GaugeCounts { tickets, sla_breaches, open_load })
}
