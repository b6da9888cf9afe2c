//! What auto-assignment reads and keeps: who is away, each level's round
//! robin position, and how many active tickets each agent holds.

use sqlx::Row;

use super::{ts, DbConn};
use crate::domain::Level;
use crate::store::StoreResult;

/// `false` if nothing changed (already away, or already back).
pub(super) async fn set_away(
    conn: &mut DbConn,
    agent: &str,
    away: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<bool> {
    let done = if away {
        sqlx::query("INSERT INTO agents_away (agent, since) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(agent)
            .bind(ts(now))
            .execute(&mut *conn)
            .await?
    } else {
        sqlx::query("DELETE FROM agents_away WHERE agent = $1").bind(agent).execute(&mut *conn).await?
    };
    Ok(done.rows_affected() == 1)
}

pub(super) async fn away(conn: &mut DbConn) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT agent FROM agents_away ORDER BY agent").fetch_all(&mut *conn).await?)
}

pub(super) async fn cursor(conn: &mut DbConn, level: Level) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar("SELECT last_agent FROM assignment_cursor WHERE level = $1")
        .bind(level.to_string())
        .fetch_optional(&mut *conn)
        .await?)
}

pub(super) async fn set_cursor(conn: &mut DbConn, level: Level, agent: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO assignment_cursor (level, last_agent) VALUES ($1, $2)
         ON CONFLICT (level) DO UPDATE SET last_agent = excluded.last_agent",
    )
    .bind(level.to_string())
    .bind(agent)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Active (not resolved or closed) tickets per assignee, any level.
pub(super) async fn load(conn: &mut DbConn) -> StoreResult<Vec<(String, i64)>> {
    sqlx::query(
        "SELECT assignee, COUNT(*) AS n FROM tickets
         WHERE assignee IS NOT NULL AND state NOT IN ('resolved', 'closed') GROUP BY assignee",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("assignee")?, row.try_get("n")?)))
    .collect()
}
