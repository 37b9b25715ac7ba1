//! PostgreSQL: `$N` parameters, every text column `COLLATE "C"` so that comparisons, ORDER
//! BY and indexes order by bytes (as Rust compares `str`) whatever the database's locale,
//! and text that cannot hold NUL.

use super::{Migration, TextKey};

pub(crate) fn placeholder(n: usize) -> String {
    format!("${n}")
}

/// Rows per `INSERT`: 200, one round trip to the server for each; 10 parameters a row stay
/// far below the protocol's 65,535.
pub(crate) const ROWS_PER_INSERT: usize = 200;

/// PostgreSQL text cannot hold NUL (U+0000); a request's text that holds one is compared by
/// its part before the NUL (see [`TextKey::Beyond`]).
pub(crate) fn text_key(text: &str) -> TextKey {
    match text.find('\0') {
        None => TextKey::Exact(text.to_owned()),
        Some(at) => TextKey::Beyond(text[..at].to_owned()),
    }
}

/// Several servers may open a new database at once: the first migrates, the others wait on
/// this transaction-scoped advisory lock and then find the schema in place.
pub(crate) const MIGRATION_LOCK: &str = "SELECT pg_advisory_xact_lock(7262111500)";

/// Whether the migration table exists (read before anything is written).
pub(crate) const HAS_MIGRATION_TABLE: &str = "SELECT count(*) FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_name = 'batchlist_schema'";

pub(crate) const MIGRATION_TABLE: &str = "CREATE TABLE IF NOT EXISTS batchlist_schema (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL
)";

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "service_jobs with the columns the rules read, job_queues, and one index per query kind",
    statements: &[
        r#"CREATE TABLE service_jobs (
    job_id TEXT COLLATE "C" NOT NULL,
    queue_arn TEXT COLLATE "C" NOT NULL,
    queue_name TEXT COLLATE "C" NOT NULL,
    job_name TEXT COLLATE "C" NOT NULL,
    folded_name TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    share_identifier TEXT COLLATE "C",
    quota_share_name TEXT COLLATE "C",
    job TEXT NOT NULL
)"#,
        r#"CREATE TABLE job_queues (
    queue_arn TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    created INTEGER NOT NULL
)"#,
    ],
    indexes: super::INDEXES,
}];
