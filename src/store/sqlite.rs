//! The embedded SQLite backend (WAL mode). One file, one process writing at a
//! time; other processes (the `escala tickets` CLI) wait on `busy_timeout`.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use super::*;
use crate::domain::{Level, Priority, TicketState};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

/// Fixed-width UTC text, so string order is time order in SQL.
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(table: &'static str, text: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt { table, detail: format!("time `{text}`: {e}") })
}

fn parse_opt_ts(table: &'static str, text: Option<String>) -> StoreResult<Option<DateTime<Utc>>> {
    text.map(|t| parse_ts(table, &t)).transpose()
}

fn parse_field<T: FromStr>(table: &'static str, text: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt { table, detail: e.to_string() })
}

impl SqliteStore {
    /// Opens (creating if missing) the database and applies migrations.
    pub async fn open(url: &str) -> StoreResult<SqliteStore> {
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let options = if path == ":memory:" {
            SqliteConnectOptions::from_str("sqlite::memory:")?
        } else {
            SqliteConnectOptions::new().filename(path).create_if_missing(true)
        }
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true);
        // An in-memory database lives in one connection only.
        let max = if path == ":memory:" { 1 } else { 4 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open { path: path.to_string(), detail: e.to_string() })?;
        let store = SqliteStore { pool };
        store.migrate().await.map_err(|e| StoreError::Open { path: path.to_string(), detail: e.to_string() })?;
        Ok(store)
    }
}

fn ticket_from_row(row: &SqliteRow) -> StoreResult<Ticket> {
    const T: &str = "tickets";
    Ok(Ticket {
        id: TicketId(row.try_get("id")?),
        contact: ContactId(row.try_get("contact_id")?),
        channel: parse_field(T, row.try_get::<&str, _>("channel")?)?,
        lang: parse_field(T, row.try_get::<&str, _>("lang")?)?,
        level: parse_field::<Level>(T, row.try_get::<&str, _>("level")?)?,
        priority: parse_field::<Priority>(T, row.try_get::<&str, _>("priority")?)?,
        state: parse_field::<TicketState>(T, row.try_get::<&str, _>("state")?)?,
        assignee: row.try_get("assignee")?,
        subject: row.try_get("subject")?,
        created_at: parse_ts(T, row.try_get("created_at")?)?,
        updated_at: parse_ts(T, row.try_get("updated_at")?)?,
        first_response_at: parse_opt_ts(T, row.try_get("first_response_at")?)?,
        resolved_at: parse_opt_ts(T, row.try_get("resolved_at")?)?,
        closed_at: parse_opt_ts(T, row.try_get("closed_at")?)?,
        csat: row.try_get::<Option<i64>, _>("csat")?.map(|c| c.clamp(0, 5) as u8),
        vendor: row.try_get("vendor")?,
        vendor_reference: row.try_get("vendor_reference")?,
        version: row.try_get("version")?,
    })
}

fn contact_from_row(row: &SqliteRow) -> StoreResult<Contact> {
    const T: &str = "contacts";
    Ok(Contact {
        id: ContactId(row.try_get("id")?),
        channel: parse_field(T, row.try_get::<&str, _>("channel")?)?,
        external_id: row.try_get("external_id")?,
        chat_id: row.try_get("chat_id")?,
        display_name: row.try_get("display_name")?,
        lang: row.try_get::<Option<&str>, _>("lang")?.and_then(Lang::from_locale),
        dialogue: row.try_get("dialogue")?,
        blocked: row.try_get::<i64, _>("blocked")? != 0,
    })
}

fn message_from_row(row: &SqliteRow) -> StoreResult<MessageRow> {
    Ok(MessageRow {
        author: Author::parse(row.try_get("author")?),
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        at: parse_ts("messages", row.try_get("created_at")?)?,
    })
}

#[async_trait]
impl Store for SqliteStore {
    async fn begin(&self) -> StoreResult<Box<dyn StoreTx>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE write_gate SET n = n + 1").execute(&mut *tx).await?;
        Ok(Box::new(SqliteTx { tx }))
    }

    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Vec<Ticket>> {
        let rows = sqlx::query(
            "SELECT * FROM tickets
             WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR level = ?2)
               AND (?3 OR state <> 'closed' OR ?1 = 'closed')
             ORDER BY id DESC LIMIT ?4",
        )
        .bind(filter.state.map(|s| s.as_str()))
        .bind(filter.level.map(|l| l.to_string()))
        .bind(filter.include_closed)
        .bind(filter.limit.unwrap_or(100))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    async fn ticket_history(&self, id: TicketId) -> StoreResult<Option<TicketHistory>> {
        let Some(row) = sqlx::query("SELECT * FROM tickets WHERE id = ?").bind(id.0).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let ticket = ticket_from_row(&row)?;
        let conversation: Option<i64> = row.try_get("conversation_id")?;
        let contact_row =
            sqlx::query("SELECT * FROM contacts WHERE id = ?").bind(ticket.contact.0).fetch_one(&self.pool).await?;
        let contact = contact_from_row(&contact_row)?;
        let events = sqlx::query("SELECT at, actor, kind, payload FROM ticket_events WHERE ticket_id = ? ORDER BY id")
            .bind(id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(EventRow {
                    at: parse_ts("ticket_events", r.try_get("at")?)?,
                    actor: r.try_get("actor")?,
                    kind: r.try_get("kind")?,
                    payload: serde_json::from_str(r.try_get("payload")?).unwrap_or(serde_json::Value::Null),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let messages = sqlx::query(
            "SELECT author, author_name, body, created_at FROM messages
             WHERE ticket_id = ?1 OR (?2 IS NOT NULL AND conversation_id = ?2 AND ticket_id IS NULL)
             ORDER BY id",
        )
        .bind(id.0)
        .bind(conversation)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(TicketHistory { ticket, contact, events, messages }))
    }

    async fn due_outbox(&self, channel: Channel, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<OutboxRow>> {
        // Only the oldest pending row of each destination is eligible, so a
        // failed message holds back the ones queued after it.
        let rows = sqlx::query(
            "SELECT o.id, o.payload, o.attempts FROM outbox o
             WHERE o.channel = ?1 AND o.sent_at IS NULL AND o.dead = 0 AND o.due_at <= ?2
               AND o.id = (SELECT MIN(p.id) FROM outbox p
                           WHERE p.channel = o.channel AND p.destination = o.destination
                             AND p.sent_at IS NULL AND p.dead = 0)
             ORDER BY o.id LIMIT ?3",
        )
        .bind(channel.as_str())
        .bind(ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let payload: &str = r.try_get("payload")?;
                Ok(OutboxRow {
                    id: r.try_get("id")?,
                    message: serde_json::from_str(payload)
                        .map_err(|e| StoreError::Corrupt { table: "outbox", detail: e.to_string() })?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect()
    }

    async fn mark_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = ? WHERE id = ?").bind(ts(now)).bind(id).execute(&self.pool).await?;
        Ok(())
    }

    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>, dead: bool) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = ?, due_at = ?, dead = ? WHERE id = ?")
            .bind(error)
            .bind(ts(retry_at))
            .bind(dead)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn postpone(&self, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET last_error = ?, due_at = ? WHERE id = ?")
            .bind(reason)
            .bind(ts(retry_at))
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outbox_depth(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dead = 0")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn logged_queries(&self, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
        let rows = sqlx::query(
            "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
             WHERE created_at >= ? ORDER BY id",
        )
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LoggedQueryRow {
                    text: r.try_get("text")?,
                    lang: parse_field("kb_queries", r.try_get::<&str, _>("lang")?)?,
                    best_article: r.try_get("best_article")?,
                    confidence: r.try_get::<f64, _>("confidence")? as f32,
                    outcome: r.try_get("outcome")?,
                    at: parse_ts("kb_queries", r.try_get("created_at")?)?,
                })
            })
            .collect()
    }

    async fn set_staff_thread(
        &self,
        ticket: TicketId,
        channel: Channel,
        thread_ref: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO staff_threads (ticket_id, channel, thread_ref, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (ticket_id, channel) DO UPDATE SET thread_ref = excluded.thread_ref",
        )
        .bind(ticket.0)
        .bind(channel.as_str())
        .bind(thread_ref)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn staff_thread(&self, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT thread_ref FROM staff_threads WHERE ticket_id = ? AND channel = ?")
            .bind(ticket.0)
            .bind(channel.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn ticket_for_staff_thread(&self, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT ticket_id FROM staff_threads WHERE channel = ? AND thread_ref = ?")
                .bind(channel.as_str())
                .bind(thread_ref)
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map(TicketId))
    }

    async fn stats_input(&self, since: DateTime<Utc>) -> StoreResult<StatsInput> {
        // One read transaction: in WAL mode it is a snapshot, so the figures
        // agree with each other even while the bot keeps writing.
        let mut tx = self.pool.begin().await?;
        let since = ts(since);
        let conversations = sqlx::query(
            "SELECT c.id, k.channel, c.lang, c.started_at, c.outcome FROM conversations c
             JOIN contacts k ON k.id = c.contact_id WHERE c.started_at >= ? ORDER BY c.id",
        )
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            const T: &str = "conversations";
            Ok(ConversationStatRow {
                id: ConversationId(r.try_get("id")?),
                channel: parse_field(T, r.try_get::<&str, _>("channel")?)?,
                lang: parse_field(T, r.try_get::<&str, _>("lang")?)?,
                started_at: parse_ts(T, r.try_get("started_at")?)?,
                outcome: r.try_get("outcome")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let tickets = sqlx::query("SELECT * FROM tickets WHERE created_at >= ? ORDER BY id")
            .bind(&since)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(ticket_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let events = sqlx::query("SELECT ticket_id, at, kind, payload FROM ticket_events WHERE at >= ? ORDER BY id")
            .bind(&since)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| {
                Ok(TicketEventStatRow {
                    ticket: TicketId(r.try_get("ticket_id")?),
                    at: parse_ts("ticket_events", r.try_get("at")?)?,
                    kind: r.try_get("kind")?,
                    payload: serde_json::from_str(r.try_get("payload")?).unwrap_or(serde_json::Value::Null),
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let queries = sqlx::query(
            "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
             WHERE created_at >= ? ORDER BY id",
        )
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(LoggedQueryRow {
                text: r.try_get("text")?,
                lang: parse_field("kb_queries", r.try_get::<&str, _>("lang")?)?,
                best_article: r.try_get("best_article")?,
                confidence: r.try_get::<f64, _>("confidence")? as f32,
                outcome: r.try_get("outcome")?,
                at: parse_ts("kb_queries", r.try_get("created_at")?)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let sla_clocks = sqlx::query(
            "SELECT s.ticket_id, s.clock, s.level, s.priority, s.target_secs, s.breached_at, s.met_at
             FROM sla_clocks s JOIN tickets t ON t.id = s.ticket_id
             WHERE t.created_at >= ? ORDER BY s.ticket_id, s.clock",
        )
        .bind(&since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            const T: &str = "sla_clocks";
            Ok(SlaClockStatRow {
                ticket: TicketId(r.try_get("ticket_id")?),
                clock: r.try_get("clock")?,
                level: parse_field(T, r.try_get::<&str, _>("level")?)?,
                priority: parse_field(T, r.try_get::<&str, _>("priority")?)?,
                target_secs: r.try_get("target_secs")?,
                breached_at: parse_opt_ts(T, r.try_get("breached_at")?)?,
                met_at: parse_opt_ts(T, r.try_get("met_at")?)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        tx.commit().await?;
        Ok(StatsInput { conversations, tickets, events, queries, sla_clocks })
    }

    async fn gauge_counts(&self) -> StoreResult<GaugeCounts> {
        let tickets = sqlx::query("SELECT level, state, COUNT(*) AS n FROM tickets GROUP BY level, state")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok((
                    parse_field("tickets", r.try_get::<&str, _>("level")?)?,
                    parse_field("tickets", r.try_get::<&str, _>("state")?)?,
                    r.try_get("n")?,
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let sla_breaches = sqlx::query(
            "SELECT clock, COUNT(*) AS n FROM sla_clocks WHERE breached_at IS NOT NULL GROUP BY clock ORDER BY clock",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("clock")?, r.try_get("n")?)))
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(GaugeCounts { tickets, sla_breaches })
    }

    /// SQLite serves one process, so that process holds every role.
    async fn try_lead(&self, _role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
        Ok(Some(Box::new(SoleInstance)))
    }

    async fn due_sla_clocks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>> {
        sqlx::query(
            "SELECT * FROM sla_clocks
             WHERE due_at IS NOT NULL AND met_at IS NULL
               AND ((warned_at IS NULL AND warn_at <= ?1) OR (breached_at IS NULL AND due_at <= ?1))
             ORDER BY due_at LIMIT ?2",
        )
        .bind(ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(clock_from_row)
        .collect()
    }

    async fn due_timers(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>> {
        sqlx::query("SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ?")
            .bind(ts(now))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(timer_from_row)
            .collect()
    }
}

fn clock_from_row(row: &SqliteRow) -> StoreResult<SlaClock> {
    const T: &str = "sla_clocks";
    let kind: String = row.try_get("clock")?;
    let time = |column: &str| -> StoreResult<Option<DateTime<Utc>>> { parse_opt_ts(T, row.try_get(column)?) };
    Ok(SlaClock {
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: ClockKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("clock `{kind}`") })?,
        level: parse_field(T, row.try_get::<&str, _>("level")?)?,
        priority: parse_field(T, row.try_get::<&str, _>("priority")?)?,
        target_secs: row.try_get("target_secs")?,
        remaining_secs: row.try_get("remaining_secs")?,
        running_since: time("running_since")?,
        due_at: time("due_at")?,
        warn_at: time("warn_at")?,
        warned_at: time("warned_at")?,
        breached_at: time("breached_at")?,
        met_at: time("met_at")?,
    })
}

fn timer_from_row(row: &SqliteRow) -> StoreResult<TimerRow> {
    const T: &str = "timers";
    let kind: String = row.try_get("kind")?;
    Ok(TimerRow {
        id: row.try_get("id")?,
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: TimerKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("kind `{kind}`") })?,
        due_at: parse_ts(T, row.try_get("due_at")?)?,
    })
}

struct SoleInstance;

#[async_trait]
impl Leadership for SoleInstance {
    async fn is_held(&mut self) -> bool {
        true
    }
}

struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[async_trait]
impl StoreTx for SqliteTx {
    async fn record_inbound(&mut self, channel: Channel, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query("INSERT OR IGNORE INTO processed_inbound (channel, key, processed_at) VALUES (?, ?, ?)")
            .bind(channel.as_str())
            .bind(key)
            .bind(ts(now))
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn contact_by_external(&mut self, channel: Channel, external_id: &str) -> StoreResult<Option<Contact>> {
        sqlx::query("SELECT * FROM contacts WHERE channel = ? AND external_id = ?")
            .bind(channel.as_str())
            .bind(external_id)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(contact_from_row)
            .transpose()
    }

    async fn contact(&mut self, id: ContactId) -> StoreResult<Option<Contact>> {
        sqlx::query("SELECT * FROM contacts WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(contact_from_row)
            .transpose()
    }

    async fn insert_contact(&mut self, new: &NewContact, now: DateTime<Utc>) -> StoreResult<Contact> {
        let row = sqlx::query(
            "INSERT INTO contacts (channel, external_id, chat_id, display_name, lang, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *",
        )
        .bind(new.channel.as_str())
        .bind(&new.external_id)
        .bind(&new.chat_id)
        .bind(&new.display_name)
        .bind(new.lang.map(|l| l.code()))
        .bind(ts(now))
        .bind(ts(now))
        .fetch_one(&mut *self.tx)
        .await?;
        contact_from_row(&row)
    }

    async fn update_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE contacts SET chat_id = ?, display_name = ?, lang = ?, dialogue = ?, blocked = ?, updated_at = ?
             WHERE id = ?",
        )
        .bind(&contact.chat_id)
        .bind(&contact.display_name)
        .bind(contact.lang.map(|l| l.code()))
        .bind(&contact.dialogue)
        .bind(contact.blocked)
        .bind(ts(now))
        .bind(contact.id.0)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn start_conversation(
        &mut self,
        contact: ContactId,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> StoreResult<ConversationId> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO conversations (contact_id, lang, started_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(contact.0)
        .bind(lang.code())
        .bind(ts(now))
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(ConversationId(id))
    }

    async fn end_conversation(&mut self, id: ConversationId, outcome: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE conversations SET outcome = ?, ended_at = ? WHERE id = ? AND outcome IS NULL")
            .bind(outcome)
            .bind(ts(now))
            .bind(id.0)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn append_message(&mut self, m: &NewMessage) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO messages (conversation_id, ticket_id, author, author_name, body, created_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(m.conversation.map(|c| c.0))
        .bind(m.ticket.map(|t| t.0))
        .bind(m.author.as_str())
        .bind(&m.author_name)
        .bind(&m.body)
        .bind(ts(m.at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn conversation_messages(&mut self, id: ConversationId) -> StoreResult<Vec<MessageRow>> {
        sqlx::query("SELECT author, author_name, body, created_at FROM messages WHERE conversation_id = ? ORDER BY id")
            .bind(id.0)
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(message_from_row)
            .collect()
    }

    async fn open_ticket_for(&mut self, contact: ContactId) -> StoreResult<Option<Ticket>> {
        sqlx::query("SELECT * FROM tickets WHERE contact_id = ? AND state <> 'closed'")
            .bind(contact.0)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(ticket_from_row)
            .transpose()
    }

    async fn ticket(&mut self, id: TicketId) -> StoreResult<Option<Ticket>> {
        sqlx::query("SELECT * FROM tickets WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(ticket_from_row)
            .transpose()
    }

    async fn insert_ticket(&mut self, new: &NewTicket, actor: &str) -> StoreResult<Ticket> {
        let inserted = sqlx::query(
            "INSERT INTO tickets (contact_id, conversation_id, channel, lang, level, priority, state, subject,
                                  created_at, updated_at, version)
             VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, 1) RETURNING *",
        )
        .bind(new.contact.0)
        .bind(new.conversation.map(|c| c.0))
        .bind(new.channel.as_str())
        .bind(new.lang.code())
        .bind(new.level.to_string())
        .bind(new.priority.as_str())
        .bind(&new.subject)
        .bind(ts(new.at))
        .bind(ts(new.at))
        .fetch_one(&mut *self.tx)
        .await;
        let row = match inserted {
            Err(e) if is_unique_violation(&e) => return Err(StoreError::OpenTicketExists),
            other => other?,
        };
        let ticket = ticket_from_row(&row)?;
        let opened = TicketEvent::Opened { level: new.level, priority: new.priority, subject: new.subject.clone() };
        self.record_event(ticket.id, &opened, actor, new.at).await?;
        Ok(ticket)
    }

    async fn save_ticket(
        &mut self,
        t: &Ticket,
        previous_version: i64,
        event: &TicketEvent,
        actor: &str,
    ) -> StoreResult<()> {
        let updated = sqlx::query(
            "UPDATE tickets SET level = ?, priority = ?, state = ?, assignee = ?, updated_at = ?,
                first_response_at = ?, resolved_at = ?, closed_at = ?, csat = ?, vendor = ?, vendor_reference = ?,
                version = ?
             WHERE id = ? AND version = ?",
        )
        .bind(t.level.to_string())
        .bind(t.priority.as_str())
        .bind(t.state.as_str())
        .bind(&t.assignee)
        .bind(ts(t.updated_at))
        .bind(t.first_response_at.map(ts))
        .bind(t.resolved_at.map(ts))
        .bind(t.closed_at.map(ts))
        .bind(t.csat.map(i64::from))
        .bind(&t.vendor)
        .bind(&t.vendor_reference)
        .bind(t.version)
        .bind(t.id.0)
        .bind(previous_version)
        .execute(&mut *self.tx)
        .await;
        match updated {
            Err(e) if is_unique_violation(&e) => return Err(StoreError::OpenTicketExists),
            Ok(done) if done.rows_affected() == 0 => return Err(StoreError::Conflict(t.id)),
            other => {
                other?;
            }
        }
        self.record_event(t.id, event, actor, t.updated_at).await
    }

    async fn record_event(
        &mut self,
        ticket: TicketId,
        event: &TicketEvent,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let payload = serde_json::to_string(event)
            .map_err(|e| StoreError::Corrupt { table: "ticket_events", detail: e.to_string() })?;
        sqlx::query("INSERT INTO ticket_events (ticket_id, at, actor, kind, payload) VALUES (?, ?, ?, ?, ?)")
            .bind(ticket.0)
            .bind(ts(now))
            .bind(actor)
            .bind(event.kind())
            .bind(payload)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn enqueue(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()> {
        let payload = serde_json::to_string(message)
            .map_err(|e| StoreError::Corrupt { table: "outbox", detail: e.to_string() })?;
        sqlx::query("INSERT INTO outbox (channel, destination, payload, created_at, due_at) VALUES (?, ?, ?, ?, ?)")
            .bind(message.channel.as_str())
            .bind(message.destination.key())
            .bind(payload)
            .bind(ts(now))
            .bind(ts(now))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn log_query(&mut self, q: &NewLoggedQuery) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO kb_queries (contact_id, conversation_id, text, lang, best_article, confidence, outcome, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(q.contact.0)
        .bind(q.conversation.map(|c| c.0))
        .bind(&q.text)
        .bind(q.lang.code())
        .bind(&q.best_article)
        .bind(f64::from(q.confidence))
        .bind(&q.outcome)
        .bind(ts(q.at))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn set_query_outcome(&mut self, conversation: ConversationId, outcome: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE kb_queries SET outcome = ? WHERE id = (SELECT MAX(id) FROM kb_queries WHERE conversation_id = ?)",
        )
        .bind(outcome)
        .bind(conversation.0)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn sla_clocks(&mut self, ticket: TicketId) -> StoreResult<Vec<SlaClock>> {
        sqlx::query("SELECT * FROM sla_clocks WHERE ticket_id = ? ORDER BY clock")
            .bind(ticket.0)
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(clock_from_row)
            .collect()
    }

    async fn save_sla_clock(&mut self, c: &SlaClock) -> StoreResult<()> {
        sqlx::query(
            "INSERT OR REPLACE INTO sla_clocks (ticket_id, clock, level, priority, target_secs, remaining_secs,
                 running_since, due_at, warn_at, warned_at, breached_at, met_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(c.ticket.0)
        .bind(c.kind.as_str())
        .bind(c.level.to_string())
        .bind(c.priority.as_str())
        .bind(c.target_secs)
        .bind(c.remaining_secs)
        .bind(c.running_since.map(ts))
        .bind(c.due_at.map(ts))
        .bind(c.warn_at.map(ts))
        .bind(c.warned_at.map(ts))
        .bind(c.breached_at.map(ts))
        .bind(c.met_at.map(ts))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn mark_sla_alert(
        &mut self,
        ticket: TicketId,
        kind: ClockKind,
        alert: SlaAlert,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let column = alert.column();
        let sql = format!(
            "UPDATE sla_clocks SET {column} = ? WHERE ticket_id = ? AND clock = ? AND {column} IS NULL AND met_at IS NULL"
        );
        let done = sqlx::query(&sql).bind(ts(now)).bind(ticket.0).bind(kind.as_str()).execute(&mut *self.tx).await?;
        Ok(done.rows_affected() == 1)
    }

    async fn replace_timers(
        &mut self,
        ticket: TicketId,
        timers: &[(TimerKind, DateTime<Utc>)],
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM timers WHERE ticket_id = ? AND fired_at IS NULL")
            .bind(ticket.0)
            .execute(&mut *self.tx)
            .await?;
        for (kind, due) in timers {
            sqlx::query("INSERT INTO timers (ticket_id, kind, due_at) VALUES (?, ?, ?)")
                .bind(ticket.0)
                .bind(kind.as_str())
                .bind(ts(*due))
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    async fn claim_timer(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE timers SET fired_at = ? WHERE id = ? AND fired_at IS NULL")
            .bind(ts(now))
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn record_incident_revision(
        &mut self,
        incident: &str,
        revision: &str,
        status: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO incident_revisions (incident_id, revision, status, seen_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(revision)
        .bind(status)
        .bind(ts(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn subscribe_incident(
        &mut self,
        incident: &str,
        contact: ContactId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO incident_subscriptions (incident_id, contact_id, created_at) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(contact.0)
        .bind(ts(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn incident_subscribers(&mut self, incident: &str) -> StoreResult<Vec<ContactId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT contact_id FROM incident_subscriptions WHERE incident_id = ? ORDER BY contact_id",
        )
        .bind(incident)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(ids.into_iter().map(ContactId).collect())
    }

    async fn link_incident_ticket(
        &mut self,
        incident: &str,
        ticket: TicketId,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO incident_tickets (incident_id, ticket_id, linked_at) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(ticket.0)
        .bind(ts(now))
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn incident_tickets(&mut self, incident: &str) -> StoreResult<Vec<TicketId>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT ticket_id FROM incident_tickets WHERE incident_id = ? ORDER BY ticket_id")
                .bind(incident)
                .fetch_all(&mut *self.tx)
                .await?;
        Ok(ids.into_iter().map(TicketId).collect())
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
