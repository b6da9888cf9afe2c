//! A user's data, all of it: what `escala users export` and `/mydata` hand
//! them, read in one snapshot so the parts agree with each other.

use sqlx::Row;

use super::{begin_snapshot, read_opt_ts, read_ts, rows, DbPool};
use crate::domain::Channel;
use crate::store::{Author, ConversationData, QueryData, StoreResult, TicketData, UserData};

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
        .map(rows::event)
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
