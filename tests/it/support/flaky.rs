//! A store that goes away for a while: `begin` answers "the database is
//! unreachable" while `down` is set, everything else passes through. What
//! a PostgreSQL restart or a full disk looks like to the engine.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use escala::domain::sla::SlaClock;
use escala::domain::{Channel, Destination, Ticket, TicketId};
use escala::store::{
    GaugeCounts, Leadership, LoggedQueryRow, OutboxRow, PruneReport, Retention, StatsInput, Store, StoreError,
    StoreResult, StoreTx, TicketFilter, TicketHistory, TimerRow,
};

pub struct FlakyStore {
    inner: Arc<dyn Store>,
    pub down: AtomicBool,
    /// Transactions refused while down.
    pub refused: AtomicU32,
}

impl FlakyStore {
    pub fn new(inner: Arc<dyn Store>) -> Arc<FlakyStore> {
        Arc::new(FlakyStore { inner, down: AtomicBool::new(false), refused: AtomicU32::new(0) })
    }

    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }
}

#[async_trait]
impl Store for FlakyStore {
    async fn begin(&self) -> StoreResult<Box<dyn StoreTx>> {
        if self.down.load(Ordering::SeqCst) {
            self.refused.fetch_add(1, Ordering::SeqCst);
            return Err(StoreError::Unavailable("connection refused (the test took the database away)".into()));
        }
        self.inner.begin().await
    }
    async fn migrate(&self) -> StoreResult<()> {
        self.inner.migrate().await
    }
    async fn user_data(
        &self,
        channel: Channel,
        external_id: &str,
        internal: bool,
    ) -> StoreResult<Option<escala::store::UserData>> {
        self.inner.user_data(channel, external_id, internal).await
    }
    async fn audit_events(&self, filter: &escala::store::AuditFilter) -> StoreResult<Vec<escala::store::AuditRow>> {
        self.inner.audit_events(filter).await
    }
    async fn catch_up_points(&self, channel: Channel) -> StoreResult<Vec<escala::store::CatchUpPoint>> {
        self.inner.catch_up_points(channel).await
    }
    async fn pending_migrations(&self) -> StoreResult<Vec<String>> {
        self.inner.pending_migrations().await
    }
    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Vec<Ticket>> {
        self.inner.list_tickets(filter).await
    }
    async fn queue(&self, filter: &TicketFilter) -> StoreResult<Vec<escala::store::QueueRow>> {
        self.inner.queue(filter).await
    }
    async fn ticket_history(&self, id: TicketId) -> StoreResult<Option<TicketHistory>> {
        self.inner.ticket_history(id).await
    }
    async fn due_outbox(&self, channel: Channel, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxRow>> {
        self.inner.due_outbox(channel, now, limit).await
    }
    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        self.inner.mark_sent(id, now).await
    }
    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>, dead: bool) -> StoreResult<()> {
        self.inner.mark_failed(id, error, retry_at, dead).await
    }
    async fn postpone(&self, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        self.inner.postpone(id, reason, retry_at).await
    }
    async fn outbox_depth(&self) -> StoreResult<i64> {
        self.inner.outbox_depth().await
    }
    async fn logged_queries(&self, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
        self.inner.logged_queries(since).await
    }
    async fn set_staff_thread(
        &self,
        ticket: TicketId,
        channel: Channel,
        thread_ref: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.inner.set_staff_thread(ticket, channel, thread_ref, now).await
    }
    async fn staff_thread(&self, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>> {
        self.inner.staff_thread(ticket, channel).await
    }
    async fn record_copies(
        &self,
        source: &str,
        channel: Channel,
        destination: &Destination,
        refs: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.inner.record_copies(source, channel, destination, refs, now).await
    }
    async fn ticket_for_staff_thread(&self, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>> {
        self.inner.ticket_for_staff_thread(channel, thread_ref).await
    }
    async fn stats_input(&self, since: DateTime<Utc>) -> StoreResult<StatsInput> {
        self.inner.stats_input(since).await
    }
    async fn gauge_counts(&self) -> StoreResult<GaugeCounts> {
        self.inner.gauge_counts().await
    }
    async fn due_sla_clocks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>> {
        self.inner.due_sla_clocks(now, limit).await
    }
    async fn due_timers(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>> {
        self.inner.due_timers(now, limit).await
    }
    async fn prune(&self, retention: &Retention, batch: i64) -> StoreResult<PruneReport> {
        self.inner.prune(retention, batch).await
    }
    async fn try_lead(&self, role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
        self.inner.try_lead(role).await
    }
}
