//! Persistence behind two traits: `Store` (a connection pool) and `StoreTx`
//! (one transaction). The engine does all of a state change, with its outbox
//! rows and its inbound idempotency key, inside one `StoreTx`. This module is
//! the only place that writes SQL.

pub mod baseline;
mod migrations;
pub mod postgres;
mod rows;
mod scrub;
pub mod sqlite;
mod stats_rows;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::callback::Callback;
use crate::domain::sla::{SlaClock, TimerKind};
use crate::domain::{
    ArticleFate, Channel, ContactId, ConversationEnd, ConversationId, Destination, Lang, Level, Outbound, Ticket,
    TicketEvent, TicketId,
};

pub use rows::*;
pub use stats_rows::*;

/// What went wrong with the database. The texts carry what the driver
/// said without exposing it as a further cause, so a printed chain never
/// says the same thing twice.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// SQLite's lock was still held when the busy timeout ran out.
    #[error("the database is busy (another escala process is writing to it); try again in a moment")]
    Busy,
    /// PostgreSQL gave up one of two colliding transactions (a deadlock or
    /// a serialization failure); running it again succeeds.
    #[error("the change collided with a simultaneous one ({0}); try again")]
    Collision(String),
    #[error("migration failed: {0}")]
    Migration(sqlx::migrate::MigrateError),
    #[error("ticket {0} was changed by someone else meanwhile; try again")]
    Conflict(TicketId),
    #[error("the user already has an open ticket")]
    OpenTicketExists,
    #[error("corrupt row in {table}: {detail}")]
    Corrupt { table: &'static str, detail: String },
    #[error("cannot open the database at {path}: {detail}")]
    Open { path: String, detail: String },
    /// The database did not answer (connection refused or lost, no free
    /// connection in time): waiting and trying again will do.
    #[error("the database is unreachable ({0}); retrying")]
    Unavailable(String),
}

impl StoreError {
    /// Whether running the same transaction again may succeed: a busy
    /// database, colliding transactions, or a ticket saved meanwhile.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Busy | StoreError::Collision(_) | StoreError::Conflict(_))
    }

    /// Whether the database itself is away for now (an outage rather than
    /// a collision): worth waiting for, with growing pauses, never worth
    /// dropping the update over.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// SQLite's SQLITE_BUSY and SQLITE_LOCKED, with their extended codes.
fn is_busy(error: &dyn sqlx::error::DatabaseError) -> bool {
    matches!(error.code().as_deref(), Some("5" | "6" | "261" | "262" | "517"))
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(db) = &error {
            if is_busy(db.as_ref()) {
                return StoreError::Busy;
            }
            // PostgreSQL: serialization_failure, deadlock_detected.
            if matches!(db.code().as_deref(), Some("40001" | "40P01")) {
                return StoreError::Collision(db.message().to_string());
            }
            // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now.
            if matches!(db.code().as_deref(), Some("57P01" | "57P02" | "57P03")) {
                return StoreError::Unavailable(db.message().to_string());
            }
        }
        if matches!(
            error,
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed
        ) {
            return StoreError::Unavailable(error.to_string());
        }
        StoreError::Database(error)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> StoreError {
        StoreError::Migration(error)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A pool of connections to one database.
#[async_trait]
pub trait Store: Send + Sync {
    /// Starts a write transaction.
    async fn begin(&self) -> StoreResult<Box<dyn StoreTx>>;
    async fn migrate(&self) -> StoreResult<()>;
    /// The migrations this build has that the database has not applied
    /// (version and description), without applying them.
    async fn pending_migrations(&self) -> StoreResult<Vec<String>>;

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Vec<Ticket>>;
    /// The same tickets, each with its soonest SLA due time.
    async fn queue(&self, filter: &TicketFilter) -> StoreResult<Vec<QueueRow>>;
    async fn ticket_history(&self, id: TicketId) -> StoreResult<Option<TicketHistory>>;

    /// Undelivered outbox rows for a channel that are due at `now`, the
    /// oldest first, at most one row per destination ahead of its older
    /// undelivered siblings (order per destination is kept).
    async fn due_outbox(&self, channel: Channel, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxRow>>;
    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>, dead: bool) -> StoreResult<()>;
    /// Moves a row to `retry_at` without counting an attempt (the platform
    /// asked us to wait; the message did not fail).
    async fn postpone(&self, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()>;
    async fn outbox_depth(&self) -> StoreResult<i64>;

    async fn logged_queries(&self, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>>;

    /// Remembers the platform topic/thread that is a ticket's staff space
    /// (`thread_ref` is adapter-defined, e.g. `"<chat_id>:<message_thread_id>"`).
    async fn set_staff_thread(
        &self,
        ticket: TicketId,
        channel: Channel,
        thread_ref: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn staff_thread(&self, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>>;
    /// Remembers the platform references of the copies the sender posted
    /// of relayed message `source` (nothing if `source` was never relayed).
    async fn record_copies(
        &self,
        source: &str,
        channel: Channel,
        destination: &Destination,
        refs: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The users with an open conversation or ticket on `channel` and the
    /// open tickets' staff spaces there, each with its last stored message.
    async fn catch_up_points(&self, channel: Channel) -> StoreResult<Vec<CatchUpPoint>>;
    /// Everything stored about one user (`escala users export`); internal
    /// notes only with `internal`. `None` if there is no such user.
    async fn user_data(&self, channel: Channel, external_id: &str, internal: bool) -> StoreResult<Option<UserData>>;
    /// The audit log rows `filter` selects, oldest first.
    async fn audit_events(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>>;
    async fn ticket_for_staff_thread(&self, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>>;

    /// What `escala stats` needs for the window from `since` on, read in one
    /// snapshot: conversations started, tickets opened (with their SLA
    /// clocks), ticket events and KB queries since then.
    async fn stats_input(&self, since: DateTime<Utc>) -> StoreResult<StatsInput>;
    /// Ticket counts by level and state and breached SLA clocks, for the
    /// Prometheus gauges (read at every scrape, so grouped in SQL).
    async fn gauge_counts(&self) -> StoreResult<GaugeCounts>;
    /// Running SLA clocks whose warning or breach time has passed and was
    /// not yet alerted, the most overdue first.
    async fn due_sla_clocks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>>;
    /// Ticket timers (reminders, auto-close) due at `now` and not yet fired.
    async fn due_timers(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>>;

    /// Deletes up to `batch` rows per kind that are older than their cutoff
    /// in `retention`; run it again for the next batch.
    async fn prune(&self, retention: &Retention, batch: i64) -> StoreResult<PruneReport>;

    /// Becomes the one instance doing `role` (e.g. polling Telegram), or
    /// `None` while another instance holds it. The role is released when the
    /// returned guard is dropped or the process dies.
    async fn try_lead(&self, role: &str) -> StoreResult<Option<Box<dyn Leadership>>>;
}

/// The cutoffs of retention: rows older than these may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub sent_messages: DateTime<Utc>,
    pub dead_letters: DateTime<Utc>,
    pub inbound_keys: DateTime<Utc>,
    pub kb_queries: DateTime<Utc>,
    pub closed_conversations: DateTime<Utc>,
    /// Texts of what ended before this are erased (`retention.personal_data`).
    pub personal_data: DateTime<Utc>,
}

/// How many rows one prune removed, per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneReport {
    pub sent_messages: u64,
    pub dead_letters: u64,
    pub inbound_keys: u64,
    pub kb_queries: u64,
    pub conversations: u64,
    /// Texts erased past `retention.personal_data` (messages, subjects, queries).
    pub anonymised: u64,
}

impl PruneReport {
    pub fn total(&self) -> u64 {
        self.sent_messages
            + self.dead_letters
            + self.inbound_keys
            + self.kb_queries
            + self.conversations
            + self.anonymised
    }
}

/// Proof of holding a role among several instances.
#[async_trait]
pub trait Leadership: Send {
    /// Whether the role is still held (the database session behind it may
    /// have been lost).
    async fn is_held(&mut self) -> bool;
}

/// One open transaction. Dropping it without `commit` rolls back.
#[async_trait]
pub trait StoreTx: Send {
    /// Records a platform update key; `false` means it was seen before and
    /// the caller must change nothing.
    async fn record_inbound(&mut self, channel: Channel, key: &str, now: DateTime<Utc>) -> StoreResult<bool>;

    async fn contact_by_external(&mut self, channel: Channel, external_id: &str) -> StoreResult<Option<Contact>>;

    /// `record_inbound` and then `contact_by_external` for the update's
    /// sender, in one trip to the database (every user message starts so):
    /// `None` when the key was seen before.
    async fn record_inbound_from(
        &mut self,
        channel: Channel,
        key: &str,
        external_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Option<Contact>>>;
    async fn contact(&mut self, id: ContactId) -> StoreResult<Option<Contact>>;
    async fn insert_contact(&mut self, new: &NewContact, now: DateTime<Utc>) -> StoreResult<Contact>;
    async fn update_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()>;

    async fn start_conversation(
        &mut self,
        contact: ContactId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<ConversationId>;
    /// Records how a conversation ended; the first end stands.
    async fn end_conversation(
        &mut self,
        id: ConversationId,
        end: ConversationEnd,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn append_message(&mut self, message: &NewMessage) -> StoreResult<()>;
    async fn conversation_messages(&mut self, id: ConversationId) -> StoreResult<Vec<MessageRow>>;

    async fn open_ticket_for(&mut self, contact: ContactId) -> StoreResult<Option<Ticket>>;
    async fn ticket(&mut self, id: TicketId) -> StoreResult<Option<Ticket>>;
    /// The contact's latest `limit` tickets, newest first (`/tickets`).
    async fn tickets_of(&mut self, contact: ContactId, limit: i64) -> StoreResult<Vec<Ticket>>;
    /// Records that `source` was relayed for `ticket` (the first record of
    /// a source stands).
    async fn record_relay(
        &mut self,
        source: &str,
        ticket: TicketId,
        kind: RelayKind,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Erases what identifies `contact` and what they wrote, keeping the
    /// rows metrics count (tickets, times, ratings) under an anonymous
    /// contact: message bodies of their conversations and tickets, ticket
    /// subjects, query texts, their ids and name wherever their own rows
    /// carry them (events, audit, outbox), relay records, subscriptions.
    async fn forget_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<ForgetReport>;
    /// Adds a row to the audit log, with the action it records.
    async fn record_audit(&mut self, audit: &NewAudit) -> StoreResult<()>;
    /// The bot conversation before the ticket, then the ticket's messages.
    async fn ticket_messages(&mut self, id: TicketId) -> StoreResult<Vec<MessageRow>>;
    /// What `source` was relayed as, with the copies posted of it so far.
    async fn relayed(&mut self, source: &str) -> StoreResult<Option<Relayed>>;
    /// Inserts a ticket and its `Opened` event; fails with
    /// `OpenTicketExists` if the contact already has one that is not closed.
    async fn insert_ticket(&mut self, new: &NewTicket, actor: &str) -> StoreResult<Ticket>;
    /// Saves `ticket` (the result of `previous.apply(event)`) and the event,
    /// failing with `Conflict` if the row is no longer at `previous_version`.
    async fn save_ticket(
        &mut self,
        ticket: &Ticket,
        previous_version: i64,
        event: &TicketEvent,
        actor: &str,
    ) -> StoreResult<()>;
    async fn record_event(
        &mut self,
        ticket: TicketId,
        event: &TicketEvent,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;

    async fn enqueue(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()>;
    async fn log_query(&mut self, query: &NewLoggedQuery) -> StoreResult<()>;
    /// Records an article shown to a user, as a view of the conversation's
    /// latest question.
    async fn record_article_view(&mut self, view: &NewArticleView) -> StoreResult<()>;
    /// Records what became of the latest article shown in `conversation`,
    /// unless something already did: `false` then (or with nothing shown).
    async fn decide_article(
        &mut self,
        conversation: ConversationId,
        fate: ArticleFate,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;

    async fn sla_clocks(&mut self, ticket: TicketId) -> StoreResult<Vec<SlaClock>>;
    /// Inserts a new clock (no id yet) or updates a stored one.
    async fn save_sla_clock(&mut self, clock: &SlaClock) -> StoreResult<()>;
    /// Records that clock `clock`'s warning or breach was alerted; `false`
    /// if it already was (another sweeper won) or the clock stopped, so
    /// alerts go out once.
    async fn mark_sla_alert(&mut self, clock: i64, alert: SlaAlert, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Drops the ticket's unfired timers and sets `timers` instead.
    async fn replace_timers(
        &mut self,
        ticket: TicketId,
        timers: &[(TimerKind, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Marks a timer fired; `false` if it already fired or was replaced.
    async fn claim_timer(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Sets one more timer, leaving the ticket's others as they are (a
    /// repeating reminder arming its next round).
    async fn schedule_timer(&mut self, ticket: TicketId, kind: TimerKind, due: DateTime<Utc>) -> StoreResult<()>;
    /// Inserts (no id yet) or updates a callback; its id.
    async fn save_callback(&mut self, callback: &Callback) -> StoreResult<i64>;
    /// Marks an agent away (left out of auto-assignment) or back; `false`
    /// if they already were.
    async fn set_away(&mut self, agent: &str, away: bool, now: DateTime<Utc>) -> StoreResult<bool>;
    /// The agents who are away.
    async fn away_agents(&mut self) -> StoreResult<Vec<String>>;
    /// The agent round robin last gave a ticket of `level` to.
    async fn assignment_cursor(&mut self, level: Level) -> StoreResult<Option<String>>;
    async fn set_assignment_cursor(&mut self, level: Level, agent: &str) -> StoreResult<()>;
    /// Active tickets held per agent.
    async fn agent_load(&mut self) -> StoreResult<Vec<(String, i64)>>;
    /// Tags the ticket; `false` if it had the tag already.
    async fn add_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool>;
    /// Untags the ticket; `false` if it did not have the tag.
    async fn remove_tag(&mut self, ticket: TicketId, tag: &str) -> StoreResult<bool>;
    /// The ticket's tags, sorted.
    async fn tags(&mut self, ticket: TicketId) -> StoreResult<Vec<String>>;
    /// Removes every number given for the ticket's callbacks.
    async fn erase_callback_phones(&mut self, ticket: TicketId) -> StoreResult<()>;
    /// The ticket's latest callback, whatever became of it.
    async fn last_callback(&mut self, ticket: TicketId) -> StoreResult<Option<Callback>>;
    /// The ticket's latest event of one of `kinds` (`TicketEvent::kind`).
    async fn last_event(&mut self, ticket: TicketId, kinds: &[&str]) -> StoreResult<Option<EventRow>>;

    /// Records that `revision` of an incident was seen; `true` only for the
    /// first transaction to see it, which announces it.
    async fn record_incident_revision(
        &mut self,
        incident: &str,
        revision: &str,
        status: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// `false` if the contact was already subscribed.
    async fn subscribe_incident(&mut self, incident: &str, contact: ContactId, now: DateTime<Utc>)
        -> StoreResult<bool>;
    async fn incident_subscribers(&mut self, incident: &str) -> StoreResult<Vec<ContactId>>;
    /// `false` if the ticket was already linked.
    async fn link_incident_ticket(&mut self, incident: &str, ticket: TicketId, now: DateTime<Utc>)
        -> StoreResult<bool>;
    async fn incident_tickets(&mut self, incident: &str) -> StoreResult<Vec<TicketId>>;

    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// Opens the store named by a database URL (`sqlite://path` or `postgres://…`).
pub async fn connect(url: &str) -> StoreResult<Box<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Box::new(postgres::PostgresStore::open(url).await?));
    }
    Ok(Box::new(sqlite::SqliteStore::open(url).await?))
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};

    use super::StoreError;

    /// SQLite's own "(code: 5) database is locked" once reached users.
    #[tokio::test]
    async fn a_locked_sqlite_database_is_named_busy_and_is_worth_a_retry() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("b.db").display());
        let options = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true);
        let mut holder = options.connect().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE").execute(&mut holder).await.unwrap();
        let mut other = options.clone().busy_timeout(std::time::Duration::ZERO).connect().await.unwrap();
        let error = StoreError::from(sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.unwrap_err());
        assert!(matches!(error, StoreError::Busy), "{error:?}");
        assert!(error.is_transient());
        assert!(error.to_string().contains("busy") && !error.to_string().contains("code: 5"), "{error}");
        holder.close().await.unwrap();
    }
}
