//! Erasing a user (`escala users forget`, `/forget`), in the caller's
//! transaction: what they wrote and what names them goes; the rows the
//! reports count stay, under an anonymous contact. Other people's rows are
//! matched exactly, never by text, so none of them changes.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::Row;

use super::{rows, ts, DbConn};
use crate::domain::text::{ERASED, ERASED_NAME};
use crate::store::scrub::{erase_free_text, replace_exact, scrub, scrub_text, scrub_words, tokens};
use crate::store::{Contact, ForgetReport, StoreError, StoreResult};

/// The rows of the contact's own conversations and tickets.
const THEIR_MESSAGES: &str = "(conversation_id IN (SELECT id FROM conversations WHERE contact_id = $1)
     OR ticket_id IN (SELECT id FROM tickets WHERE contact_id = $1))";

pub(super) async fn forget(conn: &mut DbConn, contact: &Contact, now: DateTime<Utc>) -> StoreResult<ForgetReport> {
    let id = contact.id.0;
    let tokens = tokens(contact);
    let mut report = ForgetReport::default();
    let sql = format!("UPDATE messages SET author_name = $2 WHERE author = 'user' AND {THEIR_MESSAGES}");
    sqlx::query(&sql).bind(id).bind(ERASED_NAME).execute(&mut *conn).await?;
    let sql = format!("UPDATE messages SET body = $2 WHERE {THEIR_MESSAGES}");
    report.messages = sqlx::query(&sql).bind(id).bind(ERASED).execute(&mut *conn).await?.rows_affected();
    report.queries = sqlx::query("UPDATE kb_queries SET text = $2 WHERE contact_id = $1")
        .bind(id)
        .bind(ERASED)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    report.tickets = sqlx::query("UPDATE tickets SET subject = $2 WHERE contact_id = $1")
        .bind(id)
        .bind(ERASED)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    // The numbers they gave for callbacks, and what they noted with them.
    sqlx::query(
        "UPDATE callbacks SET phone = NULL, note = NULL
         WHERE ticket_id IN (SELECT id FROM tickets WHERE contact_id = $1)",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let tickets: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM tickets WHERE contact_id = $1").bind(id).fetch_all(&mut *conn).await?;
    // Events keep their shape (reports replay them); only the strings in
    // them that name the user change.
    for ticket in &tickets {
        let events =
            sqlx::query("SELECT id, actor, CAST(payload AS TEXT) AS payload FROM ticket_events WHERE ticket_id = $1")
                .bind(ticket)
                .fetch_all(&mut *conn)
                .await?;
        for row in &events {
            let event: i64 = row.try_get("id")?;
            let actor: String = row.try_get("actor")?;
            let mut payload = rows::json_payload(row)?;
            let scrubbed = erase_free_text(&mut payload) | scrub(&mut payload, &tokens);
            let new_actor = scrub_text(&actor, &tokens);
            if scrubbed || new_actor != actor {
                sqlx::query("UPDATE ticket_events SET payload = $2, actor = $3 WHERE id = $1")
                    .bind(event)
                    .bind(sqlx::types::Json(&payload))
                    .bind(new_actor)
                    .execute(&mut *conn)
                    .await?;
                report.events += 1;
            }
        }
    }
    // Messages to them or about their tickets, sent or not, leave the
    // outbox: matched exactly (their chat on their platform, their ticket
    // ids), never by text, so no one else's row goes.
    let mut doomed: Vec<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE channel = $1 AND destination = $2")
        .bind(contact.channel.as_str())
        .bind(format!("user:{}", contact.chat_id))
        .fetch_all(&mut *conn)
        .await?;
    for ticket in &tickets {
        let about: Vec<i64> = sqlx::query_scalar("SELECT id FROM outbox WHERE destination = $1")
            .bind(format!("staff:{ticket}"))
            .fetch_all(&mut *conn)
            .await?;
        doomed.extend(about);
    }
    doomed.sort_unstable();
    doomed.dedup();
    for outbox_id in &doomed {
        sqlx::query("DELETE FROM outbox WHERE id = $1").bind(outbox_id).execute(&mut *conn).await?;
    }
    report.outbox_rows = doomed.len() as u64;
    // Staff alerts (SLA warnings, dead letters) are shared: the ones that
    // name them have those words erased, as whole words only.
    let alerts =
        sqlx::query("SELECT id, CAST(payload AS TEXT) AS payload FROM outbox WHERE destination = 'staff-alerts'")
            .fetch_all(&mut *conn)
            .await?;
    for row in &alerts {
        let text: String = row.try_get("payload")?;
        let mut payload: Value =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table: "outbox", detail: e.to_string() })?;
        let Some(message) = payload["text"].as_str() else { continue };
        let erased = scrub_words(message, &tokens);
        if erased != message {
            payload["text"] = Value::String(erased);
            let alert: i64 = row.try_get("id")?;
            sqlx::query("UPDATE outbox SET payload = $2 WHERE id = $1")
                .bind(alert)
                .bind(sqlx::types::Json(&payload))
                .execute(&mut *conn)
                .await?;
            report.outbox_rows += 1;
        }
    }
    for ticket in &tickets {
        sqlx::query("DELETE FROM relay_copies WHERE source IN (SELECT source FROM relayed WHERE ticket_id = $1)")
            .bind(ticket)
            .execute(&mut *conn)
            .await?;
        report.relays += sqlx::query("DELETE FROM relayed WHERE ticket_id = $1")
            .bind(ticket)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    report.subscriptions = sqlx::query("DELETE FROM incident_subscriptions WHERE contact_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    // The audit log keeps who did what; the user it was done to becomes
    // anonymous. Only values naming exactly them change.
    let named = format!("{}:{}", contact.channel, contact.external_id);
    let audit = sqlx::query("SELECT id, payload FROM audit_events WHERE payload LIKE $1")
        // LIKE's wildcards in a name only widen the search; the exact
        // comparison below decides.
        .bind(format!("%{named}%"))
        .fetch_all(&mut *conn)
        .await?;
    for row in &audit {
        let text: String = row.try_get("payload")?;
        let mut payload: Value = serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt { table: "audit_events", detail: e.to_string() })?;
        if !replace_exact(&mut payload, &named) {
            continue;
        }
        let audit_id: i64 = row.try_get("id")?;
        sqlx::query("UPDATE audit_events SET payload = $2 WHERE id = $1")
            .bind(audit_id)
            .bind(payload.to_string())
            .execute(&mut *conn)
            .await?;
        report.audit_rows += 1;
    }
    // A new external id: the user writing again is a new contact.
    sqlx::query(
        "UPDATE contacts SET external_id = $2, chat_id = '', display_name = $4,
                dialogue = '{\"step\":\"idle\"}', updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(format!("erased-{id}"))
    .bind(ts(now))
    .bind(ERASED_NAME)
    .execute(&mut *conn)
    .await?;
    Ok(report)
}
