//! Which platform topic or thread is a ticket's staff space, both ways.

use chrono::{DateTime, Utc};

use super::{ts, DbPool};
use crate::domain::{Channel, TicketId};
use crate::store::StoreResult;

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
