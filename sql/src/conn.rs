//! What the stores need of a database connection, so that every operation is written once
//! (`db.rs`) for both drivers: run a statement, read text or integer rows, and run a closure
//! in a write transaction. Each driver implements it in its own module.

use crate::compile::Param;
use crate::dialect::Dialect;
use crate::error::Error;
use std::sync::Mutex;

/// A driver's error, with what the stores need to know of it.
#[derive(Debug)]
pub(crate) struct DbError {
    /// A unique constraint refused the write.
    pub conflict: bool,
    pub message: String,
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        Error::Backend(e.message)
    }
}

/// Runs statements, on a connection or inside a transaction.
pub(crate) trait Exec {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, DbError>;
    /// The first column of every row, as text.
    fn texts(&mut self, sql: &str, params: &[Param]) -> Result<Vec<String>, DbError> {
        self.column(sql, params, 0)
    }
    /// Column `at` of every row, as text.
    fn column(&mut self, sql: &str, params: &[Param], at: usize) -> Result<Vec<String>, DbError>;
    /// The first column of the first row, as an integer.
    fn int(&mut self, sql: &str, params: &[Param]) -> Result<i64, DbError>;
}

/// A connection of one driver.
pub(crate) trait Conn: Send + 'static {
    /// The dialect its statements are written in.
    const DIALECT: Dialect;
    /// Statements outside a transaction.
    fn exec(&mut self) -> &mut dyn Exec;
    /// Runs `f` in a write transaction, committed when it returns `Ok`, rolled back
    /// otherwise: a write is stored whole or not at all.
    fn transaction<R>(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Exec) -> Result<R, Error>,
    ) -> Result<R, Error>;
    /// Whether the connection can no longer be used (and must not go back to the pool).
    fn is_broken(&self) -> bool;
}

/// The most idle connections a pool keeps.
const MAX_IDLE: usize = 8;

/// Connections opened on demand and reused: requests of several threads run in parallel,
/// each on its own connection.
pub(crate) struct Pool<C> {
    idle: Mutex<Vec<C>>,
    connect: Box<dyn Fn() -> Result<C, Error> + Send + Sync>,
}

impl<C: Conn> Pool<C> {
    pub fn new(first: C, connect: Box<dyn Fn() -> Result<C, Error> + Send + Sync>) -> Self {
        Pool {
            idle: Mutex::new(vec![first]),
            connect,
        }
    }

    /// Runs `f` on an idle connection, or a new one.
    pub fn with<R>(&self, f: impl FnOnce(&mut C) -> Result<R, Error>) -> Result<R, Error> {
        // A poisoned lock only means another thread panicked while popping or pushing.
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match idle {
            Some(conn) => conn,
            None => (self.connect)()?,
        };
        let result = f(&mut conn);
        if !conn.is_broken() {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
        result
    }
}
