//! The one error type of the stores, with messages for the person who will read them.

use std::fmt;

/// Why a store refused or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A request or a job record the rules refuse: the core's own error and message
    /// (sent as a `ClientException`).
    Client(batchlist::Error),
    /// A new job whose `jobId` is already stored (R-JOB-1). `at` is its position in the set
    /// being loaded, when it came from one.
    DuplicateJobId {
        /// The position in the job set.
        at: Option<usize>,
        /// The `jobId`.
        job_id: String,
    },
    /// A job the rules accept but this database cannot hold as it is (PostgreSQL text
    /// cannot hold NUL).
    Unstorable {
        /// The position in the job set.
        at: Option<usize>,
        /// The `jobId`.
        job_id: String,
        /// What cannot be stored.
        reason: String,
    },
    /// A database URL of no known scheme, or malformed.
    Url(String),
    /// The database cannot be opened or is not a batchlist database.
    Open {
        /// The database, as the user named it (passwords hidden).
        database: String,
        /// What went wrong.
        detail: String,
    },
    /// The database's schema is newer than this build knows; nothing was changed.
    NewerSchema {
        /// The database, as the user named it (passwords hidden).
        database: String,
        /// The database's schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The database failed while answering (a lost connection, a full disk, ...).
    Backend(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Client(e) => e.fmt(f),
            // Records are named as the core names them (`jobs[3] (jobId 'a'): ...`).
            Error::DuplicateJobId { at, job_id } => batchlist::Error::refused_job(
                *at,
                Some(job_id),
                "jobId is already stored in the database; job IDs must be unique.",
            )
            .fmt(f),
            Error::Unstorable { at, job_id, reason } => {
                batchlist::Error::refused_job(*at, Some(job_id), reason).fmt(f)
            }
            Error::Url(detail) => f.write_str(detail),
            Error::Open { database, detail } => {
                write!(f, "cannot open database {database}: {detail}")
            }
            Error::NewerSchema {
                database,
                found,
                known,
            } => write!(
                f,
                "database {database} has batchlist schema version {found}, newer than version \
                 {known}, the newest this batchlist knows; use a newer batchlist (the database \
                 was not changed)"
            ),
            Error::Backend(detail) => write!(f, "database error: {detail}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<batchlist::Error> for Error {
    fn from(e: batchlist::Error) -> Self {
        Error::Client(e)
    }
}
