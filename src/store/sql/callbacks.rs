//! Level 2's callbacks of a ticket: one row per requested window, with
//! the number to call (personal data) and what became of the call.

use sqlx::Row;

use super::{read_ts, ts, DbConn};
use crate::domain::callback::{Callback, CallbackState, CallbackWindow};
use crate::domain::TicketId;
use crate::store::{StoreError, StoreResult};

pub(super) async fn save(conn: &mut DbConn, c: &Callback) -> StoreResult<i64> {
    // Both statements take the changeable fields as $1..$7, then theirs.
    let sql = match c.id {
        Some(_) => {
            "UPDATE callbacks SET phone = $1, window_start = $2, window_end = $3, note = $4, state = $5,
                 outcome = $6, updated_at = $7 WHERE id = $8 RETURNING id"
        }
        None => {
            "INSERT INTO callbacks (phone, window_start, window_end, note, state, outcome, updated_at, ticket_id,
                 created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
        }
    };
    let query = sqlx::query_scalar(sql)
        .bind(&c.phone)
        .bind(ts(c.window.start))
        .bind(ts(c.window.end))
        .bind(&c.note)
        .bind(c.state.as_str())
        .bind(&c.outcome)
        .bind(ts(c.updated_at));
    let query = match c.id {
        Some(id) => query.bind(id),
        None => query.bind(c.ticket.0).bind(ts(c.created_at)),
    };
    Ok(query.fetch_one(&mut *conn).await?)
}

pub(super) async fn last(conn: &mut DbConn, ticket: TicketId) -> StoreResult<Option<Callback>> {
    let row = sqlx::query("SELECT * FROM callbacks WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(ticket.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(|row| callback(ticket, row)).transpose()
}

/// Every callback of the ticket, oldest first.
pub(super) async fn of_ticket<'c, E>(executor: E, ticket: TicketId) -> StoreResult<Vec<Callback>>
where
    E: sqlx::Executor<'c, Database = super::Db>,
{
    sqlx::query("SELECT * FROM callbacks WHERE ticket_id = $1 ORDER BY id")
        .bind(ticket.0)
        .fetch_all(executor)
        .await?
        .iter()
        .map(|row| callback(ticket, row))
        .collect()
}

fn callback(ticket: TicketId, row: &super::DbRow) -> StoreResult<Callback> {
    const T: &str = "callbacks";
    let state: String = row.try_get("state")?;
    Ok(Callback {
        id: Some(row.try_get("id")?),
        ticket,
        phone: row.try_get("phone")?,
        window: CallbackWindow { start: read_ts(T, row, "window_start")?, end: read_ts(T, row, "window_end")? },
        note: row.try_get("note")?,
        state: CallbackState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("state `{state}`") })?,
        outcome: row.try_get("outcome")?,
        created_at: read_ts(T, row, "created_at")?,
        updated_at: read_ts(T, row, "updated_at")?,
    })
}

pub(super) async fn erase_phones(conn: &mut DbConn, ticket: TicketId) -> StoreResult<()> {
    sqlx::query("UPDATE callbacks SET phone = NULL WHERE ticket_id = $1 AND phone IS NOT NULL")
        .bind(ticket.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
