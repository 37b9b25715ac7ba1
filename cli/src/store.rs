//! Where `batchlist serve` keeps its jobs: the [`JobStore`] trait, and [`MemoryStore`], the
//! default, on the core's [`JobIndex`].
//!
//! # Adding a backend
//! A backend (a database, a file, a remote service) implements [`JobStore`] for its own
//! type, and `serve` is given an `Arc<dyn JobStore>` of it instead of a [`MemoryStore`]
//! (see `serve::run`). Nothing else changes: every handler reaches the jobs only through
//! this trait.
//!
//! - The methods are synchronous and take `&self`. `serve` calls each one from
//!   `tokio::task::spawn_blocking`, so a blocking driver (rusqlite, postgres) may block;
//!   a backend brings its own interior locking or connection pool.
//! - [`JobStore::list_service_jobs`] must answer exactly as the core does: same pages, same
//!   tokens, same errors (the conformance vectors and `tests/clients` check that). A backend
//!   that does not evaluate with the core validates with `batchlist::parse_request` and
//!   returns its errors as [`StoreError::Client`].
//! - Jobs reach [`JobStore::submit`], [`JobStore::replace_all`] and [`JobStore::upsert`]
//!   already checked by `batchlist::check_jobs` (R-JOB-1, R-JOB-2): a backend need not check
//!   them again. `submit` returns `Ok` only once the job is stored durably (a database has
//!   committed it), since the client is then told the job exists.
//! - [`JobStore::update`] is atomic: no other write to that job may come between reading it
//!   and writing it back (a transaction with the row locked, for a database).
//! - A failure of the backend itself (a lost connection, a full disk) is
//!   [`StoreError::Backend`], which `serve` answers with HTTP 500 `ServerException`;
//!   never a panic.

use batchlist::{JobIndex, ListServiceJobsRequest, ListServiceJobsResponse, ServiceJob};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Why a store could not answer.
#[derive(Debug)]
pub enum StoreError {
    /// The request or a record is invalid: sent as HTTP 400 `ClientException` with the
    /// core's message.
    Client(batchlist::Error),
    /// The backend failed: sent as HTTP 500 `ServerException` with this text.
    Backend(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Client(e) => e.fmt(f),
            StoreError::Backend(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<batchlist::Error> for StoreError {
    fn from(e: batchlist::Error) -> Self {
        StoreError::Client(e)
    }
}

/// The jobs and queues `serve` answers from. See the module docs for what a backend owes.
pub trait JobStore: Send + Sync + 'static {
    /// Answers a `ListServiceJobs` request exactly as `batchlist::list_service_jobs` would
    /// over the stored jobs.
    fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, StoreError>;

    /// Stores a new job (its `jobId` is fresh; an existing job with that ID is replaced).
    /// Durable when it returns `Ok`.
    fn submit(&self, job: ServiceJob) -> Result<(), StoreError>;

    /// The job with this ID, if any.
    fn get(&self, job_id: &str) -> Result<Option<ServiceJob>, StoreError>;

    /// Changes the job with this ID through `change`, atomically, and returns it as stored
    /// afterwards; `Ok(None)` when no job has this ID. `change` must not alter `jobId`.
    fn update(
        &self,
        job_id: &str,
        change: &mut dyn FnMut(&mut ServiceJob),
    ) -> Result<Option<ServiceJob>, StoreError>;

    /// Replaces every job with `jobs` (queues added by [`JobStore::add_queue`] stay known);
    /// returns how many jobs are stored.
    fn replace_all(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError>;

    /// Adds `jobs`, each replacing the stored job with the same `jobId`; returns how many
    /// jobs are stored.
    fn upsert(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError>;

    /// Every job, oldest first (ties by `jobId`), for the admin API's job file.
    fn all_jobs(&self) -> Result<Vec<ServiceJob>, StoreError>;

    /// Every known queue ARN, sorted: the queues of the stored jobs and those added by
    /// [`JobStore::add_queue`]. `serve` resolves a bare queue name on submit against them.
    fn queues(&self) -> Result<Vec<String>, StoreError>;

    /// Makes a queue known before it holds any job.
    fn add_queue(&self, queue_arn: &str) -> Result<(), StoreError>;
}

/// The in-memory store: the core's [`JobIndex`] behind a read-write lock. Listings run in
/// parallel; a write waits for them, and [`JobStore::replace_all`] builds the new index
/// before taking the lock, so listings never wait for a rebuild.
#[derive(Default)]
pub struct MemoryStore {
    inner: RwLock<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The jobs, in the core's prepared index: a page at any depth costs O(log n + page)
    /// instead of a scan, and writes update it in place.
    jobs: JobIndex<ServiceJob>,
    /// Queue ARNs added through the admin API, kept when the jobs are replaced.
    created_queues: BTreeSet<String>,
    /// Every known queue ARN: those of the jobs and the created ones.
    queues: BTreeSet<String>,
}

impl MemoryStore {
    /// A store holding `jobs`, which must have passed `batchlist::check_jobs`.
    pub fn new(jobs: Vec<ServiceJob>) -> Self {
        let store = MemoryStore::default();
        store.swap_in(jobs);
        store
    }

    // A poisoned lock only means a thread panicked while holding it; the index is whole,
    // since every write is a single call into it.
    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Builds the index and the queue set for `jobs` without the lock, then swaps them in;
    /// the old index is dropped after the lock is released.
    fn swap_in(&self, jobs: Vec<ServiceJob>) -> usize {
        // Borrowed first: a million jobs share a handful of queues.
        let job_queues: BTreeSet<&str> = jobs.iter().map(|j| j.job_queue.as_str()).collect();
        let mut queues: BTreeSet<String> = job_queues.into_iter().map(str::to_owned).collect();
        let mut index: JobIndex<ServiceJob> = jobs.into_iter().collect();
        let count = index.len();
        {
            let mut inner = self.write();
            queues.extend(inner.created_queues.iter().cloned());
            inner.queues = queues;
            std::mem::swap(&mut inner.jobs, &mut index);
        }
        drop(index);
        count
    }
}

impl JobStore for MemoryStore {
    fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, StoreError> {
        Ok(self.read().jobs.list_service_jobs(request)?)
    }

    fn submit(&self, job: ServiceJob) -> Result<(), StoreError> {
        self.upsert(vec![job]).map(drop)
    }

    fn get(&self, job_id: &str) -> Result<Option<ServiceJob>, StoreError> {
        Ok(self.read().jobs.get(job_id).cloned())
    }

    fn update(
        &self,
        job_id: &str,
        change: &mut dyn FnMut(&mut ServiceJob),
    ) -> Result<Option<ServiceJob>, StoreError> {
        let mut inner = self.write();
        Ok(inner
            .jobs
            .update(job_id, |job| {
                change(job);
                job.clone()
            })
            .inspect(|job| {
                if !inner.queues.contains(&job.job_queue) {
                    inner.queues.insert(job.job_queue.clone());
                }
            }))
    }

    fn replace_all(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError> {
        Ok(self.swap_in(jobs))
    }

    fn upsert(&self, jobs: Vec<ServiceJob>) -> Result<usize, StoreError> {
        let mut inner = self.write();
        for job in jobs {
            if !inner.queues.contains(&job.job_queue) {
                inner.queues.insert(job.job_queue.clone());
            }
            inner.jobs.insert(job);
        }
        Ok(inner.jobs.len())
    }

    fn all_jobs(&self) -> Result<Vec<ServiceJob>, StoreError> {
        let inner = self.read();
        let mut jobs: Vec<&ServiceJob> = inner.jobs.jobs().collect();
        jobs.sort_unstable_by(|a, b| (a.created_at, &a.job_id).cmp(&(b.created_at, &b.job_id)));
        Ok(jobs.into_iter().cloned().collect())
    }

    fn queues(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.read().queues.iter().cloned().collect())
    }

    fn add_queue(&self, queue_arn: &str) -> Result<(), StoreError> {
        let mut inner = self.write();
        inner.created_queues.insert(queue_arn.to_owned());
        inner.queues.insert(queue_arn.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use batchlist::JobStatus;

    const Q: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/q";
    const R: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/r";

    fn job(id: &str, queue: &str, created_at: i64) -> ServiceJob {
        ServiceJob::new(queue, id, "train", JobStatus::Running, created_at)
    }

    fn ids(jobs: &[ServiceJob]) -> Vec<&str> {
        jobs.iter().map(|j| j.job_id.as_str()).collect()
    }

    #[test]
    fn upsert_replaces_by_job_id_and_added_queues_survive_replace_all() {
        let store = MemoryStore::default();
        let new = "arn:aws:batch:us-east-1:123456789012:job-queue/new";
        store.add_queue(new).unwrap();
        assert_eq!(store.replace_all(vec![job("a", Q, 1)]).unwrap(), 1);
        assert_eq!(
            store.upsert(vec![job("a", R, 1), job("b", Q, 2)]).unwrap(),
            2
        );
        assert_eq!(store.get("a").unwrap().unwrap().job_queue, R);
        assert_eq!(store.queues().unwrap(), [new, Q, R]);
        store.replace_all(vec![job("c", Q, 3)]).unwrap();
        assert_eq!(store.queues().unwrap(), [new, Q]);
        assert_eq!(ids(&store.all_jobs().unwrap()), ["c"]);
    }

    #[test]
    fn update_changes_one_job_and_lists_see_it() {
        let store = MemoryStore::new(vec![job("a", Q, 1), job("b", Q, 2)]);
        let updated = store
            .update("a", &mut |j| j.status = JobStatus::Failed)
            .unwrap()
            .unwrap();
        assert_eq!(updated.status, JobStatus::Failed);
        assert!(store.update("zz", &mut |_| {}).unwrap().is_none());
        let request = ListServiceJobsRequest {
            job_queue: Some("q".into()),
            ..Default::default()
        };
        let running = store.list_service_jobs(&request).unwrap();
        let listed: Vec<&str> = running
            .job_summary_list
            .iter()
            .map(|j| j.job_id.as_str())
            .collect();
        assert_eq!(listed, ["b"]);
    }

    #[test]
    fn all_jobs_are_oldest_first_ties_by_id_and_a_bad_request_is_a_client_error() {
        let store = MemoryStore::new(vec![job("b", Q, 5), job("a", Q, 5), job("c", Q, 1)]);
        assert_eq!(ids(&store.all_jobs().unwrap()), ["c", "a", "b"]);
        let err = store
            .list_service_jobs(&ListServiceJobsRequest::default())
            .unwrap_err();
        assert!(matches!(err, StoreError::Client(_)));
        assert_eq!(
            err.to_string(),
            "jobQueue is required: give the name or ARN of a job queue."
        );
    }
}
