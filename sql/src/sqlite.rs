//! The SQLite driver: rusqlite with its bundled SQLite.
//!
//! Durability: the database runs in WAL mode with `synchronous = FULL`, so a transaction is
//! on disk (the WAL fsynced) before its commit returns, and a submit acknowledged to a client
//! survives a killed process and a power cut alike. `NORMAL` would survive a killed process
//! (the WAL is in the OS cache) but could lose the last commits on power loss, which would
//! break the promise an acknowledged submit makes. Bulk loads are one transaction, so FULL
//! costs them one fsync.
//!
//! Bulk loads: WAL writes every page twice, once into the WAL and again when the checkpoint
//! copies it into the database. A load of a job file into an empty table (`Store::load`),
//! with the database to itself, runs in rollback-journal mode instead (`TRUNCATE`, as
//! durable as WAL under `synchronous = FULL`), where the pages a load adds past the end of
//! the file are written once and journaled not at all; WAL mode returns as soon as it
//! commits. A connection that opens meanwhile waits for the commit, so the writes of a live
//! server (`replace_all`, `upsert`) stay in WAL, where readers go on reading. With another
//! connection open, SQLite refuses to leave WAL, and the load runs in WAL mode as any write.

use crate::compile::Param;
use crate::conn::{Conn, DbError, Exec};
use crate::db::{Db, migrate};
use crate::dialect::Dialect;
use crate::error::Error;
use crate::url::Location;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params_from_iter};
use std::path::Path;
use std::time::Duration;

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Param::Int(i) => ToSqlOutput::Owned(Value::Integer(*i)),
            Param::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Param::Null => ToSqlOutput::Owned(Value::Null),
        })
    }
}

fn db_error(e: rusqlite::Error) -> DbError {
    let conflict = matches!(
        &e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation
    );
    DbError {
        conflict,
        message: e.to_string(),
    }
}

struct LiteExec<'a>(&'a Connection);

impl Exec for LiteExec<'_> {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        let mut st = self.0.prepare_cached(sql).map_err(db_error)?;
        let n = st.execute(params_from_iter(params)).map_err(db_error)?;
        Ok(n as u64)
    }

    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError> {
        let mut st = self.0.prepare_cached(sql).map_err(db_error)?;
        let rows = st
            .query_map(params_from_iter(params), |r| r.get::<_, String>(at))
            .map_err(db_error)?;
        rows.collect::<Result<_, _>>().map_err(db_error)
    }

    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError> {
        let mut st = self.0.prepare_cached(sql).map_err(db_error)?;
        st.query_row(params_from_iter(params), |r| r.get::<_, i64>(0))
            .map_err(db_error)
    }
}

/// How long a statement waits for another connection's lock before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The page cache, in KiB: the default is 2 MiB; eight b-trees of a million rows each stay
/// in memory while a write touches them.
const CACHE_KIB: i64 = 262_144;

/// The page cache while a bulk load runs, in KiB. SQLite's sorter, which builds each index
/// after the rows, gathers keys in memory up to the cache's size before it sorts them as one
/// run: runs of a few MiB sort in the CPU's cache, in a helper thread while the next run
/// gathers, where one run of a million keys sorts on one core through main memory. At 1M
/// jobs this builds the eight indexes about twice as fast (2 to 4 MiB did best, 8 MiB and
/// up were slower).
const BULK_CACHE_KIB: i64 = 4_096;

/// The page size of a new database, in bytes (SQLite's default is 4 KiB). A job's row holds
/// its JSON, about 700 bytes, so a 4 KiB page holds five rows; 16 KiB pages made the 1M-job
/// import 1.24x faster, with the same page times (`sql/README.md`). An existing database
/// keeps its page size.
const PAGE_BYTES: i64 = 16_384;

pub(crate) struct LiteConn {
    conn: Connection,
    /// A bulk load left WAL mode and could not return to it: the next write tries again.
    wal_owed: bool,
}

impl LiteConn {
    /// Sets the journal mode; whether the database is in `mode` afterwards.
    fn journal_mode(&self, mode: &str) -> rusqlite::Result<bool> {
        let now: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", mode, |r| r.get(0))?;
        Ok(now.eq_ignore_ascii_case(mode))
    }

    /// Leaves WAL mode for a bulk load, when no other connection has the database open
    /// (SQLite then refuses at once rather than wait: `busy_timeout` 0).
    fn leave_wal(&self) -> bool {
        if self.conn.busy_timeout(Duration::ZERO).is_err() {
            return false;
        }
        let left = self.journal_mode("TRUNCATE").unwrap_or(false);
        // Should the timeout not come back, statements fail fast rather than wrongly.
        let _ = self.conn.busy_timeout(BUSY_TIMEOUT);
        left
    }
}

impl Conn for LiteConn {
    const DIALECT: Dialect = Dialect::Sqlite;

    fn exec(&mut self) -> &mut dyn Exec {
        self
    }

    fn transaction<R>(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Exec) -> Result<R, Error>,
    ) -> Result<R, Error> {
        if self.wal_owed {
            self.wal_owed = !self.journal_mode("WAL").unwrap_or(false);
        }
        // IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock upgrading.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let result = f(&mut LiteExec(&tx))?;
        tx.commit().map_err(db_error)?;
        Ok(result)
    }

    fn is_broken(&self) -> bool {
        false
    }

    fn bulk_load<R>(
        &mut self,
        readers_may_wait: bool,
        f: &mut dyn FnMut(&mut Self) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let rollback_journal = readers_may_wait && self.leave_wal();
        let small_cache = self
            .conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)
            .is_ok();
        let result = f(self);
        if small_cache {
            let _ = self.conn.pragma_update(None, "cache_size", -CACHE_KIB);
        }
        // The load is committed (or rolled back) whatever happens here: a database left in
        // rollback-journal mode is whole, and only waits for WAL's concurrent readers until
        // the next write of this connection, or the next open, sets WAL again.
        if rollback_journal {
            self.wal_owed = !self.journal_mode("WAL").unwrap_or(false);
        }
        result
    }
}

impl Exec for LiteConn {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        LiteExec(&self.conn).execute(sql, params)
    }
    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError> {
        LiteExec(&self.conn).column(sql, params, at)
    }
    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError> {
        LiteExec(&self.conn).int(sql, params)
    }
}

fn open_error(location: &Location, detail: impl std::fmt::Display) -> Error {
    Error::Open {
        database: location.describe(),
        detail: detail.to_string(),
    }
}

/// One connection with this store's settings; the file is created when missing.
fn connect(path: &Path, location: &Location) -> Result<LiteConn, Error> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| match e {
        // rusqlite appends the path, which the message already names.
        rusqlite::Error::SqliteFailure(code, _) => {
            open_error(location, rusqlite::ffi::code_to_str(code.extended_code))
        }
        other => open_error(location, other),
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .and_then(|()| conn.pragma_update(None, "synchronous", "FULL"))
        .and_then(|()| conn.pragma_update(None, "cache_size", -CACHE_KIB))
        // Takes effect only in a new, still empty database file.
        .and_then(|()| conn.pragma_update(None, "page_size", PAGE_BYTES))
        // Helper threads for the sorts that build indexes after a bulk load.
        .and_then(|()| conn.pragma_update(None, "threads", 2))
        .map_err(|e| open_error(location, e))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(LiteConn {
        conn,
        wal_owed: false,
    })
}

/// Opens (creating when missing) a SQLite database and brings its schema up to date.
pub(crate) fn open(path: &Path) -> Result<Db<LiteConn>, Error> {
    let location = Location::Sqlite(path.to_owned());
    let mut conn = connect(path, &location)?;
    // Read the schema version before writing anything: a file that is not a database, or a
    // newer schema, is refused untouched.
    let dialect = Dialect::Sqlite;
    let found = match conn.int(dialect.has_migration_table(), &[]) {
        Ok(0) => 0,
        Ok(_) => conn
            .int(
                "SELECT COALESCE(MAX(version), 0) FROM batchlist_schema",
                &[],
            )
            .map_err(|e| open_error(&location, e.message))?,
        Err(e) => return Err(open_error(&location, e.message)),
    };
    if found <= crate::SCHEMA_VERSION {
        let mode: String = conn
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| open_error(&location, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(open_error(
                &location,
                format!("the database refused WAL mode (journal_mode is {mode})"),
            ));
        }
    }
    migrate(&mut conn, found, &location)?;
    let path = path.to_owned();
    let again = location.clone();
    Ok(Db {
        pool: crate::conn::Pool::new(conn, Box::new(move || connect(&path, &again))),
        location,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_after_a_failed_return_to_wal_sets_wal_again() {
        let dir = std::env::temp_dir().join(format!("batchlist-sql-wal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("owed.db");
        let _ = std::fs::remove_file(&path);
        let location = Location::Sqlite(path.clone());
        let mut conn = connect(&path, &location).unwrap();
        assert!(conn.journal_mode("WAL").unwrap());
        // As a bulk load leaves it when another connection kept it from WAL at the end.
        assert!(conn.leave_wal());
        conn.wal_owed = true;
        conn.transaction(&mut |tx| Ok(tx.execute("CREATE TABLE t (x INTEGER)", &[])?))
            .unwrap();
        assert!(!conn.wal_owed);
        let mode: String = conn
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
