//! What differs between SQLite and PostgreSQL, one small module per dialect: how a bound
//! parameter is written, which text a column can hold, the DDL of each schema version, and
//! the statements a store runs besides the listing. The listing statement itself is built
//! once, in `compile.rs`, from these pieces.

pub(crate) mod postgres;
pub(crate) mod sqlite;

/// The SQL dialect a statement is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Dialect {
    /// SQLite 3.37 or newer (STRICT tables, row values); the bundled SQLite of `rusqlite`.
    Sqlite,
    /// PostgreSQL 12 or newer; text columns compare by bytes (`COLLATE "C"`).
    Postgres,
}

/// The indexes of the current schema, one per query kind (see `sql/README.md`), the same text
/// in both dialects (the collation is the columns'): each
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

/// One step of the schema: its version, what it does, and its statements.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version this step brings the database to (1, 2, ...).
    pub version: i64,
    /// What the step does, recorded in the migration table.
    pub description: &'static str,
    /// The statements, run in order inside one transaction.
    pub statements: &'static [&'static str],
    /// The indexes the step creates, after its statements: `(name, CREATE INDEX ...)`.
    pub indexes: &'static [(&'static str, &'static str)],
}

/// A text value as a comparison in this dialect sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextKey {
    /// The dialect stores and compares this text as it is.
    Exact(String),
    /// The text holds a character no stored value of this dialect can hold (PostgreSQL text
    /// cannot hold NUL, U+0000, the smallest character). No stored value equals it, and a
    /// stored value is greater than it exactly when it is greater than this prefix: the text
    /// before the first NUL.
    Beyond(String),
}

impl Dialect {
    /// The placeholder of the `n`th bound parameter (1-based): `?1` or `$1`. Numbered, so a
    /// value used twice is bound once.
    pub(crate) fn placeholder(self, n: usize) -> String {
        match self {
            Dialect::Sqlite => sqlite::placeholder(n),
            Dialect::Postgres => postgres::placeholder(n),
        }
    }

    /// A store statement written with `?N` placeholders, in this dialect's placeholders.
    pub(crate) fn numbered(self, sql: &str) -> String {
        match self {
            Dialect::Sqlite => sql.to_owned(),
            Dialect::Postgres => sql.replace('?', "$"),
        }
    }

    /// How many rows one `INSERT` statement of a write carries.
    pub(crate) fn rows_per_insert(self) -> usize {
        match self {
            Dialect::Sqlite => sqlite::ROWS_PER_INSERT,
            Dialect::Postgres => postgres::ROWS_PER_INSERT,
        }
    }

    /// How a text value of a request or a cursor compares against stored text.
    pub(crate) fn text_key(self, text: &str) -> TextKey {
        match self {
            Dialect::Sqlite => sqlite::text_key(text),
            Dialect::Postgres => postgres::text_key(text),
        }
    }

    /// Every schema step, oldest first; the last one's version is [`SCHEMA_VERSION`].
    ///
    /// [`SCHEMA_VERSION`]: crate::SCHEMA_VERSION
    pub fn migrations(self) -> &'static [Migration] {
        match self {
            Dialect::Sqlite => sqlite::MIGRATIONS,
            Dialect::Postgres => postgres::MIGRATIONS,
        }
    }

    /// A statement counting the migration tables (0 or 1), which writes nothing.
    pub(crate) fn has_migration_table(self) -> &'static str {
        match self {
            Dialect::Sqlite => sqlite::HAS_MIGRATION_TABLE,
            Dialect::Postgres => postgres::HAS_MIGRATION_TABLE,
        }
    }

    /// The indexes of the current schema: `(name, CREATE INDEX ...)`.
    pub fn indexes(self) -> &'static [(&'static str, &'static str)] {
        INDEXES
    }

    /// The statement that creates the migration table when it is missing.
    pub fn migration_table(self) -> &'static str {
        match self {
            Dialect::Sqlite => sqlite::MIGRATION_TABLE,
            Dialect::Postgres => postgres::MIGRATION_TABLE,
        }
    }

    /// What follows a `SELECT` of the row an update will write, to lock it until commit:
    /// ` FOR UPDATE` on PostgreSQL; nothing on SQLite, whose write transactions lock the
    /// database from their start (`BEGIN IMMEDIATE`).
    pub(crate) fn lock_row(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// The statement that makes concurrent migrations wait for each other, if the write
    /// transaction does not already.
    pub(crate) fn migration_lock(self) -> Option<&'static str> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(postgres::MIGRATION_LOCK),
        }
    }

    /// The prefix that turns a statement into its plan: `EXPLAIN QUERY PLAN` or `EXPLAIN`.
    pub fn explain(self) -> &'static str {
        match self {
            Dialect::Sqlite => "EXPLAIN QUERY PLAN ",
            Dialect::Postgres => "EXPLAIN ",
        }
    }
}
