//! `Query`: a validated `ListServiceJobs` request, minus its page position.

use crate::error::{Error, ErrorKind};
use crate::filter::{Filter, FilterKind};
use crate::job::JobRecord;
use crate::order::Order;
use crate::queue::JobQueue;
use crate::status::JobStatus;
use crate::wire::ListServiceJobsRequest;

/// The default and largest page size (R-PAGE-1).
pub const MAX_RESULTS_LIMIT: u8 = 100;

/// What a request asks for: a queue, the statuses that apply, at most one filter, and a page
/// size. Built from a wire request by [`Query::from_request`], which validates it, or in code
/// by [`Query::new`]. The page position travels separately, as a [`Cursor`](crate::Cursor).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    queue: JobQueue,
    /// The status a job must have, after R-STATUS-2, R-FILTER-5 and R-FILTER-6; `None` means
    /// any status.
    status: Option<JobStatus>,
    filter: Option<Filter>,
    max_results: u8,
}

impl Query {
    /// A query over `queue` with the request's `jobStatus` and filter, applying the status
    /// rules once, here:
    /// - no filter: the given status, or `RUNNING` when none is given (R-STATUS-2, R-STATUS-3);
    /// - `JOB_NAME`, `BEFORE_CREATED_AT`, `AFTER_CREATED_AT`: the status is ignored and every
    ///   status matches (R-FILTER-5);
    /// - `SHARE_IDENTIFIER`, `QUOTA_SHARE_NAME`: the given status applies, and with none given
    ///   every status matches (R-FILTER-6).
    ///
    /// The page size starts at 100 (R-PAGE-1).
    pub fn new(queue: JobQueue, status: Option<JobStatus>, filter: Option<Filter>) -> Query {
        let status = match &filter {
            None => Some(status.unwrap_or(JobStatus::Running)),
            Some(f) if f.combines_with_status() => status,
            Some(_) => None,
        };
        Query {
            queue,
            status,
            filter,
            max_results: MAX_RESULTS_LIMIT,
        }
    }

    /// Sets the page size.
    ///
    /// # Errors
    /// A size outside 1 to 100 (R-PAGE-1).
    pub fn with_max_results(mut self, max_results: i64) -> Result<Query, Error> {
        match u8::try_from(max_results) {
            Ok(n @ 1..=MAX_RESULTS_LIMIT) => {
                self.max_results = n;
                Ok(self)
            }
            _ => Err(Error::new(ErrorKind::MaxResultsOutOfRange(
                max_results.to_string(),
            ))),
        }
    }

    /// Validates a wire request, member by member in this order: `jobQueue`, `jobStatus`,
    /// `maxResults`, `filters` (R-REQ-2). `nextToken` is read against the query afterwards by
    /// [`Cursor::from_token`](crate::Cursor::from_token).
    ///
    /// # Errors
    /// The first invalid member, as a `ClientException` naming it.
    pub fn from_request(request: &ListServiceJobsRequest) -> Result<Query, Error> {
        let queue = match &request.job_queue {
            None => return Err(Error::new(ErrorKind::MissingJobQueue)),
            Some(q) => JobQueue::parse(q)?,
        };
        let status = match &request.job_status {
            None => None,
            Some(s) => Some(JobStatus::from_wire(s).ok_or_else(|| Error::invalid_job_status(s))?),
        };
        let max_results = request.max_results.unwrap_or(i64::from(MAX_RESULTS_LIMIT));
        // Range is checked before filters so the error order is fixed (R-REQ-2).
        let checked = Query::new(queue.clone(), None, None).with_max_results(max_results)?;
        let filter = match request.filters.as_deref() {
            None | Some([]) => None, // an empty list is no filter (R-FILTER-4)
            Some([only]) => {
                let name = only
                    .name
                    .as_deref()
                    .ok_or(Error::new(ErrorKind::MissingFilterName(0)))?;
                // The name is judged before the values (R-REQ-2).
                let kind = FilterKind::parse(0, name)?;
                let value = match only.values.as_deref() {
                    None | Some([]) => return Err(Error::new(ErrorKind::NoFilterValue(0))),
                    Some([value]) => value,
                    Some(_) => return Err(Error::new(ErrorKind::TooManyFilterValues)),
                };
                Some(kind.with_value(0, value)?)
            }
            Some(_) => return Err(Error::new(ErrorKind::TooManyFilters)),
        };
        Ok(Query {
            max_results: checked.max_results,
            ..Query::new(queue, status, filter)
        })
    }

    /// The queue.
    pub fn queue(&self) -> &JobQueue {
        &self.queue
    }

    /// The status a job must have, or `None` when any status matches (after the status
    /// rules of [`Query::new`]).
    pub fn status(&self) -> Option<JobStatus> {
        self.status
    }

    /// The filter, if any.
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// The page size, 1 to 100.
    pub fn max_results(&self) -> usize {
        usize::from(self.max_results)
    }

    /// Whether a job is in this query's result, regardless of page.
    #[inline]
    pub fn matches<J: JobRecord + ?Sized>(&self, job: &J) -> bool {
        self.status.is_none_or(|s| job.status() == s)
            && self.filter.as_ref().is_none_or(|f| f.matches(job))
            && self.queue.matches(job.job_queue())
    }

    /// Compares two jobs as this query's results are ordered: `Less` when `a` is listed
    /// before `b` (R-ORDER-1, R-ORDER-2). For oracles and baselines that sort.
    pub fn cmp_jobs<J: JobRecord + ?Sized>(&self, a: &J, b: &J) -> std::cmp::Ordering {
        self.order().cmp_jobs(a, b)
    }

    /// Whether results are grouped by job name (a `JOB_NAME` filter, R-ORDER-2): ordered by
    /// [`fold_job_name`](crate::fold_job_name) ascending, the exact name ascending, then
    /// newest first. Otherwise they are newest first: `createdAt` descending, then `jobId`
    /// ascending (R-ORDER-1). Text compares by bytes.
    pub fn groups_by_name(&self) -> bool {
        self.order() == Order::NameGroups
    }

    /// The order of this query's results: grouped by name for `JOB_NAME` (R-ORDER-2), else
    /// newest first (R-ORDER-1).
    pub(crate) fn order(&self) -> Order {
        match self.filter {
            Some(Filter::JobName(_)) => Order::NameGroups,
            _ => Order::Newest,
        }
    }

    /// Canonical text of what the query selects, without the page size: two queries with the
    /// same text select the same jobs in the same order, so a page token may pass between
    /// them (R-TOKEN-1).
    pub(crate) fn canonical(&self) -> String {
        let status = self.status.map_or("*", JobStatus::as_str);
        let filter = match &self.filter {
            Some(f) => format!("{}={}", f.name(), f.canonical_value()),
            None => String::new(),
        };
        format!(
            "queue={}\nstatus={status}\nfilter={filter}\n",
            self.queue.as_str()
        )
    }
}
