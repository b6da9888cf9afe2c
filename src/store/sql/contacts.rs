//! Contacts (one per platform user) and the inbound idempotency keys
//! recorded with every update's effects.

use chrono::{DateTime, Utc};

use super::{rows, ts, DbConn, BATCH_AS_CTE, LOCK_ROW};
use sqlx::Row;

use crate::domain::{Channel, ContactId, TicketId};
use crate::store::{Contact, NewContact, StoreResult};

/// `false` when the key was recorded before: the update is a repeat. A
/// concurrent transaction inserting the same key makes this one wait until
/// it ends, so a duplicate is never processed twice.
pub(super) async fn record_inbound(
    conn: &mut DbConn,
    channel: Channel,
    key: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO processed_inbound (channel, key, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(channel.as_str())
    .bind(key)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The open ticket's id as a column of a contact row `c`.
const OPEN_TICKET: &str =
    "(SELECT MIN(t.id) FROM tickets t WHERE t.contact_id = c.id AND t.state <> 'closed') AS open_ticket";

/// `record_inbound` and `by_external` in one statement list: `None` when
/// the key was seen before. The contact is read as `by_external` reads it,
/// whether or not it exists (the outer join keeps the row that says
/// whether the key was new).
pub(super) async fn record_inbound_from(
    conn: &mut DbConn,
    channel: Channel,
    key: &str,
    external_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Option<(Contact, Option<TicketId>)>>> {
    let insert =
        "INSERT INTO processed_inbound (channel, key, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    let contact = format!("SELECT * FROM contacts WHERE channel = $1 AND external_id = $4{LOCK_ROW}");
    // SQLite runs the two statements in order and `changes()` counts the
    // insert; PostgreSQL counts the rows its `WITH` insert returned.
    let (prefix, fresh) = if BATCH_AS_CTE {
        (format!("WITH fresh AS ({insert} RETURNING 1) "), "(SELECT COUNT(*) FROM fresh)")
    } else {
        (format!("{insert};\n"), "changes()")
    };
    let sql = format!(
        "{prefix}SELECT {fresh} AS fresh, c.*, {OPEN_TICKET}
         FROM (SELECT 1 AS one) AS one LEFT JOIN ({contact}) AS c ON TRUE"
    );
    let row = sqlx::query(&sql)
        .bind(channel.as_str())
        .bind(key)
        .bind(ts(now))
        .bind(external_id)
        .fetch_one(&mut *conn)
        .await?;
    let fresh: i64 = row.try_get("fresh")?;
    if fresh != 1 {
        return Ok(None);
    }
    let id: Option<i64> = row.try_get("id")?;
    if id.is_none() {
        return Ok(Some(None));
    }
    let open: Option<i64> = row.try_get("open_ticket")?;
    Ok(Some(Some((rows::contact(&row)?, open.map(TicketId)))))
}

/// The contact row, locked for the rest of the transaction: two instances
/// handling one user's messages at once take turns, so neither overwrites
/// the other's dialogue state. With it comes the id of the contact's open
/// ticket, if any: most turns ask next, and mostly there is none.
pub(super) async fn by_external(
    conn: &mut DbConn,
    channel: Channel,
    external_id: &str,
) -> StoreResult<Option<(Contact, Option<TicketId>)>> {
    let sql = format!("SELECT c.*, {OPEN_TICKET} FROM contacts c WHERE channel = $1 AND external_id = $2{LOCK_ROW}");
    let Some(row) = sqlx::query(&sql).bind(channel.as_str()).bind(external_id).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let open: Option<i64> = row.try_get("open_ticket")?;
    Ok(Some((rows::contact(&row)?, open.map(TicketId))))
}

/// The contact row, locked like `by_external`: every transaction locks the
/// contact before the ticket, so a user's message and an agent's action on
/// the same ticket never wait for each other in a circle.
pub(super) async fn by_id(conn: &mut DbConn, id: ContactId) -> StoreResult<Option<Contact>> {
    let sql = format!("SELECT * FROM contacts WHERE id = $1{LOCK_ROW}");
    sqlx::query(&sql).bind(id.0).fetch_optional(&mut *conn).await?.as_ref().map(rows::contact).transpose()
}

/// Inserts the contact, or returns (and locks) the one a simultaneous
/// transaction inserted first: a new user's first two messages handled at
/// once both get the same contact instead of a unique-key error.
pub(super) async fn insert(conn: &mut DbConn, new: &NewContact, now: DateTime<Utc>) -> StoreResult<Contact> {
    let row = sqlx::query(
        "INSERT INTO contacts (channel, external_id, chat_id, display_name, lang, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (channel, external_id) DO UPDATE SET updated_at = contacts.updated_at
         RETURNING *",
    )
    .bind(new.channel.as_str())
    .bind(&new.external_id)
    .bind(&new.chat_id)
    .bind(&new.display_name)
    .bind(new.lang.map(|l| l.code()))
    .bind(ts(now))
    .fetch_one(&mut *conn)
    .await?;
    rows::contact(&row)
}
