//! A ticket's tags, one row each.

use super::DbConn;
use crate::domain::TicketId;
use crate::store::StoreResult;

/// `false` if the ticket already had the tag.
pub(super) async fn add(conn: &mut DbConn, ticket: TicketId, tag: &str) -> StoreResult<bool> {
    let done = sqlx::query("INSERT INTO ticket_tags (ticket_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(ticket.0)
        .bind(tag)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// `false` if the ticket did not have the tag.
pub(super) async fn remove(conn: &mut DbConn, ticket: TicketId, tag: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM ticket_tags WHERE ticket_id = $1 AND tag = $2")
        .bind(ticket.0)
        .bind(tag)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn of_ticket<'c, E>(executor: E, ticket: TicketId) -> StoreResult<Vec<String>>
where
    E: sqlx::Executor<'c, Database = super::Db>,
{
    Ok(sqlx::query_scalar("SELECT tag FROM ticket_tags WHERE ticket_id = $1 ORDER BY tag")
        .bind(ticket.0)
        .fetch_all(executor)
        .await?)
}
