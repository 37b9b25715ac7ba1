//! The one comparator that defines result order (R-ORDER-1, R-ORDER-2). Pagination, the
//! page token and every test oracle use it; nothing else decides order.

use crate::job::JobRecord;
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

/// The part of a job that decides its place: its sort key.
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

/// Compares names ASCII-case-insensitively, then exactly, so that `Train` and `train` are
/// distinct groups that stand next to each other.
fn cmp_names(a: &str, b: &str) -> Ordering {
    // Same-name pairs are the common case inside a group: one memcmp settles them.
    if a == b {
        return Ordering::Equal;
    }
    let folded = a
        .bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
    folded.then_with(|| a.cmp(b))
}

impl Order {
    /// `Less` when `a` comes before `b` in the results.
    #[inline]
    pub fn cmp(self, a: &Key<'_>, b: &Key<'_>) -> Ordering {
        let newest = |a: &Key<'_>, b: &Key<'_>| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.job_id.cmp(b.job_id))
        };
        match self {
            Order::Newest => newest(a, b),
            Order::NameGroups => cmp_names(a.name, b.name).then_with(|| newest(a, b)),
        }
    }

    /// As [`Order::cmp`], for two jobs.
    #[inline]
    pub fn cmp_jobs<J: JobRecord + ?Sized>(self, a: &J, b: &J) -> Ordering {
        self.cmp(&Key::of(a), &Key::of(b))
    }
}
