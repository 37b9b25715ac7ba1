//! `serve --db URL`: the jobs in a SQLite or PostgreSQL database ([`batchlist_sql::Store`])
//! behind the [`JobStore`] trait. Every listing is one statement, compiled by batchlist-sql
//! from the validated query and its token, with the core's pages and tokens; every write is a
//! transaction, committed (and on SQLite fsynced) before `serve` acknowledges it.

use crate::store::{JobStore, StoreError};
use batchlist::{ListServiceJobsRequest, ListServiceJobsResponse, ServiceJob};
use batchlist_sql::{Error, Store};

/// A database store.
pub struct SqlStore {
    store: Store,
}

impl SqlStore {
    /// Opens the database at `url` (`sqlite:PATH` or `postgres://...`), creating the schema
    /// when it is missing.
    ///
    /// # Errors
    /// An unknown scheme, a database that cannot be opened, or a newer schema; the message
    /// names the problem, and nothing is written.
    pub fn open(url: &str) -> Result<SqlStore, Error> {
        Ok(SqlStore {
            store: Store::open(url)?,
        })
    }

    /// How many jobs the database holds.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(to_store_error)
    }
}

/// The core's errors stay client errors (HTTP 400 with the core's message); everything else
/// is the backend's failure (HTTP 500).
fn to_store_error(e: Error) -> StoreError {
    match e {
        Error::Client(e) => StoreError::Client(e),
        other => StoreError::Backend(other.to_string()),
    }
}

impl JobStore for SqlStore {
    fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, StoreError> {
        self.store
            .list_service_jobs(request)
            .map_err(to_store_error)
    }

    fn submit(&self, job: ServiceJob) -> Result<(), StoreError> {
        self.store.put(&job).map_err(to_store_error)
    }

    fn get(&self, job_id: &str) -> Result<Option<ServiceJob>, StoreError> {
        self.store.get(job_id).map_err(to_store_error)
    }

    fn update(
        &self,
        job_id: &str,
        change: &mut dyn FnMut(&mut ServiceJob),
    ) -> Result<Option<ServiceJob>, StoreError> {
        self.store.update(job_id, change).map_err(to_store_error)
    }

    fn replace_all(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError> {
        self.store.replace_all(&jobs).map_err(to_store_error)
    }

    fn upsert(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError> {
        self.store.upsert(&jobs).map_err(to_store_error)
    }

    fn all_jobs(&self) -> Result<Vec<ServiceJob>, StoreError> {
        self.store.all_jobs().map_err(to_store_error)
    }

    fn queues(&self) -> Result<Vec<String>, StoreError> {
        self.store.queues().map_err(to_store_error)
    }

    fn add_queue(&self, queue_arn: &str) -> Result<(), StoreError> {
        self.store.add_queue(queue_arn).map_err(to_store_error)
    }
}
