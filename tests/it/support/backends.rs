//! The two database backends as the specs get them: SQLite in a temporary
//! file, PostgreSQL in a schema of its own per test on the server named by
//! `DATABASE_URL`, dropped with everything in it when the guard goes.

use std::sync::Arc;

use escala::store::{sqlite::SqliteStore, Store};
use sqlx::Connection;

pub async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    (Arc::new(SqliteStore::open(&url).await.unwrap()), dir)
}

/// Where the PostgreSQL tests run when `DATABASE_URL` is not set (a local
/// server with trust authentication, as in CI).
const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// One test's PostgreSQL schema; dropping the guard drops the schema and
/// everything in it, so tests run in parallel on one database and leave
/// nothing behind.
pub struct PgSchema {
    admin_url: String,
    name: String,
}

/// The URL without its password, for messages.
fn shown(url: &str) -> String {
    regex::Regex::new(r"://([^:/@]+):[^@]*@").unwrap().replace(url, "://$1:***@").into_owned()
}

/// `url` with more query parameters.
fn with_params(url: &str, params: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{params}")
}

pub async fn postgres() -> (Arc<dyn Store>, PgSchema) {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string());
    // A missing server must fail these tests, not skip them: CI has one.
    let connecting = tokio::time::timeout(std::time::Duration::from_secs(10), sqlx::PgConnection::connect(&admin_url));
    let mut admin = match connecting.await {
        Ok(Ok(admin)) => admin,
        Ok(Err(e)) => panic!(
            "the PostgreSQL store tests need a server: cannot connect to DATABASE_URL={} ({e}); \
             start PostgreSQL or point DATABASE_URL at one (default {DEFAULT_DATABASE_URL})",
            shown(&admin_url)
        ),
        Err(_) => panic!(
            "the PostgreSQL store tests need a server: connecting to DATABASE_URL={} timed out; \
             start PostgreSQL or point DATABASE_URL at one (default {DEFAULT_DATABASE_URL})",
            shown(&admin_url)
        ),
    };
    let name = format!("escala_test_{:016x}", rand::random::<u64>());
    sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&mut admin).await.unwrap();
    let _ = admin.close().await;
    // The guard exists before the store opens, so a failed migration still
    // drops the schema.
    let guard = PgSchema { admin_url: admin_url.clone(), name };
    // search_path puts the store's tables (and sqlx's migration table) in
    // the schema; application_name lets the guard find the connections.
    let url = with_params(&admin_url, &format!("options=-csearch_path%3D{0}&application_name={0}", guard.name));
    let store = escala::store::postgres::PostgresStore::open(&url).await.unwrap();
    (Arc::new(store), guard)
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // The test's runtime is busy running this drop, so the cleanup gets
        // a thread and a runtime of its own.
        let cleanup = std::thread::spawn(move || -> Result<(), sqlx::Error> {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&url).await?;
                // A transaction the test dropped is rolled back only when its
                // pooled connection next runs on the test's (blocked) runtime;
                // until then it holds locks DROP SCHEMA would wait on forever.
                sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&name)
                .execute(&mut admin)
                .await?;
                sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).execute(&mut admin).await?;
                admin.close().await
            })
        });
        match cleanup.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not drop test schema {}: {e}", self.name),
            Err(_) => eprintln!("could not drop test schema {}: the cleanup panicked", self.name),
        }
    }
}

impl PgSchema {
    /// The URL of this schema, for a process or store of the test's own.
    pub fn url(&self) -> String {
        with_params(&self.admin_url, &format!("options=-csearch_path%3D{0}&application_name={0}", self.name))
    }
}

/// A store with the URL it was opened on, for specs that reach under it
/// with raw SQL (to break a row on purpose) — and the guard keeping it.
pub struct Opened {
    pub store: Arc<dyn Store>,
    pub url: String,
    _sqlite: Option<tempfile::TempDir>,
    _postgres: Option<PgSchema>,
}

pub async fn open_sqlite() -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("s.db").display());
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&url).await.unwrap());
    Opened { store, url, _sqlite: Some(dir), _postgres: None }
}

pub async fn open_postgres() -> Opened {
    let (store, schema) = postgres().await;
    Opened { store, url: schema.url(), _sqlite: None, _postgres: Some(schema) }
}

impl Opened {
    /// Runs `sql` on the database directly, beside the store.
    pub async fn raw(&self, sql: &str) -> u64 {
        if self.url.starts_with("sqlite") {
            let mut connection = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&mut connection).await.unwrap().rows_affected()
        } else {
            let mut connection = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query(sql).execute(&mut connection).await.unwrap().rows_affected()
        }
    }

    /// The first column of the first row of `sql`, a count.
    pub async fn count(&self, sql: &str) -> i64 {
        if self.url.starts_with("sqlite") {
            let mut connection = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut connection).await.unwrap()
        } else {
            let mut connection = sqlx::PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut connection).await.unwrap()
        }
    }
}
