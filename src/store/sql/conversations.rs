//! Conversations with the bot, their messages (bot, user, agent, notes) and
//! the KB query log the gaps report reads.

use chrono::{DateTime, Utc};

use super::{rows, ts, DbConn, DbPool};
use crate::domain::{ContactId, ConversationId, Lang};
use crate::store::{LoggedQueryRow, MessageRow, NewLoggedQuery, NewMessage, StoreResult};

pub(super) async fn start(
    conn: &mut DbConn,
    contact: ContactId,
    lang: Lang,
    now: DateTime<Utc>,
) -> StoreResult<ConversationId> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO conversations (contact_id, lang, started_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(contact.0)
            .bind(lang.code())
            .bind(ts(now))
            .fetch_one(&mut *conn)
            .await?;
    Ok(ConversationId(id))
}

/// Records how a conversation ended; the first outcome stands.
pub(super) async fn end(conn: &mut DbConn, id: ConversationId, outcome: &str, now: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE conversations SET outcome = $1, ended_at = $2 WHERE id = $3 AND outcome IS NULL")
        .bind(outcome)
        .bind(ts(now))
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(super) async fn append_message(conn: &mut DbConn, m: &NewMessage) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO messages (conversation_id, ticket_id, author, author_name, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(m.conversation.map(|c| c.0))
    .bind(m.ticket.map(|t| t.0))
    .bind(m.author.as_str())
    .bind(&m.author_name)
    .bind(&m.body)
    .bind(ts(m.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn messages(conn: &mut DbConn, id: ConversationId) -> StoreResult<Vec<MessageRow>> {
    sqlx::query("SELECT author, author_name, body, created_at FROM messages WHERE conversation_id = $1 ORDER BY id")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(rows::message)
        .collect()
}

pub(super) async fn log_query(conn: &mut DbConn, q: &NewLoggedQuery) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO kb_queries (contact_id, conversation_id, text, lang, best_article, confidence, outcome, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(q.contact.0)
    .bind(q.conversation.map(|c| c.0))
    .bind(&q.text)
    .bind(q.lang.code())
    .bind(&q.best_article)
    .bind(f64::from(q.confidence))
    .bind(&q.outcome)
    .bind(ts(q.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets the outcome of the latest logged query of a conversation.
pub(super) async fn set_query_outcome(
    conn: &mut DbConn,
    conversation: ConversationId,
    outcome: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE kb_queries SET outcome = $1 WHERE id = (SELECT MAX(id) FROM kb_queries WHERE conversation_id = $2)",
    )
    .bind(outcome)
    .bind(conversation.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn logged_queries(pool: &DbPool, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
    sqlx::query(
        "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
         WHERE created_at >= $1 ORDER BY id",
    )
    .bind(ts(since))
    .fetch_all(pool)
    .await?
    .iter()
    .map(rows::logged_query)
    .collect()
}
