//! Job records: the stored `ServiceJob`, its wire form `ServiceJobSummary`, and `JobRecord`,
//! the few fields the rules read, for embedders who keep jobs in their own type.

use crate::error::{Error, JobProblem};
use crate::queue::JobQueue;
use crate::status::JobStatus;
use serde::{Deserialize, Serialize};

/// What the rules read of a job. Implement it for your own job type to run [`evaluate`]
/// without copying jobs into [`ServiceJob`].
///
/// [`evaluate`]: crate::evaluate
pub trait JobRecord {
    /// The ARN of the queue the job belongs to (`arn:aws:batch:REGION:ACCOUNT:job-queue/NAME`).
    fn job_queue(&self) -> &str;
    /// The job ID; unique among the jobs passed to one evaluation (R-JOB-1).
    fn job_id(&self) -> &str;
    /// The job name.
    fn job_name(&self) -> &str;
    /// The current status.
    fn status(&self) -> JobStatus;
    /// Creation time, epoch milliseconds.
    fn created_at(&self) -> i64;
    /// The fair-share identifier, if the job has one.
    fn share_identifier(&self) -> Option<&str>;
    /// The quota share name, if the job has one.
    fn quota_share_name(&self) -> Option<&str>;
}

impl<T: JobRecord + ?Sized> JobRecord for &T {
    fn job_queue(&self) -> &str {
        (**self).job_queue()
    }
    fn job_id(&self) -> &str {
        (**self).job_id()
    }
    fn job_name(&self) -> &str {
        (**self).job_name()
    }
    fn status(&self) -> JobStatus {
        (**self).status()
    }
    fn created_at(&self) -> i64 {
        (**self).created_at()
    }
    fn share_identifier(&self) -> Option<&str> {
        (**self).share_identifier()
    }
    fn quota_share_name(&self) -> Option<&str> {
        (**self).quota_share_name()
    }
}

/// Checks one job record against the rules every stored job obeys (R-JOB-2): `jobQueue` is a
/// job queue ARN (a bare name could never be matched by a request, R-QUEUE-2), `jobId` and
/// `jobName` are not empty, and `createdAt` is not before 1970 (filter bounds start at 0,
/// R-TIME-1).
///
/// # Errors
/// The first member at fault, in that order, naming the job by its `jobId`.
pub fn check_job<J: JobRecord + ?Sized>(job: &J) -> Result<(), Error> {
    let id = job.job_id();
    let queue = job.job_queue();
    if JobQueue::name_of_arn(queue).is_none() {
        let problem = JobProblem::NotAQueueArn(crate::error::echo(queue));
        return Err(Error::invalid_job("jobQueue", id, problem));
    }
    if id.is_empty() {
        return Err(Error::invalid_job("jobId", id, JobProblem::Empty));
    }
    if job.job_name().is_empty() {
        return Err(Error::invalid_job("jobName", id, JobProblem::Empty));
    }
    if job.created_at() < 0 {
        let problem = JobProblem::Negative(job.created_at());
        return Err(Error::invalid_job("createdAt", id, problem));
    }
    Ok(())
}

/// Checks a whole job set, as every loader does before it keeps any of it: each record by
/// [`check_job`], and `jobId`s unique across the set (R-JOB-1).
///
/// # Errors
/// The first record at fault, named by its position (`jobs[3]`) and its `jobId`.
pub fn check_jobs<'a, J, I>(jobs: I) -> Result<(), Error>
where
    J: JobRecord + ?Sized + 'a,
    I: IntoIterator<Item = &'a J>,
{
    let jobs: Vec<&J> = jobs.into_iter().collect();
    let refused = jobs
        .iter()
        .enumerate()
        .find_map(|(at, job)| check_job(*job).err().map(|e| (at, e)));
    let checked = refused.as_ref().map_or(jobs.len(), |(at, _)| *at);
    // Sorted by (jobId, position), a record whose ID came before follows its predecessor of
    // that ID; the first such record in the set follows the ID's first record. A sort rather
    // than a map: no hasher keys to draw, the worst case is n log n whatever the IDs, and it
    // is twice as fast as a BTreeMap at a million jobs, whose lookups each miss the CPU cache.
    let mut by_id: Vec<(&str, usize)> = jobs[..checked]
        .iter()
        .enumerate()
        .map(|(at, job)| (job.job_id(), at))
        .collect();
    by_id.sort_unstable();
    let repeated = by_id
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .map(|pair| (pair[1].1, pair[0].1))
        .min();
    match (repeated, refused) {
        (Some((at, first)), _) => {
            let problem = JobProblem::DuplicateOf(first);
            Err(Error::invalid_job("jobId", jobs[at].job_id(), problem).in_job_set(at))
        }
        (None, Some((at, e))) => Err(e.in_job_set(at)),
        (None, None) => Ok(()),
    }
}

/// The identifier of the resource a service job's latest attempt runs as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceResourceId {
    /// The kind of identifier; `TrainingJobArn` is the only one the model knows.
    pub name: String,
    /// The identifier itself, for example a SageMaker training job ARN.
    pub value: String,
}

/// The latest attempt of a service job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestServiceJobAttempt {
    /// The resource the attempt runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_resource_id: Option<ServiceResourceId>,
}

/// Capacity used by a service job, in some unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceJobCapacityUsage {
    /// The unit, for example an instance type or `NUM_INSTANCES`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_unit: Option<String>,
    /// How much of the unit the job uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A stored service job: every `ServiceJobSummary` member of the newest model plus the queue
/// it belongs to. This is also the format of a job file: a JSON array of these objects.
///
/// `jobQueue`, `jobId`, `jobName`, `status` and `createdAt` are required, since the rules read
/// them (R-JOB-1); `serviceJobType` defaults to `SAGEMAKER_TRAINING`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceJob {
    /// ARN of the job's queue.
    pub job_queue: String,
    /// The job's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_arn: Option<String>,
    /// The job ID.
    pub job_id: String,
    /// The job name.
    pub job_name: String,
    /// The service job type (`SAGEMAKER_TRAINING`).
    #[serde(default = "default_service_job_type")]
    pub service_job_type: String,
    /// Current status.
    pub status: JobStatus,
    /// Why the job is in its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// Creation time, epoch milliseconds.
    pub created_at: i64,
    /// When the job was scheduled, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<i64>,
    /// When the job started, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    /// When the job stopped, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<i64>,
    /// Fair-share identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_identifier: Option<String>,
    /// Quota share name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_share_name: Option<String>,
    /// Capacity in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_usage: Option<Vec<ServiceJobCapacityUsage>>,
    /// The latest attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_attempt: Option<LatestServiceJobAttempt>,
    /// Whether a termination request was accepted; on the wire only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_terminated: bool,
}

fn default_service_job_type() -> String {
    "SAGEMAKER_TRAINING".to_owned()
}

impl ServiceJob {
    /// A job with the members the rules read (R-JOB-1) and nothing else: type
    /// `SAGEMAKER_TRAINING`, every optional member absent. Set the others as fields.
    pub fn new(
        job_queue: impl Into<String>,
        job_id: impl Into<String>,
        job_name: impl Into<String>,
        status: JobStatus,
        created_at: i64,
    ) -> ServiceJob {
        ServiceJob {
            job_queue: job_queue.into(),
            job_arn: None,
            job_id: job_id.into(),
            job_name: job_name.into(),
            service_job_type: default_service_job_type(),
            status,
            status_reason: None,
            created_at,
            scheduled_at: None,
            started_at: None,
            stopped_at: None,
            share_identifier: None,
            quota_share_name: None,
            capacity_usage: None,
            latest_attempt: None,
            is_terminated: false,
        }
    }
}

impl JobRecord for ServiceJob {
    fn job_queue(&self) -> &str {
        &self.job_queue
    }
    fn job_id(&self) -> &str {
        &self.job_id
    }
    fn job_name(&self) -> &str {
        &self.job_name
    }
    fn status(&self) -> JobStatus {
        self.status
    }
    fn created_at(&self) -> i64 {
        self.created_at
    }
    fn share_identifier(&self) -> Option<&str> {
        self.share_identifier.as_deref()
    }
    fn quota_share_name(&self) -> Option<&str> {
        self.quota_share_name.as_deref()
    }
}

/// A job as `ListServiceJobs` returns it (`ServiceJobSummary`). Members without a value are
/// left out when serialized; `isTerminated` appears only when true (R-RESP-1). Members are
/// declared, and so serialized, in the model's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceJobSummary {
    /// The latest attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_attempt: Option<LatestServiceJobAttempt>,
    /// Capacity in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_usage: Option<Vec<ServiceJobCapacityUsage>>,
    /// Creation time, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The job's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_arn: Option<String>,
    /// The job ID.
    pub job_id: String,
    /// The job name.
    pub job_name: String,
    /// When the job was scheduled, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_at: Option<i64>,
    /// The service job type.
    pub service_job_type: String,
    /// Fair-share identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_identifier: Option<String>,
    /// Quota share name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_share_name: Option<String>,
    /// Current status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    /// Why the job is in its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// When the job started, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    /// When the job stopped, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<i64>,
    /// Whether a termination request was accepted; on the wire only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_terminated: bool,
}

impl From<&ServiceJob> for ServiceJobSummary {
    fn from(job: &ServiceJob) -> Self {
        ServiceJobSummary {
            latest_attempt: job.latest_attempt.clone(),
            capacity_usage: job.capacity_usage.clone(),
            created_at: Some(job.created_at),
            job_arn: job.job_arn.clone(),
            job_id: job.job_id.clone(),
            job_name: job.job_name.clone(),
            scheduled_at: job.scheduled_at,
            service_job_type: job.service_job_type.clone(),
            share_identifier: job.share_identifier.clone(),
            quota_share_name: job.quota_share_name.clone(),
            status: Some(job.status),
            status_reason: job.status_reason.clone(),
            started_at: job.started_at,
            stopped_at: job.stopped_at,
            is_terminated: job.is_terminated,
        }
    }
}
