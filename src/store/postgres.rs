//! The PostgreSQL backend, for deployments where several escala instances
//! (and the `escala tickets` CLI) share one database server.
//!
//! It behaves like the SQLite backend; the differences are PostgreSQL's:
//! times are `TIMESTAMPTZ`, payloads `JSONB`, and there is no write gate
//! because PostgreSQL locks rows rather than the whole database. A statement
//! that fails aborts the whole PostgreSQL transaction, so the statements whose
//! failure the engine expects to survive (`OpenTicketExists`) run inside a
//! savepoint.
//!
//! To keep escala's tables in their own schema, name it in the URL with the
//! standard startup option, which every pooled connection then applies:
//! `postgres://user@host/db?options=-csearch_path%3Descala` (the tests use
//! this to give every test a schema of its own).

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{Connection, PgPool, Postgres, Row, Transaction};

use super::*;
use crate::domain::{Level, Priority, TicketState};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub struct PostgresStore {
    pool: PgPool,
}

fn parse_field<T: FromStr>(table: &'static str, text: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| StoreError::Corrupt { table, detail: e.to_string() })
}

/// The URL as shown in errors: never the password.
fn describe(options: &PgConnectOptions) -> String {
    format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or(options.get_username()),
    )
}

impl PostgresStore {
    /// Connects to the database and applies migrations.
    pub async fn open(url: &str) -> StoreResult<PostgresStore> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Open {
            // The URL may carry a password, so it is not echoed back.
            path: "postgres".into(),
            detail: format!("invalid PostgreSQL URL: {e}"),
        })?;
        let path = describe(&options);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            // Fail within seconds, not the default 30, when the server is down.
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open { path: path.clone(), detail: e.to_string() })?;
        let store = PostgresStore { pool };
        store.migrate().await.map_err(|e| StoreError::Open { path, detail: e.to_string() })?;
        Ok(store)
    }
}

fn ticket_from_row(row: &PgRow) -> StoreResult<Ticket> {
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
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        first_response_at: row.try_get("first_response_at")?,
        resolved_at: row.try_get("resolved_at")?,
        closed_at: row.try_get("closed_at")?,
        csat: row.try_get::<Option<i64>, _>("csat")?.map(|c| c.clamp(0, 5) as u8),
        vendor: row.try_get("vendor")?,
        vendor_reference: row.try_get("vendor_reference")?,
        version: row.try_get("version")?,
    })
}

fn contact_from_row(row: &PgRow) -> StoreResult<Contact> {
    const T: &str = "contacts";
    Ok(Contact {
        id: ContactId(row.try_get("id")?),
        channel: parse_field(T, row.try_get::<&str, _>("channel")?)?,
        external_id: row.try_get("external_id")?,
        chat_id: row.try_get("chat_id")?,
        display_name: row.try_get("display_name")?,
        lang: row.try_get::<Option<&str>, _>("lang")?.and_then(Lang::from_locale),
        dialogue: row.try_get("dialogue")?,
        blocked: row.try_get("blocked")?,
    })
}

fn message_from_row(row: &PgRow) -> StoreResult<MessageRow> {
    Ok(MessageRow {
        author: Author::parse(row.try_get("author")?),
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        at: row.try_get("created_at")?,
    })
}

fn to_json<T: serde::Serialize>(table: &'static str, value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt { table, detail: e.to_string() })
}

#[async_trait]
impl Store for PostgresStore {
    async fn begin(&self) -> StoreResult<Box<dyn StoreTx>> {
        // READ COMMITTED, PostgreSQL's default: conflicting writers wait on
        // the row locks, and tickets are guarded by their version column.
        let tx = self.pool.begin().await?;
        Ok(Box::new(PostgresTx { tx }))
    }

    async fn migrate(&self) -> StoreResult<()> {
        // sqlx holds an advisory lock meanwhile, so instances starting
        // together apply each migration once.
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn list_tickets(&self, filter: &TicketFilter) -> StoreResult<Vec<Ticket>> {
        let rows = sqlx::query(
            "SELECT * FROM tickets
             WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR level = $2)
               AND ($3 OR state <> 'closed' OR $1 = 'closed')
             ORDER BY id DESC LIMIT $4",
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
        let Some(row) =
            sqlx::query("SELECT * FROM tickets WHERE id = $1").bind(id.0).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let ticket = ticket_from_row(&row)?;
        let conversation: Option<i64> = row.try_get("conversation_id")?;
        let contact_row =
            sqlx::query("SELECT * FROM contacts WHERE id = $1").bind(ticket.contact.0).fetch_one(&self.pool).await?;
        let contact = contact_from_row(&contact_row)?;
        let events = sqlx::query(
            "SELECT at, actor, kind, payload::text AS payload FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(EventRow {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                kind: r.try_get("kind")?,
                payload: serde_json::from_str(r.try_get("payload")?).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let messages = sqlx::query(
            "SELECT author, author_name, body, created_at FROM messages
             WHERE ticket_id = $1 OR ($2::bigint IS NOT NULL AND conversation_id = $2 AND ticket_id IS NULL)
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
        //
        // Several instances sharing the database (a later change adds the
        // claim; this signature stays for the single-sender case): each
        // sender claims rows instead of just reading them, in one statement
        //
        //   UPDATE outbox SET claimed_by = $me, claimed_until = $now + lease
        //   WHERE id IN (<this SELECT, also skipping rows whose claimed_until
        //                 is still in the future>
        //                FOR UPDATE OF o SKIP LOCKED)
        //   RETURNING id, payload::text, attempts
        //
        // SKIP LOCKED lets two senders claim at once without waiting on each
        // other or taking the same row. Order per destination still holds:
        // a row another sender is claiming is skipped, but its younger
        // siblings are not heads (the MIN(id) below still sees the skipped
        // row as pending), so nobody sends them ahead of it. The row locks
        // last only for the claiming statement, so the lease columns (a new
        // migration) carry the claim across the slow platform call; a sender
        // that dies just lets the lease run out. mark_sent/mark_failed then
        // clear the claim, checking claimed_by so a sender whose lease ran
        // out cannot overwrite the newer sender's result.
        let rows = sqlx::query(
            "SELECT o.id, o.payload::text AS payload, o.attempts FROM outbox o
             WHERE o.channel = $1 AND o.sent_at IS NULL AND NOT o.dead AND o.due_at <= $2
               AND o.id = (SELECT MIN(p.id) FROM outbox p
                           WHERE p.channel = o.channel AND p.destination = o.destination
                             AND p.sent_at IS NULL AND NOT p.dead)
             ORDER BY o.id LIMIT $3",
        )
        .bind(channel.as_str())
        .bind(now)
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
        sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2").bind(now).bind(id).execute(&self.pool).await?;
        Ok(())
    }

    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>, dead: bool) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, due_at = $2, dead = $3 WHERE id = $4")
            .bind(error)
            .bind(retry_at)
            .bind(dead)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn postpone(&self, id: i64, reason: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET last_error = $1, due_at = $2 WHERE id = $3")
            .bind(reason)
            .bind(retry_at)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outbox_depth(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND NOT dead")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn logged_queries(&self, since: DateTime<Utc>) -> StoreResult<Vec<LoggedQueryRow>> {
        let rows = sqlx::query(
            "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
             WHERE created_at >= $1 ORDER BY id",
        )
        .bind(since)
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
                    at: r.try_get("created_at")?,
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
            "INSERT INTO staff_threads (ticket_id, channel, thread_ref, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ticket_id, channel) DO UPDATE SET thread_ref = excluded.thread_ref",
        )
        .bind(ticket.0)
        .bind(channel.as_str())
        .bind(thread_ref)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn staff_thread(&self, ticket: TicketId, channel: Channel) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT thread_ref FROM staff_threads WHERE ticket_id = $1 AND channel = $2")
            .bind(ticket.0)
            .bind(channel.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn ticket_for_staff_thread(&self, channel: Channel, thread_ref: &str) -> StoreResult<Option<TicketId>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT ticket_id FROM staff_threads WHERE channel = $1 AND thread_ref = $2")
                .bind(channel.as_str())
                .bind(thread_ref)
                .fetch_optional(&self.pool)
                .await?;
        Ok(id.map(TicketId))
    }

    async fn stats_input(&self, since: DateTime<Utc>) -> StoreResult<StatsInput> {
        // REPEATABLE READ gives the five reads one snapshot, so the figures
        // agree with each other even while the bots keep writing.
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(&mut *tx).await?;
        let conversations = sqlx::query(
            "SELECT c.id, k.channel, c.lang, c.started_at, c.outcome FROM conversations c
             JOIN contacts k ON k.id = c.contact_id WHERE c.started_at >= $1 ORDER BY c.id",
        )
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            const T: &str = "conversations";
            Ok(ConversationStatRow {
                id: ConversationId(r.try_get("id")?),
                channel: parse_field(T, r.try_get::<&str, _>("channel")?)?,
                lang: parse_field(T, r.try_get::<&str, _>("lang")?)?,
                started_at: r.try_get("started_at")?,
                outcome: r.try_get("outcome")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let tickets = sqlx::query("SELECT * FROM tickets WHERE created_at >= $1 ORDER BY id")
            .bind(since)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(ticket_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let events = sqlx::query(
            "SELECT ticket_id, at, kind, payload::text AS payload FROM ticket_events WHERE at >= $1 ORDER BY id",
        )
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| {
            Ok(TicketEventStatRow {
                ticket: TicketId(r.try_get("ticket_id")?),
                at: r.try_get("at")?,
                kind: r.try_get("kind")?,
                payload: serde_json::from_str(r.try_get("payload")?).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let queries = sqlx::query(
            "SELECT text, lang, best_article, confidence, outcome, created_at FROM kb_queries
             WHERE created_at >= $1 ORDER BY id",
        )
        .bind(since)
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
                at: r.try_get("created_at")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let sla_clocks = sqlx::query(
            "SELECT s.ticket_id, s.clock, s.level, s.priority, s.target_secs, s.breached_at, s.met_at
             FROM sla_clocks s JOIN tickets t ON t.id = s.ticket_id
             WHERE t.created_at >= $1 ORDER BY s.ticket_id, s.clock",
        )
        .bind(since)
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
                breached_at: r.try_get("breached_at")?,
                met_at: r.try_get("met_at")?,
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

    /// A session-level advisory lock on a connection taken out of the pool:
    /// the lock lives exactly as long as that session, so a killed instance
    /// hands the role over as soon as the server notices the dead socket.
    async fn try_lead(&self, role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
        let mut session = self.pool.acquire().await?.detach();
        // Advisory locks are per database; the schema in the key keeps
        // deployments in separate schemas of one database apart.
        let locked: bool = sqlx::query_scalar(
            "SELECT pg_try_advisory_lock(hashtext('escala:' || current_schema() || ':' || $1)::bigint)",
        )
        .bind(role)
        .fetch_one(&mut session)
        .await?;
        if !locked {
            let _ = session.close().await;
            return Ok(None);
        }
        Ok(Some(Box::new(AdvisoryLock { session })))
    }

    async fn due_sla_clocks(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<SlaClock>> {
        sqlx::query(
            "SELECT * FROM sla_clocks
             WHERE due_at IS NOT NULL AND met_at IS NULL
               AND ((warned_at IS NULL AND warn_at <= $1) OR (breached_at IS NULL AND due_at <= $1))
             ORDER BY due_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(clock_from_row)
        .collect()
    }

    async fn due_timers(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<TimerRow>> {
        sqlx::query("SELECT * FROM timers WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(timer_from_row)
            .collect()
    }
}

fn clock_from_row(row: &PgRow) -> StoreResult<SlaClock> {
    const T: &str = "sla_clocks";
    let kind: String = row.try_get("clock")?;
    Ok(SlaClock {
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: ClockKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: T, detail: format!("clock `{kind}`") })?,
        level: parse_field(T, row.try_get::<&str, _>("level")?)?,
        priority: parse_field(T, row.try_get::<&str, _>("priority")?)?,
        target_secs: row.try_get("target_secs")?,
        remaining_secs: row.try_get("remaining_secs")?,
        running_since: row.try_get("running_since")?,
        due_at: row.try_get("due_at")?,
        warn_at: row.try_get("warn_at")?,
        warned_at: row.try_get("warned_at")?,
        breached_at: row.try_get("breached_at")?,
        met_at: row.try_get("met_at")?,
    })
}

fn timer_from_row(row: &PgRow) -> StoreResult<TimerRow> {
    let kind: String = row.try_get("kind")?;
    Ok(TimerRow {
        id: row.try_get("id")?,
        ticket: TicketId(row.try_get("ticket_id")?),
        kind: TimerKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt { table: "timers", detail: format!("kind `{kind}`") })?,
        due_at: row.try_get("due_at")?,
    })
}

struct AdvisoryLock {
    session: sqlx::PgConnection,
}

#[async_trait]
impl Leadership for AdvisoryLock {
    async fn is_held(&mut self) -> bool {
        sqlx::query("SELECT 1").execute(&mut self.session).await.is_ok()
    }
}

struct PostgresTx {
    tx: Transaction<'static, Postgres>,
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[async_trait]
impl StoreTx for PostgresTx {
    async fn record_inbound(&mut self, channel: Channel, key: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        // A concurrent transaction inserting the same key makes this wait
        // until it ends, so a duplicate update is never processed twice.
        let done = sqlx::query(
            "INSERT INTO processed_inbound (channel, key, processed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(channel.as_str())
        .bind(key)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn contact_by_external(&mut self, channel: Channel, external_id: &str) -> StoreResult<Option<Contact>> {
        // FOR UPDATE: two instances handling one user's messages at once
        // take turns, so neither overwrites the other's dialogue state.
        sqlx::query("SELECT * FROM contacts WHERE channel = $1 AND external_id = $2 FOR UPDATE")
            .bind(channel.as_str())
            .bind(external_id)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(contact_from_row)
            .transpose()
    }

    async fn contact(&mut self, id: ContactId) -> StoreResult<Option<Contact>> {
        sqlx::query("SELECT * FROM contacts WHERE id = $1")
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
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *",
        )
        .bind(new.channel.as_str())
        .bind(&new.external_id)
        .bind(&new.chat_id)
        .bind(&new.display_name)
        .bind(new.lang.map(|l| l.code()))
        .bind(now)
        .fetch_one(&mut *self.tx)
        .await?;
        contact_from_row(&row)
    }

    async fn update_contact(&mut self, contact: &Contact, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE contacts SET chat_id = $1, display_name = $2, lang = $3, dialogue = $4, blocked = $5,
                updated_at = $6
             WHERE id = $7",
        )
        .bind(&contact.chat_id)
        .bind(&contact.display_name)
        .bind(contact.lang.map(|l| l.code()))
        .bind(&contact.dialogue)
        .bind(contact.blocked)
        .bind(now)
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
            "INSERT INTO conversations (contact_id, lang, started_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(contact.0)
        .bind(lang.code())
        .bind(now)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(ConversationId(id))
    }

    async fn end_conversation(&mut self, id: ConversationId, outcome: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE conversations SET outcome = $1, ended_at = $2 WHERE id = $3 AND outcome IS NULL")
            .bind(outcome)
            .bind(now)
            .bind(id.0)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn append_message(&mut self, m: &NewMessage) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO messages (conversation_id, ticket_id, author, author_name, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(m.conversation.map(|c| c.0))
        .bind(m.ticket.map(|t| t.0))
        .bind(m.author.as_str())
        .bind(&m.author_name)
        .bind(&m.body)
        .bind(m.at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn conversation_messages(&mut self, id: ConversationId) -> StoreResult<Vec<MessageRow>> {
        sqlx::query("SELECT author, author_name, body, created_at FROM messages WHERE conversation_id = $1 ORDER BY id")
            .bind(id.0)
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(message_from_row)
            .collect()
    }

    async fn open_ticket_for(&mut self, contact: ContactId) -> StoreResult<Option<Ticket>> {
        sqlx::query("SELECT * FROM tickets WHERE contact_id = $1 AND state <> 'closed'")
            .bind(contact.0)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(ticket_from_row)
            .transpose()
    }

    async fn ticket(&mut self, id: TicketId) -> StoreResult<Option<Ticket>> {
        sqlx::query("SELECT * FROM tickets WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *self.tx)
            .await?
            .as_ref()
            .map(ticket_from_row)
            .transpose()
    }

    async fn insert_ticket(&mut self, new: &NewTicket, actor: &str) -> StoreResult<Ticket> {
        // A savepoint, because a unique violation would otherwise abort the
        // caller's whole transaction, and the caller may go on after
        // `OpenTicketExists` (e.g. to answer with the ticket that exists).
        let mut savepoint = Connection::begin(&mut *self.tx).await?;
        let inserted = sqlx::query(
            "INSERT INTO tickets (contact_id, conversation_id, channel, lang, level, priority, state, subject,
                                  created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8, 1) RETURNING *",
        )
        .bind(new.contact.0)
        .bind(new.conversation.map(|c| c.0))
        .bind(new.channel.as_str())
        .bind(new.lang.code())
        .bind(new.level.to_string())
        .bind(new.priority.as_str())
        .bind(&new.subject)
        .bind(new.at)
        .fetch_one(&mut *savepoint)
        .await;
        let row = match inserted {
            Err(e) if is_unique_violation(&e) => {
                savepoint.rollback().await?;
                return Err(StoreError::OpenTicketExists);
            }
            other => other?,
        };
        savepoint.commit().await?;
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
        // Reopening a closed ticket while the contact has another open one is
        // a unique violation; the savepoint keeps the transaction usable
        // after it, as with insert_ticket.
        let mut savepoint = Connection::begin(&mut *self.tx).await?;
        let updated = sqlx::query(
            "UPDATE tickets SET level = $1, priority = $2, state = $3, assignee = $4, updated_at = $5,
                first_response_at = $6, resolved_at = $7, closed_at = $8, csat = $9, vendor = $10,
                vendor_reference = $11, version = $12
             WHERE id = $13 AND version = $14",
        )
        .bind(t.level.to_string())
        .bind(t.priority.as_str())
        .bind(t.state.as_str())
        .bind(&t.assignee)
        .bind(t.updated_at)
        .bind(t.first_response_at)
        .bind(t.resolved_at)
        .bind(t.closed_at)
        .bind(t.csat.map(i64::from))
        .bind(&t.vendor)
        .bind(&t.vendor_reference)
        .bind(t.version)
        .bind(t.id.0)
        .bind(previous_version)
        .execute(&mut *savepoint)
        .await;
        match updated {
            Err(e) if is_unique_violation(&e) => {
                savepoint.rollback().await?;
                return Err(StoreError::OpenTicketExists);
            }
            // No row at that version: someone saved the ticket meanwhile
            // (under READ COMMITTED the UPDATE waited for them, then
            // re-checked the version). Nothing was written, so the savepoint
            // has nothing to undo.
            Ok(done) if done.rows_affected() == 0 => {
                savepoint.commit().await?;
                return Err(StoreError::Conflict(t.id));
            }
            other => {
                other?;
            }
        }
        savepoint.commit().await?;
        self.record_event(t.id, event, actor, t.updated_at).await
    }

    async fn record_event(
        &mut self,
        ticket: TicketId,
        event: &TicketEvent,
        actor: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let payload = to_json("ticket_events", event)?;
        sqlx::query(
            "INSERT INTO ticket_events (ticket_id, at, actor, kind, payload) VALUES ($1, $2, $3, $4, $5::jsonb)",
        )
        .bind(ticket.0)
        .bind(now)
        .bind(actor)
        .bind(event.kind())
        .bind(payload)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn enqueue(&mut self, message: &Outbound, now: DateTime<Utc>) -> StoreResult<()> {
        let payload = to_json("outbox", message)?;
        sqlx::query(
            "INSERT INTO outbox (channel, destination, payload, created_at, due_at)
             VALUES ($1, $2, $3::jsonb, $4, $4)",
        )
        .bind(message.channel.as_str())
        .bind(message.destination.key())
        .bind(payload)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn log_query(&mut self, q: &NewLoggedQuery) -> StoreResult<()> {
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
        .bind(q.at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn set_query_outcome(&mut self, conversation: ConversationId, outcome: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE kb_queries SET outcome = $1
             WHERE id = (SELECT MAX(id) FROM kb_queries WHERE conversation_id = $2)",
        )
        .bind(outcome)
        .bind(conversation.0)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn sla_clocks(&mut self, ticket: TicketId) -> StoreResult<Vec<SlaClock>> {
        sqlx::query("SELECT * FROM sla_clocks WHERE ticket_id = $1 ORDER BY clock")
            .bind(ticket.0)
            .fetch_all(&mut *self.tx)
            .await?
            .iter()
            .map(clock_from_row)
            .collect()
    }

    async fn save_sla_clock(&mut self, c: &SlaClock) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sla_clocks (ticket_id, clock, level, priority, target_secs, remaining_secs,
                 running_since, due_at, warn_at, warned_at, breached_at, met_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (ticket_id, clock) DO UPDATE SET level = $3, priority = $4, target_secs = $5,
                 remaining_secs = $6, running_since = $7, due_at = $8, warn_at = $9, warned_at = $10,
                 breached_at = $11, met_at = $12",
        )
        .bind(c.ticket.0)
        .bind(c.kind.as_str())
        .bind(c.level.to_string())
        .bind(c.priority.as_str())
        .bind(c.target_secs)
        .bind(c.remaining_secs)
        .bind(c.running_since)
        .bind(c.due_at)
        .bind(c.warn_at)
        .bind(c.warned_at)
        .bind(c.breached_at)
        .bind(c.met_at)
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
            "UPDATE sla_clocks SET {column} = $1
             WHERE ticket_id = $2 AND clock = $3 AND {column} IS NULL AND met_at IS NULL"
        );
        let done = sqlx::query(&sql).bind(now).bind(ticket.0).bind(kind.as_str()).execute(&mut *self.tx).await?;
        Ok(done.rows_affected() == 1)
    }

    async fn replace_timers(
        &mut self,
        ticket: TicketId,
        timers: &[(TimerKind, DateTime<Utc>)],
        _now: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("DELETE FROM timers WHERE ticket_id = $1 AND fired_at IS NULL")
            .bind(ticket.0)
            .execute(&mut *self.tx)
            .await?;
        for (kind, due) in timers {
            sqlx::query("INSERT INTO timers (ticket_id, kind, due_at) VALUES ($1, $2, $3)")
                .bind(ticket.0)
                .bind(kind.as_str())
                .bind(*due)
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }

    async fn claim_timer(&mut self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query("UPDATE timers SET fired_at = $1 WHERE id = $2 AND fired_at IS NULL")
            .bind(now)
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
            "INSERT INTO incident_revisions (incident_id, revision, status, seen_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(revision)
        .bind(status)
        .bind(now)
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
            "INSERT INTO incident_subscriptions (incident_id, contact_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(contact.0)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn incident_subscribers(&mut self, incident: &str) -> StoreResult<Vec<ContactId>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT contact_id FROM incident_subscriptions WHERE incident_id = $1 ORDER BY contact_id",
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
            "INSERT INTO incident_tickets (incident_id, ticket_id, linked_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(incident)
        .bind(ticket.0)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn incident_tickets(&mut self, incident: &str) -> StoreResult<Vec<TicketId>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT ticket_id FROM incident_tickets WHERE incident_id = $1 ORDER BY ticket_id")
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
