//! What the incident files cannot hold: revisions already announced,
//! subscribers and the tickets resolved together with an incident.

use chrono::{DateTime, Utc};

use super::{ts, DbConn};
use crate::domain::{ContactId, TicketId};
use crate::store::StoreResult;

/// `true` only for the first transaction to see `revision`, which announces it.
pub(super) async fn record_revision(
    conn: &mut DbConn,
    incident: &str,
    revision: &str,
    status: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO incident_revisions (incident_id, revision, status, seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(incident)
    .bind(revision)
    .bind(status)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `false` if the contact was already subscribed.
pub(super) async fn subscribe(
    conn: &mut DbConn,
    incident: &str,
    contact: ContactId,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO incident_subscriptions (incident_id, contact_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(incident)
    .bind(contact.0)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn subscribers(conn: &mut DbConn, incident: &str) -> StoreResult<Vec<ContactId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT contact_id FROM incident_subscriptions WHERE incident_id = $1 ORDER BY contact_id")
            .bind(incident)
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().map(ContactId).collect())
}

/// `false` if the ticket was already linked.
pub(super) async fn link_ticket(
    conn: &mut DbConn,
    incident: &str,
    ticket: TicketId,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO incident_tickets (incident_id, ticket_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(incident)
    .bind(ticket.0)
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn tickets(conn: &mut DbConn, incident: &str) -> StoreResult<Vec<TicketId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT ticket_id FROM incident_tickets WHERE incident_id = $1 ORDER BY ticket_id")
            .bind(incident)
            .fetch_all(&mut *conn)
            .await?;
    Ok(ids.into_iter().map(TicketId).collect())
}
