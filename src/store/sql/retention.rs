//! Retention: old rows pruned in bounded batches, so the database stops
//! growing without ever holding a long lock — delivered and dead outbox
//! rows, inbound keys past every platform's redelivery window, the KB query
//! log, and bot conversations that ended long ago without a ticket — and
//! the texts of what ended long ago, erased while the rows stay.

use chrono::{DateTime, Utc};

use super::{ts, Db, DbPool};
use crate::store::{PruneReport, Retention, StoreResult};

async fn delete(pool: &DbPool, sql: &str, cutoff: DateTime<Utc>, batch: i64) -> StoreResult<u64> {
    Ok(sqlx::query(sql).bind(ts(cutoff)).bind(batch).execute(pool).await?.rows_affected())
}

pub(super) async fn prune(pool: &DbPool, retention: &Retention, batch: i64) -> StoreResult<PruneReport> {
    let sent_messages = delete(
        pool,
        "DELETE FROM outbox WHERE id IN
           (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 ORDER BY id LIMIT $2)",
        retention.sent_messages,
        batch,
    )
    .await?;
    // A dead letter's due time is when it was given up on.
    let dead_letters = delete(
        pool,
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE dead AND due_at < $1 ORDER BY id LIMIT $2)",
        retention.dead_letters,
        batch,
    )
    .await?;
    let inbound_keys = delete(
        pool,
        "DELETE FROM processed_inbound WHERE (channel, key) IN
           (SELECT channel, key FROM processed_inbound WHERE processed_at < $1 ORDER BY processed_at LIMIT $2)",
        retention.inbound_keys,
        batch,
    )
    .await?;
    // Shown articles go with the query log; then nothing refers to the
    // queries about to go.
    delete(
        pool,
        "DELETE FROM article_views WHERE id IN
           (SELECT id FROM article_views WHERE shown_at < $1 ORDER BY id LIMIT $2)",
        retention.kb_queries,
        batch,
    )
    .await?;
    delete(
        pool,
        "UPDATE article_views SET query_id = NULL WHERE query_id IN
           (SELECT id FROM kb_queries WHERE created_at < $1 ORDER BY id LIMIT $2)",
        retention.kb_queries,
        batch,
    )
    .await?;
    let kb_queries = delete(
        pool,
        "DELETE FROM kb_queries WHERE id IN (SELECT id FROM kb_queries WHERE created_at < $1 ORDER BY id LIMIT $2)",
        retention.kb_queries,
        batch,
    )
    .await?;
    let conversations = prune_conversations(pool, retention.closed_conversations, batch).await?;
    let anonymised = anonymise(pool, retention.personal_data, batch).await?;
    Ok(PruneReport { sent_messages, dead_letters, inbound_keys, kb_queries, conversations, anonymised })
}

/// Erases what people wrote in what ended before `cutoff`, a batch per
/// kind: messages of ended conversations and closed tickets, the subjects
/// of those tickets, and query texts. Rows already erased are not chosen
/// again, so each run moves on.
async fn anonymise(pool: &DbPool, cutoff: DateTime<Utc>, batch: i64) -> StoreResult<u64> {
    const ENDED: &str = "SELECT id FROM conversations WHERE ended_at IS NOT NULL AND ended_at < $1";
    const CLOSED: &str = "SELECT id FROM tickets WHERE state = 'closed' AND closed_at < $1";
    // A constant of ours, not data: written into the statement.
    use crate::domain::text::ERASED_NAME;
    let statements = [
        format!(
            "UPDATE messages SET body = $3, author_name = CASE WHEN author = 'user' THEN '{ERASED_NAME}' ELSE author_name END
             WHERE id IN (SELECT id FROM messages WHERE body <> $3
                 AND ((ticket_id IS NULL AND conversation_id IN ({ENDED})) OR ticket_id IN ({CLOSED}))
                 ORDER BY id LIMIT $2)"
        ),
        format!("UPDATE tickets SET subject = $3 WHERE id IN ({CLOSED} AND subject <> $3 ORDER BY id LIMIT $2)"),
        "UPDATE kb_queries SET text = $3
         WHERE id IN (SELECT id FROM kb_queries WHERE created_at < $1 AND text <> $3 ORDER BY id LIMIT $2)"
            .to_string(),
        // A callback's number and note go with the closed ticket's words.
        format!(
            "UPDATE callbacks SET phone = NULL, note = CASE WHEN note IS NULL THEN NULL ELSE $3 END
             WHERE id IN (SELECT id FROM callbacks WHERE phone IS NOT NULL AND ticket_id IN ({CLOSED})
                 ORDER BY id LIMIT $2)"
        ),
    ];
    let mut erased = 0;
    for statement in &statements {
        erased += sqlx::query(statement)
            .bind(ts(cutoff))
            .bind(batch)
            .bind(crate::domain::text::ERASED)
            .execute(pool)
            .await?
            .rows_affected();
    }
    Ok(erased)
}

/// Bot conversations that ended before `cutoff` and opened no ticket, with
/// their messages; the query log keeps its rows (they have their own
/// retention) without the link. One transaction, one batch of ids chosen
/// the same way by each statement.
async fn prune_conversations(pool: &DbPool, cutoff: DateTime<Utc>, batch: i64) -> StoreResult<u64> {
    const OLD: &str = "SELECT c.id FROM conversations c
         WHERE c.ended_at IS NOT NULL AND c.ended_at < $1
           AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = c.id)
         ORDER BY c.id LIMIT $2";
    let mut tx: sqlx::Transaction<'static, Db> = super::begin_write(pool).await?;
    for statement in [
        format!("DELETE FROM messages WHERE conversation_id IN ({OLD})"),
        format!("UPDATE kb_queries SET conversation_id = NULL WHERE conversation_id IN ({OLD})"),
        format!("UPDATE article_views SET conversation_id = NULL WHERE conversation_id IN ({OLD})"),
    ] {
        sqlx::query(&statement).bind(ts(cutoff)).bind(batch).execute(&mut *tx).await?;
    }
    let done = sqlx::query(&format!("DELETE FROM conversations WHERE id IN ({OLD})"))
        .bind(ts(cutoff))
        .bind(batch)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
