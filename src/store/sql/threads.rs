//! Which platform topic or thread is a ticket's staff space, both ways.

use chrono::{DateTime, Utc};

use sqlx::Row;

use super::{read_opt_ts, read_ts, ts, DbPool};
use crate::domain::{Channel, TicketId};
use crate::store::{CatchUpPoint, StoreResult};

pub(super) async fn set(
    pool: &DbPool,
    ticket: TicketId,
    channel: Channel,
    thread_ref: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO staff_threads (ticket_id, channel, thread_ref, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ticket_id, channel) DO UPDATE SET thread_ref = excluded.thread_ref",
    )
    .bind(ticket.0)
    .bind(channel.as_str())
    .bind(thread_ref)
    .bind(ts(now))
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn of_ticket(pool: &DbPool, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT thread_ref FROM staff_threads WHERE ticket_id = $1 AND channel = $2")
        .bind(ticket.0)
        .bind(channel.as_str())
        .fetch_optional(pool)
        .await?)
}

pub(super) async fn ticket_of(pool: &DbPool, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT ticket_id FROM staff_threads WHERE channel = $1 AND thread_ref = $2")
            .bind(channel.as_str())
            .bind(thread_ref)
            .fetch_optional(pool)
            .await?;
    Ok(id.map(TicketId))
}

/// Open conversations' users and open tickets' staff spaces on `channel`,
/// each with the time of its last stored message (or its start). The
/// latest message is looked up per conversation and per ticket, on their
/// indexes, rather than by joining every message.
pub(super) async fn catch_up_points(pool: &DbPool, channel: Channel) -> StoreResult<Vec<CatchUpPoint>> {
    let users = sqlx::query(
        "SELECT c.external_id,
                (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = cv.id) AS in_conversation,
                (SELECT MAX(m.created_at) FROM messages m WHERE m.ticket_id = t.id) AS in_ticket,
                cv.started_at, t.created_at AS opened_at
         FROM contacts c
         LEFT JOIN conversations cv ON cv.contact_id = c.id AND cv.ended_at IS NULL
         LEFT JOIN tickets t ON t.contact_id = c.id AND t.state <> 'closed'
         WHERE c.channel = $1 AND (cv.id IS NOT NULL OR t.id IS NOT NULL)",
    )
    .bind(channel.as_str())
    .fetch_all(pool)
    .await?;
    let mut latest: std::collections::BTreeMap<String, DateTime<Utc>> = Default::default();
    for row in &users {
        let mut seen = None;
        for column in ["in_conversation", "in_ticket", "started_at", "opened_at"] {
            seen = seen.max(read_opt_ts("messages", row, column)?);
        }
        let id: String = row.try_get("external_id")?;
        if let Some(seen) = seen {
            let entry = latest.entry(id).or_insert(seen);
            *entry = (*entry).max(seen);
        }
    }
    let mut points: Vec<CatchUpPoint> =
        latest.into_iter().map(|(external_id, last_seen)| CatchUpPoint::User { external_id, last_seen }).collect();
    let threads = sqlx::query(
        "SELECT s.thread_ref, t.created_at,
                (SELECT MAX(m.created_at) FROM messages m WHERE m.ticket_id = t.id) AS last_message
         FROM staff_threads s JOIN tickets t ON t.id = s.ticket_id
         WHERE s.channel = $1 AND t.state <> 'closed'",
    )
    .bind(channel.as_str())
    .fetch_all(pool)
    .await?;
    for row in &threads {
        let opened = read_ts("tickets", row, "created_at")?;
        let last_seen = read_opt_ts("messages", row, "last_message")?.map_or(opened, |m| m.max(opened));
        points.push(CatchUpPoint::StaffThread { thread_ref: row.try_get("thread_ref")?, last_seen });
    }
    Ok(points)
}
