//! The audit log: staff and admin actions outside a ticket's history.

use sqlx::Row;

use super::{read_ts, ts, DbConn, DbPool};
use crate::store::{AuditFilter, AuditRow, NewAudit, StoreError, StoreResult};

pub(super) async fn record(conn: &mut DbConn, audit: &NewAudit) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_events (at, actor, channel, action, payload) VALUES ($1, $2, $3, $4, $5)")
        .bind(ts(audit.at))
        .bind(&audit.actor)
        .bind(&audit.channel)
        .bind(&audit.action)
        .bind(audit.payload.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The rows `filter` selects, oldest first.
pub(super) async fn list(pool: &DbPool, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
    // Binding NULL for an absent bound keeps one statement for every filter.
    let rows = sqlx::query(
        "SELECT id, at, actor, channel, action, payload FROM audit_events
         WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR actor = $2)
         ORDER BY id LIMIT $3",
    )
    .bind(filter.since.map(ts))
    .bind(filter.actor.as_deref())
    .bind(filter.limit.unwrap_or(10_000))
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let payload: String = row.try_get("payload")?;
            Ok(AuditRow {
                id: row.try_get("id")?,
                at: read_ts("audit_events", row, "at")?,
                actor: row.try_get("actor")?,
                channel: row.try_get("channel")?,
                action: row.try_get("action")?,
                payload: serde_json::from_str(&payload)
                    .map_err(|e| StoreError::Corrupt { table: "audit_events", detail: e.to_string() })?,
            })
        })
        .collect()
}
