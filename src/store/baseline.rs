//! The raw database baselines the benchmarks divide by: single-row insert
//! transactions through plain sqlx on the same engine and settings as the
//! store, measured in the same run, and a scratch PostgreSQL schema per run.
//! They live here because they are SQL, and the store is where SQL lives.

use std::path::Path;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

use super::StoreResult;

/// Single-row insert transactions per second on a fresh SQLite file in
/// `dir`, with the store's journal settings.
pub async fn sqlite_inserts_per_sec(dir: &Path, count: usize) -> StoreResult<f64> {
    let options = SqliteConnectOptions::new()
        .filename(dir.join("raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)").execute(&pool).await?;
    let started = Instant::now();
    for i in 0..count {
        let mut tx = pool.begin().await?;
        sqlx::query("INSERT INTO raw (body) VALUES ($1)").bind(format!("message {i}")).execute(&mut *tx).await?;
        tx.commit().await?;
    }
    Ok(count as f64 / started.elapsed().as_secs_f64())
}

/// The same on PostgreSQL at `url`, over a pool like the store's, from
/// `writers` concurrent tasks.
pub async fn postgres_inserts_per_sec(url: &str, count: usize, writers: usize) -> StoreResult<f64> {
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(10).connect(url).await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)").execute(&pool).await?;
    let started = Instant::now();
    let per_writer = (count / writers.max(1)).max(1);
    let mut tasks = Vec::new();
    for w in 0..writers.max(1) {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_writer {
                let mut tx = pool.begin().await?;
                sqlx::query("INSERT INTO raw (body) VALUES ($1)")
                    .bind(format!("message {w}-{i}"))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            Ok::<_, sqlx::Error>(())
        }));
    }
    let total = per_writer * tasks.len();
    for task in tasks {
        task.await.map_err(|e| sqlx::Error::Protocol(format!("a writer task stopped: {e}")))??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

/// A schema of its own on a PostgreSQL server, for one benchmark run;
/// `drop_now` removes it with everything in it.
pub struct ScratchSchema {
    admin: sqlx::PgPool,
    name: String,
    /// The server's URL with the schema as the search path.
    pub url: String,
}

impl ScratchSchema {
    /// `label` must be a short lowercase word: it becomes part of the name.
    pub async fn create(url: &str, label: &str) -> StoreResult<ScratchSchema> {
        let admin = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await?;
        let label: String = label.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let name = format!("escala_bench_{}_{label}", std::process::id());
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).execute(&admin).await?;
        sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&admin).await?;
        let separator = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{separator}options=-csearch_path%3D{name}");
        Ok(ScratchSchema { admin, name, url })
    }

    pub async fn drop_now(self) {
        let _ = sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name)).execute(&self.admin).await;
    }
}
