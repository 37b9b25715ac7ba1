//! `evaluate`: one pass over the jobs with a bounded top-k selection, so a page costs
//! O(n) comparisons against a small buffer, never a full sort (R-PAGE-*).

use crate::job::{JobRecord, ServiceJobSummary};
use crate::order::{Key, Order};
use crate::query::Query;
use crate::token::{Cursor, NextToken};
use crate::wire::ListServiceJobsResponse;
use std::cmp::Ordering;

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page<'a, J> {
    jobs: Vec<&'a J>,
    next_token: Option<NextToken>,
}

impl<'a, J: JobRecord> Page<'a, J> {
    /// The page of `query` from its first `max_results + 1` matches after the cursor, in
    /// result order: the extra match only says that a next page exists (R-PAGE-2), and the
    /// token is the key of the last job kept (R-PAGE-3). `evaluate` and `JobIndex` end here,
    /// and so does a store that selects the matches itself (a database's keyset statement),
    /// so every backend makes the same pages and tokens.
    pub fn from_matches(mut jobs: Vec<&'a J>, query: &Query) -> Self {
        let take = query.max_results();
        let next_token = if jobs.len() > take {
            jobs.truncate(take);
            jobs.last()
                .map(|last| Cursor::after(query, *last).to_token(query))
        } else {
            None
        };
        Page { jobs, next_token }
    }
}

impl<'a, J> Page<'a, J> {
    /// The jobs of the page, in result order.
    pub fn jobs(&self) -> &[&'a J] {
        &self.jobs
    }

    /// The token of the next page, present exactly when more jobs match (R-PAGE-2).
    pub fn next_token(&self) -> Option<&NextToken> {
        self.next_token.as_ref()
    }

    /// The wire response for this page.
    pub fn to_response(&self) -> ListServiceJobsResponse
    where
        ServiceJobSummary: for<'x> From<&'x J>,
    {
        ListServiceJobsResponse {
            job_summary_list: self
                .jobs
                .iter()
                .map(|j| ServiceJobSummary::from(*j))
                .collect(),
            next_token: self.next_token.as_ref().map(|t| t.as_str().to_owned()),
        }
    }
}

/// How many times `cap` the top-k buffer holds before it selects. Eight, not two: when jobs
/// arrive oldest first (every job beats the threshold) selections are rarer, which is about
/// 10% of a 1M-job pass.
const ROOM: usize = 8;

/// Keeps the `cap` first items under `order` from a stream, in amortized O(1) per item: the
/// buffer fills to `ROOM * cap`, then a linear selection keeps the best `cap`, and the worst
/// of those becomes a threshold that rejects most later items with one comparison.
struct TopK<'a, J> {
    order: Order,
    cap: usize,
    buf: Vec<&'a J>,
    threshold: Option<&'a J>,
}

impl<'a, J: JobRecord> TopK<'a, J> {
    fn new(order: Order, cap: usize) -> Self {
        TopK {
            order,
            cap,
            buf: Vec::with_capacity(ROOM * cap),
            threshold: None,
        }
    }

    #[inline]
    fn offer(&mut self, job: &'a J) {
        if let Some(t) = self.threshold
            && self.order.cmp_jobs(job, t) != Ordering::Less
        {
            return;
        }
        self.buf.push(job);
        if self.buf.len() == ROOM * self.cap {
            self.shrink();
        }
    }

    fn shrink(&mut self) {
        let order = self.order;
        self.buf
            .select_nth_unstable_by(self.cap - 1, |a, b| order.cmp_jobs(*a, *b));
        self.buf.truncate(self.cap);
        self.threshold = self
            .buf
            .iter()
            .copied()
            .max_by(|a, b| order.cmp_jobs(*a, *b));
    }

    fn into_sorted(mut self) -> Vec<&'a J> {
        let order = self.order;
        self.buf.sort_unstable_by(|a, b| order.cmp_jobs(*a, *b));
        self.buf.truncate(self.cap);
        self.buf
    }
}

/// Answers `query` over `jobs`: the page of matching jobs that starts after `cursor` (or at
/// the start), in result order, with a token when more follow.
///
/// Pure and deterministic: the order of `jobs` does not matter, and the same jobs, query and
/// cursor give the same page and token on every platform. Job IDs must be unique among
/// `jobs` (R-JOB-1).
///
/// A cursor is a position in an order. [`Cursor::from_token`] only yields cursors of the
/// query's own order; a cursor made for the other order (name groups versus newest first) has
/// no place in this one and is ignored, so the page starts at the beginning.
pub fn evaluate<'a, J, I>(jobs: I, query: &Query, cursor: Option<&Cursor>) -> Page<'a, J>
where
    J: JobRecord + 'a,
    I: IntoIterator<Item = &'a J>,
{
    let order = query.order();
    let take = query.max_results();
    // A cursor of another order cannot come from `Cursor::from_token` for this query; treat
    // it as the start rather than guess.
    let after = cursor.filter(|c| c.order() == order);
    // One more than the page, to know whether a next page exists (R-PAGE-2).
    let mut top = TopK::new(order, take + 1);
    // Filtering in the iterator adapter keeps the non-matching path (most jobs) as tight as
    // a bare count of matches.
    for job in jobs.into_iter().filter(|j| query.matches(*j)) {
        if let Some(c) = after
            && order.cmp(&Key::of(job), &c.key()) != Ordering::Greater
        {
            continue;
        }
        top.offer(job);
    }
    Page::from_matches(top.into_sorted(), query)
}
