//! The one comparator that defines result order (R-ORDER-1, R-ORDER-2). `evaluate`, the
//! page token, `JobIndex` and every test oracle use it; nothing else decides order.

use crate::job::JobRecord;
use crate::name::cmp_names;
use std::cmp::Ordering;

/// The order of a result list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Order {
    /// `createdAt` descending, then `jobId` ascending by bytes (R-ORDER-1).
    Newest,
    /// Grouped by job name (ASCII-case-folded name ascending, then the exact name ascending,
    /// by bytes), and inside a group as `Newest` (R-ORDER-2). For `JOB_NAME` filters.
    NameGroups,
}

/// What decides a job's place: its sort key, read lazily. The comparator asks for the time
/// first and for the ID only on a tie, so a store that keeps times in a dense column (the
/// index) compares without touching its records in most cases, at no cost to plain keys.
pub(crate) trait SortKey {
    /// `createdAt`.
    fn created_at(&self) -> i64;
    /// `jobId`; read only when times tie.
    fn job_id(&self) -> &str;
    /// `jobName`; read only in name-grouped order.
    fn name(&self) -> &str;
}

/// The part of a job that decides its place, borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a> {
    pub name: &'a str,
    pub created_at: i64,
    pub job_id: &'a str,
}

impl<'a> Key<'a> {
    #[inline]
    pub fn of<J: JobRecord + ?Sized>(job: &'a J) -> Key<'a> {
        Key {
            name: job.job_name(),
            created_at: job.created_at(),
            job_id: job.job_id(),
        }
    }
}

impl SortKey for Key<'_> {
    #[inline]
    fn created_at(&self) -> i64 {
        self.created_at
    }
    #[inline]
    fn job_id(&self) -> &str {
        self.job_id
    }
    #[inline]
    fn name(&self) -> &str {
        self.name
    }
}

impl Order {
    /// `Less` when `a` comes before `b` in the results.
    #[inline]
    pub fn cmp<A: SortKey + ?Sized, B: SortKey + ?Sized>(self, a: &A, b: &B) -> Ordering {
        let newest = || {
            b.created_at()
                .cmp(&a.created_at())
                .then_with(|| a.job_id().cmp(b.job_id()))
        };
        match self {
            Order::Newest => newest(),
            Order::NameGroups => cmp_names(a.name(), b.name()).then_with(newest),
        }
    }

    /// As [`Order::cmp`], for two jobs.
    #[inline]
    pub fn cmp_jobs<J: JobRecord + ?Sized>(self, a: &J, b: &J) -> Ordering {
        self.cmp(&Key::of(a), &Key::of(b))
    }
}
