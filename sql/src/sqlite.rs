//! The SQLite driver: rusqlite with its bundled SQLite.
//!
//! Durability: the database runs in WAL mode with `synchronous = FULL`, so a transaction is
//! on disk (the WAL fsynced) before its commit returns, and a submit acknowledged to a client
//! survives a killed process and a power cut alike. `NORMAL` would survive a killed process
//! (the WAL is in the OS cache) but could lose the last commits on power loss, which would
//! break the promise an acknowledged submit makes. Bulk loads are one transaction, so FULL
//! costs them one fsync.

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

pub(crate) struct LiteConn(Connection);

impl Conn for LiteConn {
    const DIALECT: Dialect = Dialect::Sqlite;

    fn exec(&mut self) -> &mut dyn Exec {
        self
    }

    fn transaction<R>(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Exec) -> Result<R, Error>,
    ) -> Result<R, Error> {
        // IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock upgrading.
        let tx = self
            .0
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_error)?;
        let result = f(&mut LiteExec(&tx))?;
        tx.commit().map_err(db_error)?;
        Ok(result)
    }

    fn is_broken(&self) -> bool {
        false
    }
}

impl Exec for LiteConn {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError> {
        LiteExec(&self.0).execute(sql, params)
    }
    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError> {
        LiteExec(&self.0).column(sql, params, at)
    }
    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError> {
        LiteExec(&self.0).int(sql, params)
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
    conn.busy_timeout(Duration::from_secs(30))
        .and_then(|()| conn.pragma_update(None, "synchronous", "FULL"))
        // A 256 MiB page cache (the default is 2 MiB): eight b-trees of a million rows each
        // stay in memory while a load writes them.
        .and_then(|()| conn.pragma_update(None, "cache_size", -262_144))
        // Helper threads for the sorts that build indexes after a bulk load.
        .and_then(|()| conn.pragma_update(None, "threads", 2))
        .map_err(|e| open_error(location, e))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(LiteConn(conn))
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
            .0
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
