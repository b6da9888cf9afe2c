//! Contacts (one per platform user) and the inbound idempotency keys
//! recorded with every update's effects.

use chrono::{DateTime, Utc};

use super::{rows, ts, DbConn, LOCK_ROW};
use crate::domain::{Channel, ContactId};
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

/// The contact row, locked for the rest of the transaction: two instances
/// handling one user's messages at once take turns, so neither overwrites
/// the other's dialogue state.
pub(super) async fn by_external(
    conn: &mut DbConn,
    channel: Channel,
    external_id: &str,
) -> StoreResult<Option<Contact>> {
    let sql = format!("SELECT * FROM contacts WHERE channel = $1 AND external_id = $2{LOCK_ROW}");
    sqlx::query(&sql)
        .bind(channel.as_str())
        .bind(external_id)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(rows::contact)
        .transpose()
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

pub(super) async fn update(conn: &mut DbConn, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query(
        "UPDATE contacts SET chat_id = $1, display_name = $2, lang = $3, dialogue = $4, blocked = $5, updated_at = $6
         WHERE id = $7",
    )
    .bind(&contact.chat_id)
    .bind(&contact.display_name)
    .bind(contact.lang.map(|l| l.code()))
    .bind(&contact.dialogue)
    .bind(contact.blocked)
    .bind(ts(now))
    .bind(contact.id.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
