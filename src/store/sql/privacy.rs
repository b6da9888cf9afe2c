//! A user's data, all of it: what `escala users export` hands them (read
//! in one snapshot, so the parts agree with each other) and what
//! `escala users forget` erases (in the caller's transaction).

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::Row;

use super::{begin_snapshot, read_opt_ts, read_ts, rows, ts, DbConn, DbPool};
use crate::domain::Channel;
use crate::store::{
    Author, Contact, ConversationData, EventRow, ForgetReport, QueryData, StoreError, StoreResult, TicketData, UserData,
};

use crate::domain::text::ERASED;

/// Everything stored about `external_id` on `channel`; internal notes (and
/// the events that record them) only with `internal`.
pub(super) async fn export(
    pool: &DbPool,
    channel: Channel,
    external_id: &str,
    internal: bool,
) -> StoreResult<Option<UserData>> {
    let mut tx = begin_snapshot(pool).await?;
    let found = sqlx::query("SELECT * FROM contacts WHERE channel = $1 AND external_id = $2")
        .bind(channel.as_str())
        .bind(external_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = found else { return Ok(None) };
    let contact = rows::contact(&row)?;
    let id = contact.id.0;
    let mut conversations = Vec::new();
    let found =
        sqlx::query("SELECT id, started_at, ended_at, outcome FROM conversations WHERE contact_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    for row in &found {
        let conversation: i64 = row.try_get("id")?;
        let messages = sqlx::query(
            "SELECT author, author_name, body, created_at FROM messages
             WHERE conversation_id = $1 AND ticket_id IS NULL ORDER BY id",
        )
        .bind(conversation)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(rows::message)
        .collect::<StoreResult<Vec<_>>>()?;
        conversations.push(ConversationData {
            started_at: read_ts("conversations", row, "started_at")?,
            ended_at: read_opt_ts("conversations", row, "ended_at")?,
            outcome: row.try_get("outcome")?,
            messages,
        });
    }
    let mut tickets = Vec::new();
    let found =
        sqlx::query("SELECT * FROM tickets WHERE contact_id = $1 ORDER BY id").bind(id).fetch_all(&mut *tx).await?;
    for row in &found {
        let ticket = rows::ticket(row)?;
        let events = sqlx::query(
            "SELECT at, actor, kind, CAST(payload AS TEXT) AS payload FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(ticket.id.0)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(EventRow {
                at: read_ts("ticket_events", r, "at")?,
                actor: r.try_get("actor")?,
                kind: r.try_get("kind")?,
                payload: rows::json_payload(r)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?
        .into_iter()
        .filter(|e| internal || e.kind != "note_added")
        .collect();
        let messages =
            sqlx::query("SELECT author, author_name, body, created_at FROM messages WHERE ticket_id = $1 ORDER BY id")
                .bind(ticket.id.0)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(rows::message)
                .collect::<StoreResult<Vec<_>>>()?
                .into_iter()
                .filter(|m| internal || m.author != Author::Note)
                .collect();
        tickets.push(TicketData { ticket, events, messages });
    }
    let queries = sqlx::query("SELECT text, lang, created_at FROM kb_queries WHERE contact_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(QueryData {
                text: r.try_get("text")?,
                lang: r.try_get("lang")?,
                at: read_ts("kb_queries", r, "created_at")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let incident_subscriptions: Vec<String> =
        sqlx::query_scalar("SELECT incident_id FROM incident_subscriptions WHERE contact_id = $1 ORDER BY incident_id")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    tx.rollback().await?;
    Ok(Some(UserData { contact, conversations, tickets, queries, incident_subscriptions }))
}

/// The rows of the contact's own conversations and tickets.
const THEIR_MESSAGES: &str = "(conversation_id IN (SELECT id FROM conversations WHERE contact_id = $1)
     OR ticket_id IN (SELECT id FROM tickets WHERE contact_id = $1))";

pub(super) async fn forget(conn: &mut DbConn, contact: &Contact, now: DateTime<Utc>) -> StoreResult<ForgetReport> {
    let id = contact.id.0;
    let tokens = tokens(contact);
    let mut report = ForgetReport::default();
    let sql = format!("UPDATE messages SET author_name = 'erased user' WHERE author = 'user' AND {THEIR_MESSAGES}");
    sqlx::query(&sql).bind(id).execute(&mut *conn).await?;
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
        "UPDATE contacts SET external_id = $2, chat_id = '', display_name = 'erased user',
                dialogue = '{\"step\":\"idle\"}', updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(format!("erased-{id}"))
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(report)
}

/// The strings that name the contact, longest first (a name containing the
/// id is replaced whole).
fn tokens(contact: &Contact) -> Vec<String> {
    let mut tokens: Vec<String> = [&contact.external_id, &contact.chat_id, &contact.display_name]
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    tokens.dedup();
    tokens
}

/// `text` with each token erased where it stands as a whole word (not as
/// part of a longer number or name).
fn scrub_words(text: &str, tokens: &[String]) -> String {
    let mut text = text.to_string();
    for token in tokens {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(token.as_str()) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + token.len()..].chars().next();
            let whole = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
            out.push_str(&rest[..at]);
            out.push_str(if whole { ERASED } else { token.as_str() });
            rest = &rest[at + token.len()..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

fn scrub_text(text: &str, tokens: &[String]) -> String {
    tokens.iter().fold(text.to_string(), |text, token| text.replace(token.as_str(), ERASED))
}

/// Replaces the tokens in every string value of `value` (keys stay, so the
/// JSON keeps its shape); whether anything changed.
fn scrub(value: &mut Value, tokens: &[String]) -> bool {
    match value {
        Value::String(text) => {
            let new = scrub_text(text, tokens);
            let changed = new != *text;
            *text = new;
            changed
        }
        // Every item is visited: `any` would stop at the first change.
        Value::Array(items) => items.iter_mut().map(|item| scrub(item, tokens)).fold(false, |a, b| a | b),
        Value::Object(map) => map.values_mut().map(|item| scrub(item, tokens)).fold(false, |a, b| a | b),
        _ => false,
    }
}

/// The fields of ticket events that hold what someone wrote (a subject, a
/// reason, a summary, a rating comment): erased whole, as any of it may be
/// about the user. Levels, priorities, agents and scores stay for reports.
const FREE_TEXT: [&str; 4] = ["subject", "reason", "summary", "comment"];

fn erase_free_text(payload: &mut Value) -> bool {
    let Value::Object(map) = payload else { return false };
    let mut changed = false;
    for key in FREE_TEXT {
        if let Some(value @ Value::String(_)) = map.get_mut(key) {
            if value.as_str() != Some(ERASED) {
                *value = Value::String(ERASED.to_string());
                changed = true;
            }
        }
    }
    changed
}

/// Replaces every string value equal to `named` with the erased mark.
fn replace_exact(value: &mut Value, named: &str) -> bool {
    match value {
        Value::String(text) if text == named => {
            *text = ERASED.to_string();
            true
        }
        // Every item is visited: `any` would stop at the first change.
        Value::Array(items) => items.iter_mut().map(|item| replace_exact(item, named)).fold(false, |a, b| a | b),
        Value::Object(map) => map.values_mut().map(|item| replace_exact(item, named)).fold(false, |a, b| a | b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_erased_whole_and_only_whole() {
        let tokens = vec!["5001".to_string(), "Ana".to_string()];
        assert_eq!(
            scrub_words("SLA breached on #7 for Ana (5001)", &tokens),
            "SLA breached on #7 for [erased] ([erased])"
        );
        assert_eq!(scrub_words("ticket 50012 of Anabel", &tokens), "ticket 50012 of Anabel", "no part of another word");
    }

    #[test]
    fn free_text_of_events_is_erased_and_their_shape_kept() {
        let mut payload = serde_json::json!({"kind": "escalated", "to": "L2", "reason": "Ana's router"});
        assert!(erase_free_text(&mut payload));
        assert_eq!(payload, serde_json::json!({"kind": "escalated", "to": "L2", "reason": ERASED}));
        let mut rated = serde_json::json!({"kind": "rated", "score": 2, "comment": null});
        assert!(!erase_free_text(&mut rated), "nothing written, nothing changed");
    }
}
