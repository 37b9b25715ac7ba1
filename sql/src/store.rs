//! [`Store`]: a job database, SQLite or PostgreSQL, behind one type.

use crate::compile::{Param, Statement, list_statement};
use crate::db::{Db, OnConflict, Write};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::postgres::PgConn;
use crate::sqlite::LiteConn;
use crate::url::Location;
use batchlist::{
    Cursor, JobStatus, ListServiceJobsRequest, ListServiceJobsResponse, Query, ServiceJob,
};
use std::path::Path;

enum Inner {
    Sqlite(Db<LiteConn>),
    Postgres(Db<PgConn>),
}

/// A job database: SQLite or PostgreSQL, answering `ListServiceJobs` with the core's exact
/// pages and tokens from one compiled statement per request.
///
/// Every method takes `&self` and may block on the database; connections are pooled, so
/// several threads may call at once. Every write is one transaction: it is stored whole,
/// and durable, when the method returns `Ok`, or not at all.
pub struct Store {
    inner: Inner,
}

/// An error about a set of one, naming the job without a position.
fn one_job(e: Error) -> Error {
    match e {
        Error::DuplicateJobId { job_id, .. } => Error::DuplicateJobId { at: None, job_id },
        Error::Unstorable { job_id, reason, .. } => Error::Unstorable {
            at: None,
            job_id,
            reason,
        },
        other => other,
    }
}

macro_rules! each {
    ($self:ident, $db:ident => $e:expr) => {
        match &$self.inner {
            Inner::Sqlite($db) => $e,
            Inner::Postgres($db) => $e,
        }
    };
}

impl Store {
    /// Opens the database at a URL (`sqlite:PATH` or `postgres://...`, see
    /// [`Location::parse`]), creating the schema when it is missing.
    ///
    /// # Errors
    /// A URL of another scheme, a database that cannot be opened or reached, one that is not
    /// a batchlist database, or one whose schema is newer than this build's
    /// ([`Error::NewerSchema`]); in each case nothing is written.
    pub fn open(url: &str) -> Result<Store, Error> {
        match Location::parse(url)? {
            Location::Sqlite(path) => Store::open_sqlite(&path),
            Location::Postgres(url) => Store::open_postgres(&url),
        }
    }

    /// Opens (or creates) a SQLite database file.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_sqlite(path: &Path) -> Result<Store, Error> {
        Ok(Store {
            inner: Inner::Sqlite(crate::sqlite::open(path)?),
        })
    }

    /// Connects to a PostgreSQL database (a `postgres://` URL or key-value string).
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_postgres(url: &str) -> Result<Store, Error> {
        Ok(Store {
            inner: Inner::Postgres(crate::postgres::open(url)?),
        })
    }

    /// The database's dialect.
    pub fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Sqlite(_) => Dialect::Sqlite,
            Inner::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The database, for messages (passwords hidden).
    pub fn describe(&self) -> String {
        each!(self, db => db.location.describe())
    }

    /// Answers a `ListServiceJobs` request: validated and its token read by the core
    /// ([`batchlist::parse_request`]), then one statement.
    ///
    /// # Errors
    /// The core's error for an invalid request ([`Error::Client`]); [`Error::Backend`] when
    /// the database fails.
    pub fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, Error> {
        each!(self, db => db.list_service_jobs(request))
    }

    /// The page of `query` after `cursor`, as [`batchlist::evaluate`] gives it.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn page(
        &self,
        query: &Query,
        cursor: Option<&Cursor>,
    ) -> Result<ListServiceJobsResponse, Error> {
        each!(self, db => db.page(query, cursor))
    }

    /// The listing statement of `query` and `cursor` in this database's dialect.
    pub fn statement(&self, query: &Query, cursor: Option<&Cursor>) -> Statement {
        list_statement(self.dialect(), query, cursor)
    }

    /// Runs a statement whose first column is the `job` column, and reads the jobs: for
    /// statements of your own over this schema (a baseline, a report).
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails or a row is not a stored job.
    pub fn jobs_of(&self, statement: &Statement) -> Result<Vec<ServiceJob>, Error> {
        each!(self, db => db.jobs_of(&statement.sql, &statement.params))
    }

    /// The database's plan for a statement: `EXPLAIN QUERY PLAN` rows on SQLite, `EXPLAIN`
    /// lines on PostgreSQL.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn explain(&self, sql: &str, params: &[Param]) -> Result<Vec<String>, Error> {
        each!(self, db => db.explain(sql, params))
    }

    /// Stores a job set of new jobs (a job file), checked first by the rules every loader
    /// applies ([`batchlist::check_jobs`]), in one transaction.
    ///
    /// From 20,000 jobs into an empty table this is a bulk load: the indexes are built after
    /// the rows, and on SQLite, when no other connection has the database open, the
    /// transaction runs in rollback-journal mode so that its pages are written once (see
    /// `sql/README.md`, "Durability"). It is as atomic and durable as any write, but a
    /// connection that opens meanwhile waits for its commit (up to 30 s); [`Store::upsert`]
    /// and [`Store::replace_all`], the writes of a live server, keep WAL's readers reading.
    ///
    /// # Errors
    /// The first bad record, with the core's message ([`Error::Client`]); a `jobId` already
    /// stored ([`Error::DuplicateJobId`]); a record the database cannot hold
    /// ([`Error::Unstorable`]). Nothing is written then.
    pub fn load(&self, jobs: &[ServiceJob]) -> Result<usize, Error> {
        self.load_with_progress(jobs, &mut |_| {})
    }

    /// As [`Store::load`], calling `progress` with the number of jobs written so far after
    /// each batch of a few thousand (still one transaction).
    ///
    /// # Errors
    /// As [`Store::load`].
    pub fn load_with_progress(
        &self,
        jobs: &[ServiceJob],
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize, Error> {
        let how = Write {
            readers_may_wait: true,
            ..Write::set(OnConflict::Refuse)
        };
        self.write_set(jobs, how, progress)
    }

    /// Stores one new job (a submit), checked by [`batchlist::check_job`].
    ///
    /// # Errors
    /// As [`Store::load`].
    pub fn insert(&self, job: &ServiceJob) -> Result<(), Error> {
        self.write_one(job, OnConflict::Refuse)
    }

    /// Stores jobs, each replacing the stored job with the same `jobId`; returns how many
    /// jobs are stored.
    ///
    /// # Errors
    /// As [`Store::load`], but a stored `jobId` is replaced rather than refused.
    pub fn upsert(&self, jobs: &[ServiceJob]) -> Result<usize, Error> {
        self.write_set(jobs, Write::set(OnConflict::Replace), &mut |_| {})
    }

    /// Stores one job, replacing the stored job with the same `jobId` (a submit that must
    /// not fail on a retried ID): as [`Store::upsert`] without counting the table.
    ///
    /// # Errors
    /// As [`Store::insert`], but a stored `jobId` is replaced rather than refused.
    pub fn put(&self, job: &ServiceJob) -> Result<(), Error> {
        self.write_one(job, OnConflict::Replace)
    }

    /// Replaces every stored job with `jobs` (queues added by [`Store::add_queue`] stay);
    /// returns how many jobs are stored.
    ///
    /// # Errors
    /// As [`Store::load`].
    pub fn replace_all(&self, jobs: &[ServiceJob]) -> Result<usize, Error> {
        let how = Write {
            replace_all: true,
            ..Write::set(OnConflict::Refuse)
        };
        self.write_set(jobs, how, &mut |_| {})
    }

    /// Writes a job set; how many jobs are stored afterwards.
    fn write_set(
        &self,
        jobs: &[ServiceJob],
        how: Write,
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize, Error> {
        let stored = each!(self, db => db.write(jobs, how, progress))?;
        Ok(stored.unwrap_or_default())
    }

    /// Writes one job; an error names it without a position.
    fn write_one(&self, job: &ServiceJob, on_conflict: OnConflict) -> Result<(), Error> {
        let one = std::slice::from_ref(job);
        each!(self, db => db.write(one, Write::one(on_conflict), &mut |_| {}))
            .map(drop)
            .map_err(one_job)
    }

    /// Changes the job with this ID through `change` in one transaction (the row locked
    /// until commit), and returns it as stored; `None` when no job has this ID.
    ///
    /// # Errors
    /// A changed job the record rules refuse, or a changed `jobId`; nothing is written then.
    pub fn update(
        &self,
        job_id: &str,
        change: &mut dyn FnMut(&mut ServiceJob),
    ) -> Result<Option<ServiceJob>, Error> {
        each!(self, db => db.update(job_id, change))
    }

    /// Sets a job's status; `false` when no job has this ID.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn set_status(&self, job_id: &str, status: JobStatus) -> Result<bool, Error> {
        Ok(self.update(job_id, &mut |j| j.status = status)?.is_some())
    }

    /// Removes a job and returns it; `None` when no job has this ID.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn remove(&self, job_id: &str) -> Result<Option<ServiceJob>, Error> {
        each!(self, db => db.remove(job_id))
    }

    /// The job with this ID.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn get(&self, job_id: &str) -> Result<Option<ServiceJob>, Error> {
        each!(self, db => db.get(job_id))
    }

    /// Every job, oldest first, ties by `jobId`.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn all_jobs(&self) -> Result<Vec<ServiceJob>, Error> {
        each!(self, db => db.all_jobs())
    }

    /// How many jobs are stored.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn len(&self) -> Result<usize, Error> {
        each!(self, db => db.len())
    }

    /// Whether no job is stored.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }

    /// Every known queue ARN, sorted by bytes: those of stored jobs (since the last
    /// [`Store::replace_all`]) and those added by [`Store::add_queue`].
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn queues(&self) -> Result<Vec<String>, Error> {
        each!(self, db => db.queues())
    }

    /// Makes a queue known before it holds any job.
    ///
    /// # Errors
    /// [`Error::Backend`] when the database fails.
    pub fn add_queue(&self, queue_arn: &str) -> Result<(), Error> {
        each!(self, db => db.add_queue(queue_arn))
    }
}
