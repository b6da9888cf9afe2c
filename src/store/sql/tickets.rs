//! Tickets and their event history: the ticket row is the projection, each
//! change is saved with its `ticket_events` row, guarded by the version.

use chrono::{DateTime, Utc};
use sqlx::{Connection, Row};

use super::{is_unique_violation, read_opt_ts, rows, ts, DbConn, DbPool};
use crate::domain::{ContactId, Ticket, TicketEvent, TicketId};
use crate::store::{MessageRow, NewTicket, StoreError, StoreResult, TicketFilter, TicketHistory};

pub(super) async fn open_for(conn: &mut DbConn, contact: ContactId) -> StoreResult<Option<Ticket>> {
    sqlx::query("SELECT * FROM tickets WHERE contact_id = $1 AND state <> 'closed'")
        .bind(contact.0)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(rows::ticket)
        .transpose()
}

/// The contact's latest `limit` tickets, newest first.
pub(super) async fn of_contact(conn: &mut DbConn, contact: ContactId, limit: i64) -> StoreResult<Vec<Ticket>> {
    sqlx::query("SELECT * FROM tickets WHERE contact_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(contact.0)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rows::ticket)
        .collect()
}

pub(super) async fn by_id(conn: &mut DbConn, id: TicketId) -> StoreResult<Option<Ticket>> {
    sqlx::query("SELECT * FROM tickets WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .as_ref()
        .map(rows::ticket)
        .transpose()
}

/// Inserts a ticket and its `Opened` event; `OpenTicketExists` if the
/// contact already has one that is not closed. The insert runs in a
/// savepoint, so the caller's transaction stays usable after that error.
pub(super) async fn insert(conn: &mut DbConn, new: &NewTicket, actor: &str) -> StoreResult<Ticket> {
    let mut savepoint = Connection::begin(&mut *conn).await?;
    let inserted = sqlx::query(
        "INSERT INTO tickets (contact_id, conversation_id, channel, lang, level, priority, state, subject,
                              created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, 1) RETURNING *",
    )
    .bind(new.contact.0)
    .bind(new.conversation.map(|c| c.0))
    .bind(new.channel.as_str())
    .bind(new.lang.code())
    .bind(new.level.to_string())
    .bind(new.priority.as_str())
    .bind(&new.subject)
    .bind(ts(new.at))
    .fetch_one(&mut *savepoint)
    .await;
    let row = match inserted {
        Err(e) if is_unique_violation(&e) => {
            savepoint.rollback().await?;
            return Err(StoreError::OpenTicketExists);
        }
        other => other?,
    };
    savepoint.commit().await?;
    let ticket = rows::ticket(&row)?;
    let opened = TicketEvent::Opened { level: new.level, priority: new.priority, subject: new.subject.clone() };
    record_event(conn, ticket.id, &opened, actor, new.at).await?;
    Ok(ticket)
}

/// Saves `t` (the result of applying `event`) and the event; `Conflict` if
/// the row is no longer at `previous_version`. Reopening a closed ticket
/// while the contact has another open one is a unique violation; the
/// savepoint keeps the transaction usable after it.
pub(super) async fn save(
    conn: &mut DbConn,
    t: &Ticket,
    previous_version: i64,
    event: &TicketEvent,
    actor: &str,
) -> StoreResult<()> {
    let mut savepoint = Connection::begin(&mut *conn).await?;
    let updated = sqlx::query(
        "UPDATE tickets SET level = $1, priority = $2, state = $3, assignee = $4, updated_at = $5,
            first_response_at = $6, resolved_at = $7, closed_at = $8, csat = $9, vendor = $10,
            vendor_reference = $11, version = $12
         WHERE id = $13 AND version = $14",
    )
    .bind(t.level.to_string())
    .bind(t.priority.as_str())
    .bind(t.state.as_str())
    .bind(&t.assignee)
    .bind(ts(t.updated_at))
    .bind(t.first_response_at.map(ts))
    .bind(t.resolved_at.map(ts))
    .bind(t.closed_at.map(ts))
    .bind(t.csat.map(i64::from))
    .bind(&t.vendor)
    .bind(&t.vendor_reference)
    .bind(t.version)
    .bind(t.id.0)
    .bind(previous_version)
    .execute(&mut *savepoint)
    .await;
    match updated {
        Err(e) if is_unique_violation(&e) => {
            savepoint.rollback().await?;
            return Err(StoreError::OpenTicketExists);
        }
        // No row at that version: someone saved the ticket meanwhile (under
        // READ COMMITTED the UPDATE waited for them, then re-checked the
        // version). Nothing was written, so the savepoint has nothing to undo.
        Ok(done) if done.rows_affected() == 0 => {
            savepoint.commit().await?;
            return Err(StoreError::Conflict(t.id));
        }
        other => {
            other?;
        }
    }
    savepoint.commit().await?;
    record_event(conn, t.id, event, actor, t.updated_at).await
}

pub(super) async fn record_event(
    conn: &mut DbConn,
    ticket: TicketId,
    event: &TicketEvent,
    actor: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO ticket_events (ticket_id, at, actor, kind, payload) VALUES ($1, $2, $3, $4, $5)")
        .bind(ticket.0)
        .bind(ts(now))
        .bind(actor)
        .bind(event.kind())
        .bind(sqlx::types::Json(event))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A value bound to a placeholder of the list query, in order.
enum Bind {
    Text(String),
    Int(i64),
}

pub(super) async fn list(pool: &DbPool, filter: &TicketFilter) -> StoreResult<Vec<Ticket>> {
    Ok(queue(pool, filter).await?.into_iter().map(|row| row.ticket).collect())
}

/// The tickets `filter` selects, each with its soonest SLA due time.
pub(super) async fn queue(pool: &DbPool, filter: &TicketFilter) -> StoreResult<Vec<crate::store::QueueRow>> {
    let mut conditions: Vec<String> = Vec::new();
    let mut binds: Vec<Bind> = Vec::new();
    // `$n` for the next bound value.
    let bind = |binds: &mut Vec<Bind>, value: Bind| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(state) = filter.state {
        conditions.push(format!("state = {}", bind(&mut binds, Bind::Text(state.as_str().to_string()))));
    }
    if !filter.include_closed && filter.state != Some(crate::domain::TicketState::Closed) {
        conditions.push("state <> 'closed'".to_string());
    }
    if let Some(level) = filter.level {
        conditions.push(format!("level = {}", bind(&mut binds, Bind::Text(level.to_string()))));
    }
    if let Some(tag) = &filter.tag {
        let at = bind(&mut binds, Bind::Text(tag.clone()));
        conditions.push(format!("id IN (SELECT ticket_id FROM ticket_tags WHERE tag = {at})"));
    }
    if let Some(assignee) = &filter.assignee {
        conditions.push(format!("assignee = {}", bind(&mut binds, Bind::Text(assignee.clone()))));
    }
    if filter.unassigned {
        conditions.push("assignee IS NULL".to_string());
    }
    if let Some((channel, external_id)) = &filter.user {
        let channel = bind(&mut binds, Bind::Text(channel.as_str().to_string()));
        let id = bind(&mut binds, Bind::Text(external_id.clone()));
        conditions
            .push(format!("contact_id IN (SELECT id FROM contacts WHERE channel = {channel} AND external_id = {id})"));
    }
    if let Some(text) = &filter.text {
        let Some(query) = super::text_query(text) else { return Ok(Vec::new()) };
        let at = bind(&mut binds, Bind::Text(query));
        conditions.push(format!("id IN ({})", super::TICKETS_MATCHING.replace("$1", &at)));
    }
    if filter.breaching {
        conditions.push(
            "id IN (SELECT ticket_id FROM sla_clocks WHERE handed_over_at IS NULL AND met_at IS NULL
                 AND (breached_at IS NOT NULL OR warned_at IS NOT NULL))"
                .to_string(),
        );
    }
    let due = "(SELECT MIN(c.due_at) FROM sla_clocks c WHERE c.ticket_id = tickets.id AND c.due_at IS NOT NULL
         AND c.met_at IS NULL AND c.handed_over_at IS NULL)";
    let order = if filter.by_due { format!("{due} IS NULL, {due}, id") } else { "id DESC".to_string() };
    let limit = bind(&mut binds, Bind::Int(filter.limit.unwrap_or(100)));
    let filter_sql = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    let sql = format!("SELECT *, {due} AS next_due FROM tickets {filter_sql} ORDER BY {order} LIMIT {limit}");
    let mut query = sqlx::query(&sql);
    for value in binds {
        query = match value {
            Bind::Text(text) => query.bind(text),
            Bind::Int(n) => query.bind(n),
        };
    }
    query
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| {
            Ok(crate::store::QueueRow {
                ticket: rows::ticket(row)?,
                next_due: read_opt_ts("tickets", row, "next_due")?,
            })
        })
        .collect()
}

/// A ticket with its contact, events and messages: the bot conversation
/// before the ticket, then the ticket's own messages.
pub(super) async fn history(pool: &DbPool, id: TicketId) -> StoreResult<Option<TicketHistory>> {
    let Some(row) = sqlx::query("SELECT * FROM tickets WHERE id = $1").bind(id.0).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let ticket = rows::ticket(&row)?;
    let conversation: Option<i64> = row.try_get("conversation_id")?;
    let contact_row =
        sqlx::query("SELECT * FROM contacts WHERE id = $1").bind(ticket.contact.0).fetch_one(pool).await?;
    let contact = rows::contact(&contact_row)?;
    let events = sqlx::query(
        "SELECT at, actor, kind, CAST(payload AS TEXT) AS payload FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await?
    .iter()
    .map(rows::event)
    .collect::<StoreResult<Vec<_>>>()?;
    let messages = sqlx::query(
        "SELECT author, author_name, body, created_at FROM messages
         WHERE ticket_id = $1 OR (CAST($2 AS BIGINT) IS NOT NULL AND conversation_id = $2 AND ticket_id IS NULL)
         ORDER BY id",
    )
    .bind(id.0)
    .bind(conversation)
    .fetch_all(pool)
    .await?
    .iter()
    .map(rows::message)
    .collect::<StoreResult<Vec<_>>>()?;
    let callbacks = super::callbacks::of_ticket(pool, id).await?;
    let tags = super::tags::of_ticket(pool, id).await?;
    Ok(Some(TicketHistory { ticket, contact, events, messages, tags, callbacks }))
}

pub(super) async fn last_event(
    conn: &mut DbConn,
    ticket: TicketId,
    kinds: &[&str],
) -> StoreResult<Option<crate::store::EventRow>> {
    if kinds.is_empty() {
        return Ok(None);
    }
    // Placeholders only: the kinds are bound, never spliced into the SQL.
    let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT at, actor, kind, CAST(payload AS TEXT) AS payload FROM ticket_events
         WHERE ticket_id = $1 AND kind IN ({}) ORDER BY id DESC LIMIT 1",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(ticket.0);
    for kind in kinds {
        query = query.bind(*kind);
    }
    query.fetch_optional(&mut *conn).await?.as_ref().map(rows::event).transpose()
}

/// The bot conversation before the ticket, then the ticket's messages, read
/// in a transaction (a recap written in the same change).
pub(super) async fn messages(conn: &mut DbConn, id: TicketId) -> StoreResult<Vec<MessageRow>> {
    sqlx::query(
        "SELECT m.author, m.author_name, m.body, m.created_at FROM messages m, tickets t
         WHERE t.id = $1 AND (m.ticket_id = t.id OR (m.conversation_id = t.conversation_id AND m.ticket_id IS NULL))
         ORDER BY m.id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(rows::message)
    .collect()
}
