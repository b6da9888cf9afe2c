//! The embedded SQLite backend (WAL mode): its dialect for the shared SQL
//! body in `sql/`. One file, one process writing at a time; other processes
//! (the `escala tickets` CLI) wait on `busy_timeout`.
//!
//! Times are stored as fixed-width RFC 3339 UTC text, so string order is
//! time order in SQL. Every write transaction starts with `BEGIN
//! IMMEDIATE`, which takes SQLite's write lock at once: two transactions
//! that both read and then write would otherwise deadlock on the upgrade.
//! (The one-row `write_gate` table of the first migration did that with an
//! extra statement per transaction; it is left unused.)

use crate::store::migrations::{self, MigrationFile};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::Row;

use super::{Leadership, StoreError, StoreResult};

// The same SQL body is mounted by the other backend too, on purpose: each
// mount compiles it against this file's dialect.
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;

pub type SqliteStore = sql::SqlStore;

type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type DbConn = sqlx::SqliteConnection;
type DbPool = sqlx::SqlitePool;

/// SQLite's write gate serialises writers, so rows need no lock of their own.
const LOCK_ROW: &str = "";

/// SQLite runs a list of statements in one call, so a batch of inserts is
/// sent as that list.
const BATCH_AS_CTE: bool = false;

/// The ids of tickets whose text matches the bound search `$1` (see
/// `text_query`), through the FTS5 table of migration 0014.
const TICKETS_MATCHING: &str = "SELECT ticket_id FROM ticket_text WHERE ticket_text MATCH $1";

/// What people typed, as an FTS5 query: every word quoted (so `AND`,
/// `NEAR`, `*` or a stray quote are words, not syntax), all required.
fn text_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(32)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// This backend's migrations, compiled in.
const MIGRATIONS: &[MigrationFile] = migrations::SQLITE;

fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn read_ts(table: &'static str, row: &DbRow, column: &str) -> StoreResult<DateTime<Utc>> {
    let text: &str = row.try_get(column)?;
    parse_ts(table, text)
}

fn read_opt_ts(table: &'static str, row: &DbRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    let text: Option<&str> = row.try_get(column)?;
    text.map(|t| parse_ts(table, t)).transpose()
}

fn parse_ts(table: &'static str, text: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt { table, detail: format!("time `{text}`: {e}") })
}

async fn begin_write(pool: &DbPool) -> StoreResult<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// A read transaction: in WAL mode it reads one snapshot.
async fn begin_snapshot(pool: &DbPool) -> StoreResult<sqlx::Transaction<'static, Db>> {
    Ok(pool.begin().await?)
}

async fn migrate(pool: &DbPool) -> StoreResult<()> {
    migrations::migrator(MIGRATIONS).await?.run(pool).await?;
    Ok(())
}

/// Migrates the database file at `path` holding an exclusive lock on a
/// file beside it (`<path>.migrate-lock`), so processes opening a fresh
/// file at once apply each migration once: sqlx takes no lock on SQLite,
/// and without one the losers failed with "table contacts already exists".
async fn migrate_locked(pool: &DbPool, path: &str) -> StoreResult<()> {
    let lock_path = format!("{path}.migrate-lock");
    let opened = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path);
    let file = opened.map_err(|e| StoreError::Open { path: lock_path.clone(), detail: e.to_string() })?;
    // Waiting for the lock blocks a thread, so it gets one of its own.
    let locked = tokio::task::spawn_blocking(move || file.lock().map(|()| file)).await;
    let guard = match locked {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => return Err(StoreError::Open { path: lock_path, detail: e.to_string() }),
        Err(e) => return Err(StoreError::Open { path: lock_path, detail: e.to_string() }),
    };
    let migrated = migrate(pool).await;
    drop(guard);
    migrated
}

/// SQLite serves one process, so that process holds every role.
async fn try_lead(_pool: &DbPool, _role: &str) -> StoreResult<Option<Box<dyn Leadership>>> {
    Ok(Some(Box::new(SoleInstance)))
}

struct SoleInstance;

#[async_trait]
impl Leadership for SoleInstance {
    async fn is_held(&mut self) -> bool {
        true
    }
}

/// Each connection's page cache, as SQLite's negative `cache_size` (KiB).
/// SQLite's default is 2 000 KiB a connection, and the pool's four filled
/// theirs when the pruning at start scanned its tables: 7.4 MB of the
/// shipped KB's 16 MB private peak (heaptrack of a warm `escala chat` on a
/// 25 MB database). The operating system caches the file anyway; a turn's
/// hot pages (index roots and the tables' last leaves) fit in this.
const PAGE_CACHE_KIB: i64 = -512;

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
        .foreign_keys(true)
        .pragma("cache_size", PAGE_CACHE_KIB.to_string());
        // An in-memory database lives in one connection only.
        let max = if path == ":memory:" { 1 } else { 4 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open { path: path.to_string(), detail: e.to_string() })?;
        let migrated = if path == ":memory:" { migrate(&pool).await } else { migrate_locked(&pool, path).await };
        migrated.map_err(|e| StoreError::Open { path: path.to_string(), detail: e.to_string() })?;
        Ok(SqliteStore { pool })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_connection_bounds_its_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("escala.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        // Hold every connection of the pool at once, so each is asked.
        let mut held = Vec::new();
        for _ in 0..4 {
            held.push(store.pool.acquire().await.unwrap());
        }
        for connection in &mut held {
            let (kib,): (i64,) = sqlx::query_as("PRAGMA cache_size").fetch_one(&mut **connection).await.unwrap();
            assert_eq!(kib, PAGE_CACHE_KIB, "SQLite's default is -2000 KiB a connection");
        }
    }
}
