//! Relayed messages and their copies: what an edit or a deletion of the
//! original must reach.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{parse_field, ts, DbConn, DbPool};
use crate::domain::{Channel, Destination, TicketId};
use crate::store::{RelayCopy, RelayKind, Relayed, StoreError, StoreResult};

/// Records a relayed message; a source seen before keeps its first record
/// (a redelivered update, or an edit relayed as a new message).
pub(super) async fn record(
    conn: &mut DbConn,
    source: &str,
    ticket: TicketId,
    kind: RelayKind,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO relayed (source, ticket_id, kind, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (source) DO NOTHING",
    )
    .bind(source)
    .bind(ticket.0)
    .bind(kind.as_str())
    .bind(ts(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn of(conn: &mut DbConn, source: &str) -> StoreResult<Option<Relayed>> {
    let Some(row) = sqlx::query("SELECT ticket_id, kind FROM relayed WHERE source = $1")
        .bind(source)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let copies = sqlx::query("SELECT channel, destination, copy_ref FROM relay_copies WHERE source = $1 ORDER BY id")
        .bind(source)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            const T: &str = "relay_copies";
            let destination: String = r.try_get("destination")?;
            Ok(RelayCopy {
                channel: parse_field(T, r.try_get::<&str, _>("channel")?)?,
                destination: serde_json::from_str(&destination)
                    .map_err(|e| StoreError::Corrupt { table: T, detail: e.to_string() })?,
                copy_ref: r.try_get("copy_ref")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some(Relayed {
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: parse_field("relayed", row.try_get::<&str, _>("kind")?)?,
        copies,
    }))
}

/// The copies the sender posted of `source`; nothing if the source was
/// never recorded (a message from before relays were kept).
pub(super) async fn add_copies(
    pool: &DbPool,
    source: &str,
    channel: Channel,
    destination: &Destination,
    refs: &[String],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let destination = serde_json::to_string(destination)
        .map_err(|e| StoreError::Corrupt { table: "relay_copies", detail: e.to_string() })?;
    for copy in refs {
        sqlx::query(
            "INSERT INTO relay_copies (source, channel, destination, copy_ref, created_at)
             SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM relayed WHERE source = $1)",
        )
        .bind(source)
        .bind(channel.as_str())
        .bind(&destination)
        .bind(copy)
        .bind(ts(now))
        .execute(pool)
        .await?;
    }
    Ok(())
}
