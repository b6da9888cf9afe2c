//! The SQL migrations of both backends, compiled into the binary.
//!
//! sqlx's `migrate!` macro would embed them too, but it needs sqlx's
//! macros, which build both database drivers a second time for the
//! compiler (about 40 s of a clean CI run on two cores). The files are
//! listed here by name, once for both backends; a spec checks the lists
//! against the folders, and
//! that every version, description and checksum is the one sqlx reads from
//! the files, so databases migrated by earlier builds stay valid.

use std::borrow::Cow;

use futures::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// One migration file: its name in its backend's folder and its SQL.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MigrationFile {
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migration_files {
    ($backend:literal: $($name:literal),* $(,)?) => {
        &[$(MigrationFile {
            name: $name,
            sql: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/", $backend, "/", $name)),
        }),*]
    };
}

/// Both backends' file lists from one list of the migrations they share
/// (each backend's folder holds its own SQL under the same name) and those
/// only one of them has.
macro_rules! backend_migrations {
    (both: $($both:literal),* ; sqlite only: $($sqlite:literal),* $(,)?) => {
        pub(crate) const SQLITE: &[MigrationFile] = migration_files!("sqlite": $($both,)* $($sqlite),*);
        pub(crate) const POSTGRES: &[MigrationFile] = migration_files!("postgres": $($both),*);
    };
}

backend_migrations! {
    both:
        "0001_init.sql",
        "0002_staff_threads.sql",
        "0003_sla_clocks.sql",
        "0004_incidents.sql",
        "0006_unreadable_rows.sql",
        "0007_retention_indexes.sql",
        "0008_sla_clock_per_level.sql",
        "0009_article_views.sql",
        "0010_relayed_messages.sql",
        "0011_audit_events.sql",
        "0012_callbacks.sql",
        "0013_ticket_tags.sql",
        "0014_ticket_text_search.sql",
        "0015_assignment.sql";
    sqlite only:
        "0005_outbox_pending_not_dead.sql",
}

/// The migrations of `files`, sorted by version, as sqlx's own reading of
/// the folder makes them: version before the first `_`, the rest of the
/// name without `.sql` and with spaces for `_` as description, and no
/// transaction when the SQL starts with `-- no-transaction`.
pub(crate) fn migrations(files: &[MigrationFile]) -> Vec<Migration> {
    let mut out: Vec<Migration> = files
        .iter()
        .filter_map(|file| {
            let (version, rest) = file.name.split_once('_')?;
            let version: i64 = version.parse().ok()?;
            let kind = MigrationType::from_filename(rest);
            let description = rest.trim_end_matches(kind.suffix()).replace('_', " ");
            let no_tx = file.sql.starts_with("-- no-transaction");
            Some(Migration::new(version, Cow::Owned(description), kind, Cow::Borrowed(file.sql), no_tx))
        })
        .collect();
    out.sort_by_key(|m| m.version);
    out
}

/// The embedded files as a source sqlx's [`Migrator`] reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Embedded(pub &'static [MigrationFile]);

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(self) -> BoxFuture<'s, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async move { Ok(migrations(self.0)) })
    }
}

/// The migrator of one backend's embedded files.
pub(crate) async fn migrator(files: &'static [MigrationFile]) -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Embedded(files)).await
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// What identifies a migration to a database that applied it.
    fn identity(m: &Migration) -> (i64, String, Vec<u8>, bool, bool) {
        (m.version, m.description.to_string(), m.checksum.to_vec(), m.no_tx, m.migration_type.is_down_migration())
    }

    #[tokio::test]
    async fn the_embedded_migrations_are_the_folders_as_sqlx_reads_them() {
        for (backend, files) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
            let from_folder = Migrator::new(folder.as_path()).await.unwrap();
            let embedded = migrator(files).await.unwrap();
            let want: Vec<_> = from_folder.iter().map(identity).collect();
            let got: Vec<_> = embedded.iter().map(identity).collect();
            assert_eq!(got, want, "{backend}: a file is missing from, or extra in, the list here");
            assert!(!got.is_empty());
        }
    }
}
