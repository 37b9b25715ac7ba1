//! A job as a row: the columns the rules read, computed by the core's own functions, beside
//! the whole job as JSON; and a page of rows back into the core's response.

use crate::error::Error;
use batchlist::{
    JobQueue, ListServiceJobsResponse, Page, Query, ServiceJob, check_job, fold_job_name,
};

/// The values of one `service_jobs` row.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    /// `job_id`.
    pub job_id: String,
    /// `queue_arn`: the job's `jobQueue`.
    pub queue_arn: String,
    /// `queue_name`: [`JobQueue::name_of_arn`] of the ARN (R-QUEUE-2).
    pub queue_name: String,
    /// `job_name`.
    pub job_name: String,
    /// `folded_name`: [`fold_job_name`] of the name (R-NAME-1, R-ORDER-2).
    pub folded_name: String,
    /// `status`, as the wire spells it.
    pub status: &'static str,
    /// `created_at`, epoch milliseconds.
    pub created_at: i64,
    /// `share_identifier`.
    pub share_identifier: Option<String>,
    /// `quota_share_name`.
    pub quota_share_name: Option<String>,
    /// `job`: the whole job as JSON, read back for responses.
    pub job: String,
}

impl JobRow {
    /// The row of `job`, after the record rules every loader applies (R-JOB-1, R-JOB-2).
    ///
    /// # Errors
    /// A record [`batchlist::check_job`] refuses.
    pub fn of(job: &ServiceJob) -> Result<JobRow, Error> {
        check_job(job)?;
        Ok(JobRow::of_checked(job))
    }

    /// The row of a job [`check_job`] accepted.
    pub(crate) fn of_checked(job: &ServiceJob) -> JobRow {
        let queue_name = JobQueue::name_of_arn(&job.job_queue)
            .expect("check_job accepts only job queue ARNs")
            .to_owned();
        JobRow {
            job_id: job.job_id.clone(),
            queue_arn: job.job_queue.clone(),
            queue_name,
            job_name: job.job_name.clone(),
            folded_name: fold_job_name(&job.job_name),
            status: job.status.as_str(),
            created_at: job.created_at,
            share_identifier: job.share_identifier.clone(),
            quota_share_name: job.quota_share_name.clone(),
            job: serde_json::to_string(job).expect("a ServiceJob always serializes"),
        }
    }
}

/// Reads the `job` column back.
pub(crate) fn job_of_json(json: &str) -> Result<ServiceJob, Error> {
    serde_json::from_str(json).map_err(|e| {
        Error::Backend(format!(
            "a stored job is not a valid job record ({e}); was the job column written by \
             another program?"
        ))
    })
}

/// The response for the rows of a listing statement (at most `maxResults + 1` jobs, in
/// result order): the page, and a token exactly when a further row came back (R-PAGE-2),
/// made by the core from the last job kept (R-PAGE-3), as `evaluate` makes it.
pub fn page_response(query: &Query, jobs: Vec<ServiceJob>) -> ListServiceJobsResponse {
    Page::from_matches(jobs.iter().collect(), query).to_response()
}
