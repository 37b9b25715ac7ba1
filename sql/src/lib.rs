//! batchlist-sql: `ListServiceJobs` pushed down to SQLite and PostgreSQL, with exactly the
//! pages and tokens of [`batchlist::evaluate`].
//!
//! Its heart is pure and sans-IO: [`list_statement`] compiles a validated [`batchlist::Query`]
//! and its optional [`batchlist::Cursor`] into one parameterized statement that selects the
//! matching jobs (queue by name or ARN, the status rules, the filter), in the rules' order
//! (text compared by bytes), strictly after the cursor's key (keyset, never `OFFSET`), at most
//! `maxResults + 1` rows. Page tokens still come from the core, so a page and its token are
//! byte-identical to `evaluate`'s and `JobIndex`'s.
//!
//! ```
//! use batchlist::{JobStatus, ListServiceJobsRequest, ServiceJob};
//! use batchlist_sql::Store;
//!
//! let dir = std::env::temp_dir().join(format!("batchlist-sql-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let store = Store::open(&format!("sqlite:{}", dir.join("jobs.db").display()))?;
//! let queue = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
//! store.replace_all(&[
//!     ServiceJob::new(queue, "a", "train-1", JobStatus::Running, 1_000),
//!     ServiceJob::new(queue, "b", "train-2", JobStatus::Running, 2_000),
//! ])?;
//! let request = ListServiceJobsRequest {
//!     job_queue: Some("training".into()),
//!     max_results: Some(1),
//!     ..Default::default()
//! };
//! let page = store.list_service_jobs(&request)?;
//! assert_eq!(page.job_summary_list[0].job_id, "b");
//! // The same page and token as the core gives over the same jobs.
//! assert_eq!(page, batchlist::list_service_jobs(&store.all_jobs()?, &request)?);
//! # drop(store); std::fs::remove_dir_all(&dir).unwrap();
//! # Ok::<(), batchlist_sql::Error>(())
//! ```
//!
//! # Scope
//! The schema (`sql/README.md`) keeps the columns the rules read, computed by the core's own
//! functions when a job is written (the ASCII-folded name, [`batchlist::fold_job_name`]; the
//! queue name of the ARN, [`batchlist::JobQueue::name_of_arn`]), beside the whole job as JSON,
//! and one index per query kind, so that every page is an index range scan with no sort.
//! Schema changes are versioned in the table `batchlist_schema`; a database of a newer
//! version is refused untouched.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod compile;
mod conn;
mod db;
mod dialect;
mod error;
mod postgres;
mod row;
mod sqlite;
mod store;
mod url;

pub use compile::{Param, Statement, list_statement};
pub use dialect::{Dialect, Migration};
pub use error::Error;
pub use row::{JobRow, page_response};
pub use store::Store;
pub use url::Location;

/// The schema version this build writes and reads: the last of [`Dialect::migrations`].
pub const SCHEMA_VERSION: i64 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_version_is_the_last_migration_of_each_dialect() {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let steps = dialect.migrations();
            assert_eq!(steps.last().map(|m| m.version), Some(SCHEMA_VERSION));
            for (i, step) in steps.iter().enumerate() {
                assert_eq!(
                    step.version,
                    i as i64 + 1,
                    "{dialect:?} steps are 1, 2, ..."
                );
            }
        }
    }
}
