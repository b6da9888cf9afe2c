//! The SQL of the store, written once for both backends. Each backend file
//! (`sqlite.rs`, `postgres.rs`) mounts this module tree with `#[path]` and
//! provides its dialect as a handful of items the body uses by name:
//!
//! - `Db` (the sqlx database), `DbRow`, `DbConn` and `DbPool`;
//! - `ts(at)`, the value a time is bound as, and `read_ts`/`read_opt_ts`,
//!   how a stored time is read back (SQLite stores RFC 3339 text,
//!   PostgreSQL `TIMESTAMPTZ`);
//! - `LOCK_ROW`, the suffix that locks a row read for update (`FOR UPDATE`
//!   on PostgreSQL; SQLite's write gate already serialises writers);
//! - `begin_write`, `begin_snapshot`, `migrate` and `try_lead`;
//! - `BATCH_AS_CTE`, how `batch` sends several inserts in one statement.
//!
//! The SQL itself sticks to what both engines accept: `$N` placeholders,
//! `ON CONFLICT`, `RETURNING`, `CAST(x AS TEXT)` for JSON payloads read as
//! text, and savepoints around the statements whose failure a caller
//! survives (a failed statement aborts a PostgreSQL transaction).

mod assignment;
mod audit;
mod batch;
mod callbacks;
mod clocks;
mod contacts;
mod conversations;
mod export;
mod forget;
mod incidents;
mod outbox;
mod relays;
mod retention;
mod rows;
mod stats;
mod tags;
mod threads;
mod tickets;
mod tx;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{
    begin_snapshot, begin_write, migrate, read_opt_ts, read_ts, text_query, try_lead, ts, Db, DbConn, DbPool, DbRow,
    BATCH_AS_CTE, LOCK_ROW, MIGRATIONS, TICKETS_MATCHING,
};
use crate::domain::sla::SlaClock;
use crate::domain::{Channel, Destination, Ticket, TicketId};
use crate::store::{
    AuditFilter, AuditRow, CatchUpPoint, GaugeCounts, Leadership, LoggedQueryRow, OutboxRow, PruneReport, Retention,
    StatsInput, Store, StoreError, StoreResult, StoreTx, TicketFilter, TicketHistory, TimerRow, UserData,
};

/// A pool of connections to one database of this backend.
pub struct SqlStore {
    pub(super) pool: DbPool,
}

/// One open write transaction.
pub struct SqlTx {
    tx: sqlx::Transaction<'static, Db>,
    /// Written, not yet sent: reach the connection through `conn()`, which
    /// sends them first.
    pending: batch::Pending,
    /// A contact read in this transaction and the open ticket it had then
    /// (`contacts::by_external`), so asking for it again costs no trip to
    /// the database while no ticket was written since.
    open_ticket_seen: Option<(crate::domain::ContactId, Option<TicketId>)>,
}

/// A stored value that does not parse is a corrupt row, named by its table.
fn parse_field<T: std::str::FromStr>(table: &'static str, text: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt { table, detail: e.to_string() })
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[async_trait]
impl Store for SqlStore {
    async fn begin(&self) -> StoreResult<Box<dyn StoreTx>> {
        Ok(Box::new(SqlTx {
            tx: begin_write(&self.pool).await?,
            pending: batch::Pending::default(),
            open_ticket_seen: None,
        }))
    }

    async fn migrate(&self) -> StoreResult<()> {
        migrate(&self.pool).await
    }

    async fn pending_migrations(&self) -> StoreResult<Vec<String>> {
        // No table yet is a database nothing was applied to.
        let applied: Vec<i64> = match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&self.pool)
            .await
        {
            Ok(versions) => versions,
            Err(sqlx::Error::Database(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        Ok(crate::store::migrations::migrations(MIGRATIONS)
            .iter()
            .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
            .map(|m| format!("{} {}", m.version, m.description))
            .collect())
    }

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Vec<Ticket>> {
        tickets::list(&self.pool, filter).await
    }

    async fn queue(&self, filter: &TicketFilter) -> StoreResult<Vec<crate::store::QueueRow>> {
        tickets::queue(&self.pool, filter).await
    }

    async fn ticket_history(&self, id: TicketId) -> StoreResult<Option<TicketHistory>> {
        tickets::history(&self.pool, id).await
    }

    async fn due_outbox(&self, channel: Channel, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxRow>> {
        outbox::due(&self.pool, channel, now, limit).await
    }

    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        outbox::mark_sent(&self.pool, id, now).await
    }

    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>, dead: bool) -> StoreResult<()> {
        outbox::mark_failed(&self.pool, id, error, retry_at, dead).await
    }

    async fn postpone(&self, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        outbox::postpone(&self.pool, id, reason, retry_at).await
    }

    async fn outbox_depth(&self) -> StoreResult<i64> {
        outbox::depth(&self.pool).await
    }

    async fn logged_queries(&self, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
        conversations::logged_queries(&self.pool, since).await
    }

    async fn set_staff_thread(
        &self,
        ticket: TicketId,
        channel: Channel,
        thread_ref: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        threads::set(&self.pool, ticket, channel, thread_ref, now).await
    }

    async fn staff_thread(&self, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>> {
        threads::of_ticket(&self.pool, ticket, channel).await
    }

    async fn record_copies(
        &self,
        source: &str,
        channel: Channel,
        destination: &Destination,
        refs: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        relays::add_copies(&self.pool, source, channel, destination, refs, now).await
    }

    async fn user_data(&self, channel: Channel, external_id: &str, internal: bool) -> StoreResult<Option<UserData>> {
        export::export(&self.pool, channel, external_id, internal).await
    }

    async fn audit_events(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
        audit::list(&self.pool, filter).await
    }

    async fn catch_up_points(&self, channel: Channel) -> StoreResult<Vec<CatchUpPoint>> {
        threads::catch_up_points(&self.pool, channel).await
    }

    async fn ticket_for_staff_thread(&self, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>> {
        threads::ticket_of(&self.pool, channel, thread_ref).await
    }

    async fn stats_input(&self, since: DateTime<Utc>) -> StoreResult<StatsInput> {
        stats::input(begin_snapshot(&self.pool).await?, since).await
    }

    async fn gauge_counts(&self) -> StoreResult<GaugeCounts> {
        stats::gauges(&self.pool).await
    }

    async fn due_sla_clocks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>> {
        clocks::due_clocks(&self.pool, now, limit).await
    }

    async fn due_timers(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>> {
        clocks::due_timers(&self.pool, now, limit).await
    }

    async fn prune(&self, retention: &Retention, batch: i64) -> StoreResult<PruneReport> {
        retention::prune(&self.pool, retention, batch).await
    }

    async fn try_lead(&self, role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
        try_lead(&self.pool, role).await
    }
}
