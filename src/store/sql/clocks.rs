//! SLA clocks and ticket timers: rows with due times that the sweeper
//! claims by conditional writes, so each alert and timer fires once.

use chrono::{DateTime, Utc};

use sqlx::Row;

use super::{rows, ts, DbConn, DbPool, DbRow};
use crate::domain::sla::{SlaClock, TimerKind};
use crate::domain::TicketId;
use crate::store::{SlaAlert, StoreError, StoreResult, TimerRow};

pub(super) async fn of_ticket(conn: &mut DbConn, ticket: TicketId) -> StoreResult<Vec<SlaClock>> {
    sqlx::query("SELECT * FROM sla_clocks WHERE ticket_id = $1 ORDER BY id")
        .bind(ticket.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rows::clock)
        .collect()
}

/// Saves one clock: a new one (no id yet) is inserted, a stored one
/// updated. Callers save a stint's handed-over clocks before the new
/// stint's, as at most one clock of each kind may be current.
pub(super) async fn save(conn: &mut DbConn, c: &SlaClock) -> StoreResult<()> {
    let sql = match c.id {
        Some(_) => {
            "UPDATE sla_clocks SET ticket_id = $1, clock = $2, level = $3, priority = $4, target_secs = $5,
                 remaining_secs = $6, running_since = $7, due_at = $8, warn_at = $9, warned_at = $10,
                 breached_at = $11, met_at = $12, handed_over_at = $13
             WHERE id = $14"
        }
        None => {
            "INSERT INTO sla_clocks (ticket_id, clock, level, priority, target_secs, remaining_secs,
                 running_since, due_at, warn_at, warned_at, breached_at, met_at, handed_over_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        }
    };
    let query = sqlx::query(sql)
        .bind(c.ticket.0)
        .bind(c.kind.as_str())
        .bind(c.level.to_string())
        .bind(c.priority.as_str())
        .bind(c.target_secs)
        .bind(c.remaining_secs)
        .bind(c.running_since.map(ts))
        .bind(c.due_at.map(ts))
        .bind(c.warn_at.map(ts))
        .bind(c.warned_at.map(ts))
        .bind(c.breached_at.map(ts))
        .bind(c.met_at.map(ts))
        .bind(c.handed_over_at.map(ts));
    match c.id {
        Some(id) => query.bind(id).execute(&mut *conn).await?,
        None => query.execute(&mut *conn).await?,
    };
    Ok(())
}

/// `false` if the alert was already recorded (another sweeper won).
pub(super) async fn mark_alert(
    conn: &mut DbConn,
    clock: i64,
    alert: SlaAlert,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let column = alert.column();
    let sql = format!(
        "UPDATE sla_clocks SET {column} = $1
         WHERE id = $2 AND {column} IS NULL AND met_at IS NULL AND handed_over_at IS NULL"
    );
    let done = sqlx::query(&sql).bind(ts(now)).bind(clock).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}

/// Drops the ticket's unfired timers and sets `timers` instead.
pub(super) async fn replace_timers(
    conn: &mut DbConn,
    ticket: TicketId,
    timers: &[(TimerKind, DateTime<Utc>)],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM timers WHERE ticket_id = $1 AND fired_at IS NULL")
        .bind(ticket.0)
        .execute(&mut *conn)
        .await?;
    for (kind, due) in timers {
        schedule_timer(conn, ticket, *kind, *due).await?;
    }
    Ok(())
}

pub(super) async fn schedule_timer(
    conn: &mut DbConn,
    ticket: TicketId,
    kind: TimerKind,
    due: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO timers (ticket_id, kind, due_at) VALUES ($1, $2, $3)")
        .bind(ticket.0)
        .bind(kind.as_str())
        .bind(ts(due))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// `false` if the timer already fired or was replaced.
pub(super) async fn claim_timer(conn: &mut DbConn, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE timers SET fired_at = $1 WHERE id = $2 AND fired_at IS NULL")
        .bind(ts(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Running clocks whose warning or breach time has passed and was not yet
/// alerted, the most overdue first.
/// Unreadable rows are set aside with the reason (see `set_aside_*`), so
/// they neither stop the sweep nor come back at every one.
pub(super) async fn due_clocks(pool: &DbPool, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>> {
    let rows = sqlx::query(
        "SELECT * FROM sla_clocks
         WHERE due_at IS NOT NULL AND met_at IS NULL AND handed_over_at IS NULL AND unreadable IS NULL
           AND ((warned_at IS NULL AND warn_at <= $1) OR (breached_at IS NULL AND due_at <= $1))
         ORDER BY due_at LIMIT $2",
    )
    .bind(ts(now))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in &rows {
        match rows::clock(row) {
            Ok(clock) => due.push(clock),
            Err(error) => set_aside_clock(pool, row, &error).await?,
        }
    }
    Ok(due)
}

async fn set_aside_clock(pool: &DbPool, row: &DbRow, error: &StoreError) -> StoreResult<()> {
    let id: i64 = row.try_get("id")?;
    tracing::error!(clock = id, %error, "unreadable SLA clock set aside");
    sqlx::query("UPDATE sla_clocks SET unreadable = $1 WHERE id = $2")
        .bind(error.to_string())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn due_timers(pool: &DbPool, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>> {
    let rows = sqlx::query(
        "SELECT * FROM timers WHERE fired_at IS NULL AND unreadable IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2",
    )
    .bind(ts(now))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in &rows {
        match rows::timer(row) {
            Ok(timer) => due.push(timer),
            Err(error) => {
                let id: i64 = row.try_get("id")?;
                tracing::error!(timer = id, %error, "unreadable timer set aside");
                sqlx::query("UPDATE timers SET unreadable = $1 WHERE id = $2")
                    .bind(error.to_string())
                    .bind(id)
                    .execute(pool)
                    .await?;
            }
        }
    }
    Ok(due)
}
