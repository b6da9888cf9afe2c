//! The PostgreSQL backend, for deployments where several escala instances
//! (and the `escala tickets` CLI) share one database server: its dialect for
//! the shared SQL body in `sql/`.
//!
//! The differences are PostgreSQL's: times are `TIMESTAMPTZ`, payloads
//! `JSONB`, rows read for update are locked (`FOR UPDATE`), the stats read
//! one `REPEATABLE READ` snapshot, and instances share roles through
//! advisory locks; there is no write gate because PostgreSQL locks rows
//! rather than the whole database.
//!
//! To keep escala's tables in their own schema, name it in the URL with the
//! standard startup option, which every pooled connection then applies:
//! `postgres://user@host/db?options=-csearch_path%3Descala` (the tests use
//! this to give every test a schema of its own).

use crate::store::migrations::{self, MigrationFile};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Row};

use super::{Leadership, StoreError, StoreResult};

// The same SQL body is mounted by the other backend too, on purpose: each
// mount compiles it against this file's dialect.
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;

pub type PostgresStore = sql::SqlStore;

type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;
type DbConn = sqlx::PgConnection;
type DbPool = sqlx::PgPool;

/// Two instances handling one user at once take turns on the contact row.
const LOCK_ROW: &str = " FOR UPDATE";

/// PostgreSQL prepares one statement at a time, so a batch of inserts is
/// one statement of data-modifying `WITH` clauses.
const BATCH_AS_CTE: bool = true;

/// The ids of tickets whose text matches the bound search `$1`, through the
/// 'simple' text search indexes of migration 0014.
const TICKETS_MATCHING: &str = "SELECT ticket_id FROM messages
     WHERE ticket_id IS NOT NULL AND to_tsvector('simple', body) @@ plainto_tsquery('simple', $1)
     UNION SELECT id FROM tickets WHERE to_tsvector('simple', subject) @@ plainto_tsquery('simple', $1)
     UNION SELECT t.id FROM tickets t JOIN messages m ON m.conversation_id = t.conversation_id AND m.ticket_id IS NULL
     WHERE to_tsvector('simple', m.body) @@ plainto_tsquery('simple', $1)";

/// What people typed, for `plainto_tsquery` (which takes plain words);
/// `None` when there is no word to look for.
fn text_query(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(32).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// This backend's migrations, compiled in.
const MIGRATIONS: &[MigrationFile] = migrations::POSTGRES;

fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
    at
}

fn read_ts(_table: &'static str, row: &DbRow, column: &str) -> StoreResult<DateTime<Utc>> {
    Ok(row.try_get(column)?)
}

fn read_opt_ts(_table: &'static str, row: &DbRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(row.try_get(column)?)
}

/// READ COMMITTED, PostgreSQL's default: conflicting writers wait on the
/// row locks, and tickets are guarded by their version column.
async fn begin_write(pool: &DbPool) -> StoreResult<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin().await?)
}

/// REPEATABLE READ gives the report's reads one snapshot, so the figures
/// agree with each other even while the bots keep writing.
async fn begin_snapshot(pool: &DbPool) -> StoreResult<sqlx::Transaction<'static, Db>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(&mut *tx).await?;
    Ok(tx)
}

/// sqlx holds an advisory lock meanwhile, so instances starting together
/// apply each migration once.
async fn migrate(pool: &DbPool) -> StoreResult<()> {
    migrations::migrator(MIGRATIONS).await?.run(pool).await?;
    Ok(())
}

/// A session-level advisory lock on a connection taken out of the pool:
/// the lock lives exactly as long as that session, so a killed instance
/// hands the role over as soon as the server notices the dead socket.
async fn try_lead(pool: &DbPool, role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
    let mut session = pool.acquire().await?.detach();
    // Advisory locks are per database; the schema in the key keeps
    // deployments in separate schemas of one database apart.
    let locked: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext('escala:' || current_schema() || ':' || $1)::bigint)")
            .bind(role)
            .fetch_one(&mut session)
            .await?;
    if !locked {
        let _ = session.close().await;
        return Ok(None);
    }
    Ok(Some(Box::new(AdvisoryLock { session })))
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
        // One direct connection first: the pool would only say it timed out
        // after ten seconds, this says why (refused, unknown host, auth).
        match tokio::time::timeout(Duration::from_secs(10), sqlx::PgConnection::connect_with(&options)).await {
            Ok(Ok(probe)) => {
                let _ = probe.close().await;
            }
            Ok(Err(e)) => return Err(StoreError::Open { path, detail: e.to_string() }),
            Err(_) => {
                return Err(StoreError::Open {
                    path,
                    detail: "no answer within 10 s (is the server up and reachable?)".into(),
                })
            }
        }
        let pool = PgPoolOptions::new()
            .max_connections(8)
            // Fail within seconds, not the default 30, when the server is down.
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open { path: path.clone(), detail: e.to_string() })?;
        migrate(&pool).await.map_err(|e| StoreError::Open { path, detail: e.to_string() })?;
        Ok(PostgresStore { pool })
    }
}
