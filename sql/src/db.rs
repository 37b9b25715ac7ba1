//! Every store operation, written once over [`Conn`]: the listing through the compiled
//! statement, and the writes, each one transaction.

use crate::SCHEMA_VERSION;
use crate::compile::{Param, list_statement};
use crate::conn::{Conn, DbError, Exec, Pool};
use crate::dialect::{Dialect, TextKey};
use crate::error::Error;
use crate::row::{JobRow, job_of_json, page_response};
use crate::url::Location;
use batchlist::{
    Cursor, ListServiceJobsRequest, ListServiceJobsResponse, Query, ServiceJob, check_jobs,
    parse_request,
};
use std::collections::BTreeSet;

const COLUMNS: &str = "job_id, queue_arn, queue_name, job_name, folded_name, status, \
                       created_at, share_identifier, quota_share_name, job";

const UPSERT: &str = " ON CONFLICT (job_id) DO UPDATE SET queue_arn = excluded.queue_arn, \
    queue_name = excluded.queue_name, job_name = excluded.job_name, \
    folded_name = excluded.folded_name, status = excluded.status, \
    created_at = excluded.created_at, share_identifier = excluded.share_identifier, \
    quota_share_name = excluded.quota_share_name, job = excluded.job";

/// From this many rows, a load into an empty table builds the indexes after the rows.
const BULK_ROWS: usize = 20_000;

/// What happens to a stored job with the same `jobId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnConflict {
    /// The job set must be new: a stored `jobId` is an error and nothing is written.
    Refuse,
    /// The new job replaces the stored one.
    Replace,
}

/// A write of a job set: what it does besides storing the jobs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Write {
    /// What happens to a stored job with the same `jobId`.
    pub on_conflict: OnConflict,
    /// Every stored job is removed first (queues added by name stay).
    pub replace_all: bool,
    /// Count the stored jobs afterwards (a scan of an index).
    pub count: bool,
    /// A bulk load may make readers wait until it commits, in exchange for writing its pages
    /// once (SQLite's rollback journal); otherwise readers go on reading the jobs as they
    /// were until the commit (WAL).
    pub readers_may_wait: bool,
}

impl Write {
    /// A job set, its stored IDs met by `on_conflict`; the stored jobs are counted after it.
    pub(crate) fn set(on_conflict: OnConflict) -> Write {
        Write {
            on_conflict,
            replace_all: false,
            count: true,
            readers_may_wait: false,
        }
    }

    /// One job (a submit): as [`Write::set`], without the count.
    pub(crate) fn one(on_conflict: OnConflict) -> Write {
        Write {
            count: false,
            ..Write::set(on_conflict)
        }
    }
}

pub(crate) struct Db<C> {
    pub pool: Pool<C>,
    pub location: Location,
}

fn text(s: &str) -> Param {
    Param::Text(s.to_owned())
}

/// Checks the rows against what `dialect` can store.
fn storable(dialect: Dialect, at: Option<usize>, row: &JobRow) -> Result<(), Error> {
    let texts = [
        ("jobId", Some(&row.job_id)),
        ("jobQueue", Some(&row.queue_arn)),
        ("jobName", Some(&row.job_name)),
        ("shareIdentifier", row.share_identifier.as_ref()),
        ("quotaShareName", row.quota_share_name.as_ref()),
    ];
    for (member, value) in texts {
        if let Some(v) = value
            && matches!(dialect.text_key(v), TextKey::Beyond(_))
        {
            return Err(Error::Unstorable {
                at,
                job_id: row.job_id.clone(),
                reason: format!(
                    "{member} holds the NUL character (U+0000), which PostgreSQL text cannot \
                     hold."
                ),
            });
        }
    }
    Ok(())
}

/// The rows of `jobs` (already checked by [`check_jobs`]), the first at position `first` of
/// its set, after this dialect's limits.
fn rows_of(dialect: Dialect, first: usize, jobs: &[ServiceJob]) -> Result<Vec<JobRow>, Error> {
    jobs.iter()
        .enumerate()
        .map(|(i, job)| {
            let row = JobRow::of_checked(job);
            storable(dialect, Some(first + i), &row)?;
            Ok(row)
        })
        .collect()
}

/// Jobs per batch of rows: the unit of progress.
const BATCH_JOBS: usize = 2_000;

/// The `INSERT` of `n` rows.
fn insert_statement(dialect: Dialect, n: usize, on_conflict: OnConflict) -> String {
    let mut sql = format!("INSERT INTO service_jobs ({COLUMNS}) VALUES ");
    for i in 0..n {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for k in 1..=10 {
            if k > 1 {
                sql.push_str(", ");
            }
            sql.push_str(&dialect.placeholder(i * 10 + k));
        }
        sql.push(')');
    }
    if on_conflict == OnConflict::Replace {
        sql.push_str(UPSERT);
    }
    sql
}

/// Inserts rows, [`Dialect::rows_per_insert`] per statement, and makes their queues known.
pub(crate) fn insert_rows(
    dialect: Dialect,
    tx: &mut dyn Exec,
    rows: Vec<JobRow>,
    on_conflict: OnConflict,
) -> Result<(), DbError> {
    let queues: BTreeSet<String> = rows.iter().map(|r| r.queue_arn.clone()).collect();
    let per = dialect.rows_per_insert();
    // Built on first use: a submit or an update is one row, shorter than a full statement.
    let mut full = None;
    let mut rows = rows.into_iter();
    let mut params = Vec::with_capacity(per * 10);
    loop {
        params.clear();
        let text_or_null = |s: Option<String>| s.map_or(Param::Null, Param::Text);
        for row in rows.by_ref().take(per) {
            params.extend([
                Param::Text(row.job_id),
                Param::Text(row.queue_arn),
                Param::Text(row.queue_name),
                Param::Text(row.job_name),
                Param::Text(row.folded_name),
                text(row.status),
                Param::Int(row.created_at),
                text_or_null(row.share_identifier),
                text_or_null(row.quota_share_name),
                Param::Text(row.job),
            ]);
        }
        match params.len() / 10 {
            0 => break,
            n if n == per => {
                let sql = full.get_or_insert_with(|| insert_statement(dialect, per, on_conflict));
                tx.execute(sql, &params)?
            }
            n => tx.execute(&insert_statement(dialect, n, on_conflict), &params)?,
        };
    }
    let add = dialect.numbered(
        "INSERT INTO job_queues (queue_arn, created) VALUES (?1, 0) \
         ON CONFLICT (queue_arn) DO NOTHING",
    );
    for queue in queues {
        tx.execute(&add, &[Param::Text(queue)])?;
    }
    Ok(())
}

impl<C: Conn> Db<C> {
    fn sql(&self, sql: &str) -> String {
        C::DIALECT.numbered(sql)
    }

    pub fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, Error> {
        let (query, cursor) = parse_request(request)?;
        self.page(&query, cursor.as_ref())
    }

    pub fn page(
        &self,
        query: &Query,
        cursor: Option<&Cursor>,
    ) -> Result<ListServiceJobsResponse, Error> {
        let statement = list_statement(C::DIALECT, query, cursor);
        let rows = self
            .pool
            .with(|c| Ok(c.exec().texts(&statement.sql, &statement.params)?))?;
        let jobs = rows
            .iter()
            .map(|json| job_of_json(json))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page_response(query, jobs))
    }

    /// Writes a checked job set in one transaction, calling `progress` with the number of
    /// jobs written after each batch.
    pub fn write(
        &self,
        jobs: &[ServiceJob],
        how: Write,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Option<usize>, Error> {
        let Write {
            on_conflict,
            replace_all,
            count,
            readers_may_wait,
        } = how;
        check_jobs(jobs)?;
        let clear_jobs = self.sql("DELETE FROM service_jobs");
        let clear_queues = self.sql("DELETE FROM job_queues WHERE created = 0");
        let any = "SELECT count(*) FROM (SELECT 1 FROM service_jobs LIMIT 1) AS one";
        let count_all = "SELECT count(*) FROM service_jobs";
        let result = self.pool.with(|c| {
            // Many jobs into an empty table (or one this write empties) is a bulk load, which
            // a driver may run with settings of its own; emptiness is read again below,
            // under the write lock, before any index is dropped.
            let bulk = jobs.len() >= BULK_ROWS && (replace_all || c.exec().int(any, &[])? == 0);
            let mut write = |c: &mut C| {
                c.transaction(&mut |tx| {
                    if replace_all {
                        tx.execute(&clear_jobs, &[])?;
                        tx.execute(&clear_queues, &[])?;
                    }
                    // Into an empty table no stored job can conflict, and many rows load faster
                    // without the indexes, which are then built once, each by one sort (still in
                    // this transaction). `ON CONFLICT` needs the unique index, so it is left out.
                    let empty = jobs.len() >= BULK_ROWS && tx.int(any, &[])? == 0;
                    let (rebuild, on_conflict) = if empty {
                        (true, OnConflict::Refuse)
                    } else {
                        (false, on_conflict)
                    };
                    if rebuild {
                        for (name, _) in C::DIALECT.indexes() {
                            tx.execute(&format!("DROP INDEX {name}"), &[])?;
                        }
                    }
                    let mut done = 0;
                    for batch in jobs.chunks(BATCH_JOBS) {
                        // Built on this thread: a helper thread building the next batch's rows
                        // meanwhile made the load slower (rows freed on another thread than
                        // the one that allocated them).
                        let rows = rows_of(C::DIALECT, done, batch)?;
                        insert_rows(C::DIALECT, tx, rows, on_conflict).map_err(|e| {
                            if e.conflict {
                                // Named below, once the transaction is rolled back.
                                Error::DuplicateJobId {
                                    at: None,
                                    job_id: String::new(),
                                }
                            } else {
                                e.into()
                            }
                        })?;
                        done += batch.len();
                        progress(done);
                    }
                    if rebuild {
                        for (_, ddl) in C::DIALECT.indexes() {
                            tx.execute(ddl, &[])?;
                        }
                    }
                    // Counting is a scan of an index: only for those who asked.
                    if !count {
                        return Ok(None);
                    }
                    let stored = tx.int(count_all, &[])?;
                    Ok(Some(usize::try_from(stored).unwrap_or(0)))
                })
            };
            if bulk {
                c.bulk_load(readers_may_wait, &mut write)
            } else {
                write(c)
            }
        });
        match result {
            Err(Error::DuplicateJobId { .. }) => Err(self.first_stored(jobs)?),
            other => other,
        }
    }

    /// The error naming the first job of `jobs` whose `jobId` is already stored.
    fn first_stored(&self, jobs: &[ServiceJob]) -> Result<Error, Error> {
        let probe = self.sql("SELECT count(*) FROM service_jobs WHERE job_id = ?1");
        self.pool.with(|c| {
            for (at, job) in jobs.iter().enumerate() {
                if c.exec().int(&probe, &[text(&job.job_id)])? > 0 {
                    return Ok(Error::DuplicateJobId {
                        at: Some(at),
                        job_id: job.job_id.clone(),
                    });
                }
            }
            Ok(Error::Backend(
                "a job ID was stored by another writer during the load".into(),
            ))
        })
    }

    pub fn get(&self, job_id: &str) -> Result<Option<ServiceJob>, Error> {
        let sql = self.sql("SELECT job FROM service_jobs WHERE job_id = ?1");
        let rows = self
            .pool
            .with(|c| Ok(c.exec().texts(&sql, &[text(job_id)])?))?;
        rows.first().map(|j| job_of_json(j)).transpose()
    }

    pub fn update(
        &self,
        job_id: &str,
        change: &mut dyn FnMut(&mut ServiceJob),
    ) -> Result<Option<ServiceJob>, Error> {
        let select = format!(
            "{}{}",
            self.sql("SELECT job FROM service_jobs WHERE job_id = ?1"),
            C::DIALECT.lock_row()
        );
        let delete = self.sql("DELETE FROM service_jobs WHERE job_id = ?1");
        self.pool.with(|c| {
            c.transaction(&mut |tx| {
                let Some(json) = tx.texts(&select, &[text(job_id)])?.pop() else {
                    return Ok(None);
                };
                let mut job = job_of_json(&json)?;
                change(&mut job);
                if job.job_id != job_id {
                    return Err(Error::Backend(format!(
                        "an update may not change a jobId ('{job_id}' became '{}')",
                        job.job_id
                    )));
                }
                let row = JobRow::of(&job)?;
                storable(C::DIALECT, None, &row)?;
                tx.execute(&delete, &[text(job_id)])?;
                insert_rows(C::DIALECT, tx, vec![row], OnConflict::Refuse)?;
                Ok(Some(job))
            })
        })
    }

    pub fn remove(&self, job_id: &str) -> Result<Option<ServiceJob>, Error> {
        let sql = self.sql("DELETE FROM service_jobs WHERE job_id = ?1 RETURNING job");
        let rows = self
            .pool
            .with(|c| c.transaction(&mut |tx| Ok(tx.texts(&sql, &[text(job_id)])?)))?;
        rows.first().map(|j| job_of_json(j)).transpose()
    }

    pub fn all_jobs(&self) -> Result<Vec<ServiceJob>, Error> {
        let sql = "SELECT job FROM service_jobs ORDER BY created_at, job_id";
        let rows = self.pool.with(|c| Ok(c.exec().texts(sql, &[])?))?;
        rows.iter().map(|j| job_of_json(j)).collect()
    }

    pub fn len(&self) -> Result<usize, Error> {
        let n = self
            .pool
            .with(|c| Ok(c.exec().int("SELECT count(*) FROM service_jobs", &[])?))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    pub fn queues(&self) -> Result<Vec<String>, Error> {
        let sql = "SELECT queue_arn FROM job_queues ORDER BY queue_arn";
        self.pool.with(|c| Ok(c.exec().texts(sql, &[])?))
    }

    pub fn add_queue(&self, queue_arn: &str) -> Result<(), Error> {
        let sql = self.sql(
            "INSERT INTO job_queues (queue_arn, created) VALUES (?1, 1) \
             ON CONFLICT (queue_arn) DO UPDATE SET created = 1",
        );
        self.pool
            .with(|c| c.transaction(&mut |tx| Ok(tx.execute(&sql, &[text(queue_arn)])?)))?;
        Ok(())
    }

    pub fn jobs_of(&self, sql: &str, params: &[Param]) -> Result<Vec<ServiceJob>, Error> {
        let rows = self.pool.with(|c| Ok(c.exec().texts(sql, params)?))?;
        rows.iter().map(|j| job_of_json(j)).collect()
    }

    /// The plan of a statement, one line per plan row, for the plan tests and the README.
    pub fn explain(&self, sql: &str, params: &[Param]) -> Result<Vec<String>, Error> {
        let sql = format!("{}{sql}", C::DIALECT.explain());
        // SQLite's EXPLAIN QUERY PLAN rows are (id, parent, notused, detail).
        let at = match C::DIALECT {
            Dialect::Sqlite => 3,
            Dialect::Postgres => 0,
        };
        self.pool.with(|c| Ok(c.exec().column(&sql, params, at)?))
    }
}

/// Brings a database to [`SCHEMA_VERSION`], or refuses one that is newer, before writing
/// anything (`found` is what [`Conn`]'s driver read without writing).
pub(crate) fn migrate<C: Conn>(conn: &mut C, found: i64, location: &Location) -> Result<(), Error> {
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            database: location.describe(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let dialect = C::DIALECT;
    let record =
        dialect.numbered("INSERT INTO batchlist_schema (version, description) VALUES (?1, ?2)");
    conn.transaction(&mut |tx| {
        if let Some(lock) = dialect.migration_lock() {
            tx.execute(lock, &[])?;
        }
        tx.execute(dialect.migration_table(), &[])?;
        // Read again under the lock: another process may have migrated meanwhile.
        let now = tx.int(
            "SELECT COALESCE(MAX(version), 0) FROM batchlist_schema",
            &[],
        )?;
        if now > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                database: location.describe(),
                found: now,
                known: SCHEMA_VERSION,
            });
        }
        for step in dialect.migrations().iter().filter(|m| m.version > now) {
            let indexes = step.indexes.iter().map(|(_, ddl)| ddl);
            for statement in step.statements.iter().chain(indexes) {
                tx.execute(statement, &[]).map_err(|e| Error::Open {
                    database: location.describe(),
                    detail: format!(
                        "schema step {} failed ({}); is it a database of another program?",
                        step.version, e.message
                    ),
                })?;
            }
            tx.execute(&record, &[Param::Int(step.version), text(step.description)])?;
        }
        Ok(())
    })
}
