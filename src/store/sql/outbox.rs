//! The transactional outbox: messages are enqueued in the transaction of
//! the change that causes them and sent by the delivery worker, in order per
//! destination.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{ts, DbPool};
use crate::domain::{Channel, Outbound};
use crate::store::{OutboxRow, StoreError, StoreResult};

/// Due rows of `channel`, oldest first. Only the oldest pending row of each
/// destination is eligible, so a failed message holds back the ones queued
/// after it.
pub(super) async fn due(
    pool: &DbPool,
    channel: Channel,
    now: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<OutboxRow>> {
    let rows = sqlx::query(
        "SELECT o.id, CAST(o.payload AS TEXT) AS payload, o.attempts FROM outbox o
         WHERE o.channel = $1 AND o.sent_at IS NULL AND NOT o.dead AND o.due_at <= $2
           AND o.id = (SELECT MIN(p.id) FROM outbox p
                       WHERE p.channel = o.channel AND p.destination = o.destination
                         AND p.sent_at IS NULL AND NOT p.dead)
         ORDER BY o.id LIMIT $3",
    )
    .bind(channel.as_str())
    .bind(ts(now))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        match decode(row) {
            Ok((message, attempts)) => due.push(OutboxRow { id, message, attempts }),
            // One unreadable row must not hold up everyone's messages: it is
            // dead-lettered with the reason, and the others go on.
            Err(error) => {
                tracing::error!(outbox = id, %error, "unreadable outbox row dead-lettered");
                mark_failed(pool, id, &error.to_string(), now, true).await?;
            }
        }
    }
    Ok(due)
}

fn decode(row: &super::DbRow) -> StoreResult<(Outbound, i64)> {
    let payload: &str = row.try_get("payload")?;
    let message =
        serde_json::from_str(payload).map_err(|e| StoreError::Corrupt { table: "outbox", detail: e.to_string() })?;
    Ok((message, row.try_get("attempts")?))
}

pub(super) async fn mark_sent(pool: &DbPool, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2").bind(ts(now)).bind(id).execute(pool).await?;
    Ok(())
}

pub(super) async fn mark_failed(
    pool: &DbPool,
    id: i64,
    error: &str,
    retry_at: DateTime<Utc>,
    dead: bool,
) -> StoreResult<()> {
    sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, due_at = $2, dead = $3 WHERE id = $4")
        .bind(error)
        .bind(ts(retry_at))
        .bind(dead)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Moves a row to `retry_at` without counting an attempt.
pub(super) async fn postpone(pool: &DbPool, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE outbox SET last_error = $1, due_at = $2 WHERE id = $3")
        .bind(reason)
        .bind(ts(retry_at))
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn depth(pool: &DbPool) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND NOT dead").fetch_one(pool).await?)
}
