//! SQLite: `?N` parameters, STRICT tables, text compared by the default BINARY collation
//! (memcmp of the UTF-8 bytes, as Rust compares `str`), descending index columns.

use super::{Migration, TextKey};

pub(crate) fn placeholder(n: usize) -> String {
    format!("?{n}")
}

/// SQLite text holds any Rust string, NUL included (values are bound with their length).
pub(crate) fn text_key(text: &str) -> TextKey {
    TextKey::Exact(text.to_owned())
}

/// Whether the migration table exists (read before anything is written).
pub(crate) const HAS_MIGRATION_TABLE: &str =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'batchlist_schema'";

pub(crate) const MIGRATION_TABLE: &str = "CREATE TABLE IF NOT EXISTS batchlist_schema (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL
) STRICT";

/// The indexes of the current schema, one per query kind (see `sql/README.md`): each
/// starts with the equality columns of its kind and ends with the sort key, so a page is a
/// range of the index read in order. A bulk load into an empty table drops and rebuilds them
/// (sorting once is faster than a million random inserts).
pub(crate) const INDEXES: &[(&str, &str)] = &[
    // The job IDs are unique (R-JOB-1): a unique index rather than a primary key, so that a
    // bulk load can drop and rebuild it too; `ON CONFLICT (job_id)` names it.
    (
        "service_jobs_id",
        "CREATE UNIQUE INDEX service_jobs_id ON service_jobs (job_id)",
    ),
    (
        "service_jobs_status",
        "CREATE INDEX service_jobs_status ON service_jobs
    (queue_name, status, created_at DESC, job_id)",
    ),
    (
        "service_jobs_newest",
        "CREATE INDEX service_jobs_newest ON service_jobs
    (queue_name, created_at DESC, job_id)",
    ),
    (
        "service_jobs_name",
        "CREATE INDEX service_jobs_name ON service_jobs
    (queue_name, folded_name, job_name, created_at DESC, job_id)",
    ),
    (
        "service_jobs_share_status",
        "CREATE INDEX service_jobs_share_status ON service_jobs
    (queue_name, share_identifier, status, created_at DESC, job_id)
    WHERE share_identifier IS NOT NULL",
    ),
    (
        "service_jobs_share",
        "CREATE INDEX service_jobs_share ON service_jobs
    (queue_name, share_identifier, created_at DESC, job_id)
    WHERE share_identifier IS NOT NULL",
    ),
    (
        "service_jobs_quota_status",
        "CREATE INDEX service_jobs_quota_status ON service_jobs
    (queue_name, quota_share_name, status, created_at DESC, job_id)
    WHERE quota_share_name IS NOT NULL",
    ),
    (
        "service_jobs_quota",
        "CREATE INDEX service_jobs_quota ON service_jobs
    (queue_name, quota_share_name, created_at DESC, job_id)
    WHERE quota_share_name IS NOT NULL",
    ),
];

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    description: "service_jobs with the columns the rules read, job_queues, and one index per query kind",
    statements: &[
        "CREATE TABLE service_jobs (
    job_id TEXT NOT NULL,
    queue_arn TEXT NOT NULL,
    queue_name TEXT NOT NULL,
    job_name TEXT NOT NULL,
    folded_name TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    share_identifier TEXT,
    quota_share_name TEXT,
    job TEXT NOT NULL
) STRICT",
        "CREATE TABLE job_queues (
    queue_arn TEXT NOT NULL PRIMARY KEY,
    created INTEGER NOT NULL
) STRICT",
    ],
    indexes: INDEXES,
}];
