//! batchlist is the executable specification of AWS Batch `ListServiceJobs`: which service
//! jobs a request selects, in which order, and how pages and page tokens work.
//!
//! It is sans-IO: no sockets, files, clock, threads or randomness. The caller passes jobs and
//! a request in and gets a page out, so an emulator, a cache or a test can embed it.
//!
//! ```
//! use batchlist::{list_service_jobs, JobStatus, ListServiceJobsRequest, ServiceJob};
//!
//! let queue = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
//! let job = |id: &str, name: &str, status, created_at| {
//!     ServiceJob::new(queue, id, name, status, created_at)
//! };
//! let jobs = vec![
//!     job("a", "train-1", JobStatus::Running, 1_000),
//!     job("b", "train-2", JobStatus::Running, 2_000),
//!     job("c", "eval-1", JobStatus::Failed, 3_000),
//! ];
//!
//! // No status and no filter: RUNNING jobs only, newest first.
//! let request = ListServiceJobsRequest {
//!     job_queue: Some("training".into()),
//!     max_results: Some(1),
//!     ..Default::default()
//! };
//! let first = list_service_jobs(&jobs, &request)?;
//! assert_eq!(first.job_summary_list[0].job_id, "b");
//!
//! // The token carries on from where the page ended.
//! let request = ListServiceJobsRequest { next_token: first.next_token, ..request };
//! let second = list_service_jobs(&jobs, &request)?;
//! assert_eq!(second.job_summary_list[0].job_id, "a");
//! assert_eq!(second.next_token, None);
//! # Ok::<(), batchlist::Error>(())
//! ```
//!
//! # Scope
//! The rules follow the AWS Batch API model (botocore 1.44.8, with `QUOTA_SHARE_NAME`) and
//! the observed behaviour of the service. Where AWS does not say, batchlist chooses, and
//! writes each choice with its reason in `spec/README.md` under a rule ID (`R-STATUS-2`, ...)
//! that the code and the tests cite.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod eval;
mod filter;
mod index;
mod job;
mod name;
mod order;
mod paginator;
mod query;
mod queue;
mod status;
#[cfg(feature = "synthetic")]
mod synth;
mod token;
mod wire;

pub use error::{Error, echo};
pub use eval::{Page, evaluate};
pub use filter::{FILTER_NAMES, Filter, JobNamePattern};
pub use index::JobIndex;
pub use job::{
    JobRecord, LatestServiceJobAttempt, ServiceJob, ServiceJobCapacityUsage, ServiceJobSummary,
    ServiceResourceId, check_job, check_jobs,
};
pub use name::fold_job_name;
pub use paginator::{
    FullResult, PageRequest, PaginationConfig, PaginationError, Paginator, ResumeToken, paginate,
};
pub use query::{MAX_RESULTS_LIMIT, Query};
pub use queue::JobQueue;
pub use status::JobStatus;
#[cfg(feature = "synthetic")]
pub use synth::{SYNTHETIC_EPOCH_MS, SyntheticJobs};
pub use token::{Cursor, NextToken, TOKEN_VERSION};
pub use wire::{
    KeyValuesPair, ListServiceJobsRequest, ListServiceJobsResponse, decode_request, request_body,
};

/// Validates a request and reads its token: the two steps before [`evaluate`].
///
/// # Errors
/// The first invalid member (R-REQ-2), `nextToken` last.
pub fn parse_request(request: &ListServiceJobsRequest) -> Result<(Query, Option<Cursor>), Error> {
    let query = Query::from_request(request)?;
    let cursor = match &request.next_token {
        Some(token) => Some(Cursor::from_token(token, &query)?),
        None => None,
    };
    Ok((query, cursor))
}

/// Answers a `ListServiceJobs` request over `jobs`, the whole operation in one call:
/// validate, read the token, evaluate, and build the wire response.
///
/// # Errors
/// As [`parse_request`].
pub fn list_service_jobs<'a, J, I>(
    jobs: I,
    request: &ListServiceJobsRequest,
) -> Result<ListServiceJobsResponse, Error>
where
    J: JobRecord + 'a,
    I: IntoIterator<Item = &'a J>,
    ServiceJobSummary: for<'x> From<&'x J>,
{
    let (query, cursor) = parse_request(request)?;
    Ok(evaluate(jobs, &query, cursor.as_ref()).to_response())
}

/// The README's examples are compiled and run as doctests, so they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
