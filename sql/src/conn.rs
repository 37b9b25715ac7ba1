//! What the stores need of a database connection, so that every operation is written once
//! (`db.rs`) for both drivers: run a statement, read text or integer rows, and run a closure
//! in a write transaction. Each driver implements it in its own module.

use crate::compile::Param;
use crate::dialect::Dialect;
use crate::error::Error;
use std::sync::{Condvar, Mutex, MutexGuard};

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
    /// Runs `f`, a load of many rows into an empty table in one transaction of its own, with
    /// the connection set up for it. By default nothing changes; SQLite sorts in smaller
    /// runs, and when `readers_may_wait`, writes the load once rather than twice (see
    /// `sqlite.rs`).
    fn bulk_load<R>(
        &mut self,
        readers_may_wait: bool,
        f: &mut dyn FnMut(&mut Self) -> Result<R, Error>,
    ) -> Result<R, Error>
    where
        Self: Sized,
    {
        let _ = readers_may_wait;
        f(self)
    }
}

/// The most connections a pool opens: requests beyond it wait for a free one, so that a
/// busy server never exhausts the database's connection limit (PostgreSQL's default is 100,
/// shared by every server on the database).
const MAX_OPEN: usize = 16;

struct Slots<C> {
    idle: Vec<C>,
    /// Connections open: idle plus in use.
    open: usize,
}

/// Connections opened on demand and reused: requests of several threads run in parallel,
/// each on its own connection, up to [`MAX_OPEN`] at once.
pub(crate) struct Pool<C> {
    slots: Mutex<Slots<C>>,
    freed: Condvar,
    connect: Box<dyn Fn() -> Result<C, Error> + Send + Sync>,
}

impl<C: Conn> Pool<C> {
    pub fn new(first: C, connect: Box<dyn Fn() -> Result<C, Error> + Send + Sync>) -> Self {
        Pool {
            slots: Mutex::new(Slots {
                idle: vec![first],
                open: 1,
            }),
            freed: Condvar::new(),
            connect,
        }
    }

    // A poisoned lock only means another thread panicked while it held the lock, which
    // covers no more than a push, a pop or a count.
    fn lock(&self) -> MutexGuard<'_, Slots<C>> {
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on an idle connection, a new one, or the first one freed.
    pub fn with<R>(&self, f: impl FnOnce(&mut C) -> Result<R, Error>) -> Result<R, Error> {
        let idle = {
            let mut slots = self.lock();
            loop {
                if let Some(conn) = slots.idle.pop() {
                    break Some(conn);
                }
                if slots.open < MAX_OPEN {
                    slots.open += 1;
                    break None;
                }
                slots = self.freed.wait(slots).unwrap_or_else(|p| p.into_inner());
            }
        };
        let conn = match idle {
            Some(conn) => conn,
            None => match (self.connect)() {
                Ok(conn) => conn,
                Err(e) => {
                    self.lock().open -= 1;
                    self.freed.notify_one();
                    return Err(e);
                }
            },
        };
        let mut lease = Lease {
            pool: self,
            conn: Some(conn),
        };
        f(lease
            .conn
            .as_mut()
            .expect("the lease holds its connection until dropped"))
    }
}

/// A connection in use; dropping it returns the connection to the pool, or closes it when
/// it is broken or its user panicked (its state is then unknown), and wakes a waiter.
struct Lease<'a, C: Conn> {
    pool: &'a Pool<C>,
    conn: Option<C>,
}

impl<C: Conn> Drop for Lease<'_, C> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut slots = self.pool.lock();
            if conn.is_broken() || std::thread::panicking() {
                slots.open -= 1;
            } else {
                slots.idle.push(conn);
            }
        }
        self.pool.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// A connection that only counts how many are open at once.
    struct Fake(Arc<AtomicUsize>);

    impl Drop for Fake {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }

    impl Exec for Fake {
        fn execute(&mut self, _: &str, _: &[Param]) -> Result<u64, DbError> {
            Ok(0)
        }
        fn column(&mut self, _: &str, _: &[Param], _: usize) -> Result<Vec<String>, DbError> {
            Ok(Vec::new())
        }
        fn int(&mut self, _: &str, _: &[Param]) -> Result<i64, DbError> {
            Ok(0)
        }
    }

    impl Conn for Fake {
        const DIALECT: Dialect = Dialect::Sqlite;
        fn exec(&mut self) -> &mut dyn Exec {
            self
        }
        fn transaction<R>(
            &mut self,
            f: &mut dyn FnMut(&mut dyn Exec) -> Result<R, Error>,
        ) -> Result<R, Error> {
            f(self)
        }
        fn is_broken(&self) -> bool {
            false
        }
    }

    #[test]
    fn a_pool_never_opens_more_than_its_cap_and_a_panic_gives_its_slot_back() {
        let open = Arc::new(AtomicUsize::new(1));
        let peak = Arc::new(AtomicUsize::new(1));
        let (o, p) = (Arc::clone(&open), Arc::clone(&peak));
        let pool = Pool::new(
            Fake(Arc::clone(&open)),
            Box::new(move || {
                let now = o.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                Ok(Fake(Arc::clone(&o)))
            }),
        );
        // A user that panics leaves no slot taken.
        let panicked = std::thread::scope(|s| {
            s.spawn(|| pool.with(|_| -> Result<(), Error> { panic!("in use") }))
                .join()
                .is_err()
        });
        assert!(panicked);
        std::thread::scope(|s| {
            for _ in 0..4 * MAX_OPEN {
                s.spawn(|| {
                    pool.with(|_| {
                        std::thread::sleep(Duration::from_millis(5));
                        Ok(())
                    })
                    .unwrap()
                });
            }
        });
        let peak = peak.load(Ordering::SeqCst);
        assert!(peak <= MAX_OPEN, "{peak} connections were open at once");
        assert!(peak > 1, "the threads ran in parallel");
        assert!(open.load(Ordering::SeqCst) <= MAX_OPEN);
    }
}
