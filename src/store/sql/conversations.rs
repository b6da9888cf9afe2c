//! Conversations with the bot, their messages (bot, user, agent, notes) and
//! the KB query log the gaps report reads.

use chrono::{DateTime, Utc};

use super::{rows, ts, DbConn, DbPool};
use crate::domain::{ArticleFate, ContactId, ConversationEnd, ConversationId, Lang};
use crate::store::{LoggedQueryRow, MessageRow, StoreResult};

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

/// Records how a conversation ended; the first end stands.
pub(super) async fn end(
    conn: &mut DbConn,
    id: ConversationId,
    end: ConversationEnd,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE conversations SET outcome = $1, ended_at = $2 WHERE id = $3 AND outcome IS NULL")
        .bind(end.as_str())
        .bind(ts(now))
        .bind(id.0)
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

/// Sets the fate of the conversation's latest shown article if it has none.
pub(super) async fn decide(
    conn: &mut DbConn,
    conversation: ConversationId,
    fate: ArticleFate,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE article_views SET fate = $1, decided_at = $2
         WHERE id = (SELECT MAX(id) FROM article_views WHERE conversation_id = $3) AND fate IS NULL",
    )
    .bind(fate.as_str())
    .bind(ts(now))
    .bind(conversation.0)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The query's columns, the fate of the latest article it led to and the
/// resolved ticket its conversation became.
pub(super) const QUERY_COLUMNS: &str = "q.text, q.lang, q.best_article, q.confidence, q.outcome, q.created_at,
    (SELECT v.fate FROM article_views v WHERE v.query_id = q.id ORDER BY v.id DESC LIMIT 1) AS fate,
    (SELECT t.id FROM tickets t WHERE t.conversation_id = q.conversation_id AND t.resolved_at IS NOT NULL
     ORDER BY t.id LIMIT 1) AS resolved_ticket";

pub(super) async fn logged_queries(pool: &DbPool, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
    sqlx::query(&format!("SELECT {QUERY_COLUMNS} FROM kb_queries q WHERE q.created_at >= $1 ORDER BY q.id"))
        .bind(ts(since))
        .fetch_all(pool)
        .await?
        .iter()
        .map(rows::logged_query)
        .collect()
}
