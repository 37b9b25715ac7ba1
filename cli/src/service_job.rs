//! `DescribeServiceJob` and `TerminateServiceJob`: their requests as botocore's model
//! defines them, the description of a job, and what termination does (R-TERM-1..5).

use batchlist::{JobStatus, LatestServiceJobAttempt, ServiceJob, ServiceJobCapacityUsage};
use serde::Serialize;
use serde_json::Value;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The required string members `names` of a request body, in that order; unknown members
/// are ignored, as for every operation (R-REQ-1).
fn required_strings<'a, const N: usize>(
    body: &'a Value,
    names: [&str; N],
) -> Result<[&'a str; N], String> {
    let Value::Object(members) = body else {
        return Err(format!(
            "The request body must be a JSON object, found {}.",
            kind(body)
        ));
    };
    let mut out = [""; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = match members.get(name) {
            None | Some(Value::Null) => return Err(format!("{name} is required.")),
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(format!(
                    "Invalid {name}: expected a string, found {}.",
                    kind(other)
                ));
            }
        };
    }
    Ok(out)
}

/// `DescribeServiceJobRequest`: `jobId`, required.
pub fn describe_request(body: &Value) -> Result<String, String> {
    let [job_id] = required_strings(body, ["jobId"])?;
    Ok(job_id.to_owned())
}

/// `TerminateServiceJobRequest`: `jobId` and `reason`, both required (checked in that order).
pub fn terminate_request(body: &Value) -> Result<(String, String), String> {
    let [job_id, reason] = required_strings(body, ["jobId", "reason"])?;
    Ok((job_id.to_owned(), reason.to_owned()))
}

/// The `ClientException` message for a `jobId` no job has.
pub fn unknown_job(job_id: &str) -> String {
    format!(
        "Invalid jobId '{}': no service job has that ID.",
        batchlist::echo(job_id)
    )
}

/// `DescribeServiceJobResponse` for the members a job record holds, in the model's member
/// order (so the bytes are deterministic). Members batchlist does not keep (`attempts`,
/// `retryStrategy`, `schedulingPriority`, `serviceRequestPayload`, `tags`, `timeoutConfig`,
/// the preemption members) are left out, as members without a value are (R-TERM-4).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeServiceJobResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    capacity_usage: Option<&'a Vec<ServiceJobCapacityUsage>>,
    created_at: i64,
    is_terminated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_arn: Option<&'a str>,
    job_id: &'a str,
    job_name: &'a str,
    job_queue: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_attempt: Option<&'a LatestServiceJobAttempt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_at: Option<i64>,
    service_job_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    share_identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota_share_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<i64>,
    status: JobStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_at: Option<i64>,
}

impl<'a> From<&'a ServiceJob> for DescribeServiceJobResponse<'a> {
    fn from(job: &'a ServiceJob) -> Self {
        DescribeServiceJobResponse {
            capacity_usage: job.capacity_usage.as_ref(),
            created_at: job.created_at,
            is_terminated: job.is_terminated,
            job_arn: job.job_arn.as_deref(),
            job_id: &job.job_id,
            job_name: &job.job_name,
            job_queue: &job.job_queue,
            latest_attempt: job.latest_attempt.as_ref(),
            scheduled_at: job.scheduled_at,
            service_job_type: &job.service_job_type,
            share_identifier: job.share_identifier.as_deref(),
            quota_share_name: job.quota_share_name.as_deref(),
            started_at: job.started_at,
            status: job.status,
            status_reason: job.status_reason.as_deref(),
            stopped_at: job.stopped_at,
        }
    }
}

/// Whether a job has finished: `SUCCEEDED` or `FAILED`.
fn is_finished(status: JobStatus) -> bool {
    matches!(status, JobStatus::Succeeded | JobStatus::Failed)
}

/// What `TerminateServiceJob` does to a job at time `now_ms` (R-TERM-1..3): a job that has
/// not finished becomes `FAILED`, `isTerminated`, with `reason` as its `statusReason` and
/// `stoppedAt` now (never before its creation or start); a finished job is left as it is.
pub fn terminate(job: &mut ServiceJob, reason: &str, now_ms: i64) {
    if is_finished(job.status) {
        return;
    }
    job.status = JobStatus::Failed;
    job.is_terminated = true;
    job.status_reason = Some(reason.to_owned());
    let not_before = job.started_at.unwrap_or(job.created_at).max(job.created_at);
    job.stopped_at = Some(now_ms.max(not_before));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const Q: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/q";

    fn job(status: JobStatus) -> ServiceJob {
        ServiceJob::new(Q, "a", "train", status, 1_000)
    }

    #[test]
    fn r_term_1_a_job_that_has_not_finished_fails_as_terminated() {
        for status in [
            JobStatus::Submitted,
            JobStatus::Pending,
            JobStatus::Runnable,
            JobStatus::Scheduled,
            JobStatus::Starting,
            JobStatus::Running,
        ] {
            let mut j = job(status);
            terminate(&mut j, "no longer needed", 5_000);
            assert_eq!(j.status, JobStatus::Failed, "{status:?}");
            assert!(j.is_terminated);
            assert_eq!(j.status_reason.as_deref(), Some("no longer needed"));
            assert_eq!(j.stopped_at, Some(5_000));
            assert_eq!(j.started_at, None);
        }
    }

    #[test]
    fn r_term_2_a_finished_job_is_left_as_it_is() {
        for status in [JobStatus::Succeeded, JobStatus::Failed] {
            let mut j = job(status);
            j.status_reason = Some("done".into());
            j.stopped_at = Some(2_000);
            let before = j.clone();
            terminate(&mut j, "too late", 5_000);
            assert_eq!(j, before);
        }
    }

    #[test]
    fn r_term_3_stopped_at_is_never_before_the_job_was_created_or_started() {
        let mut j = job(JobStatus::Running);
        j.started_at = Some(3_000);
        terminate(&mut j, "r", 10);
        assert_eq!(j.stopped_at, Some(3_000));
        let mut j = job(JobStatus::Submitted);
        terminate(&mut j, "r", 10);
        assert_eq!(j.stopped_at, Some(1_000));
    }

    #[test]
    fn r_term_5_requests_name_the_member_at_fault() {
        assert_eq!(describe_request(&json!({"jobId": "a"})).unwrap(), "a");
        assert_eq!(
            describe_request(&json!({})).unwrap_err(),
            "jobId is required."
        );
        assert_eq!(
            describe_request(&json!({"jobId": 5})).unwrap_err(),
            "Invalid jobId: expected a string, found a number."
        );
        assert_eq!(
            describe_request(&json!([1])).unwrap_err(),
            "The request body must be a JSON object, found a list."
        );
        assert_eq!(
            terminate_request(&json!({"jobId": "a"})).unwrap_err(),
            "reason is required."
        );
        assert_eq!(
            terminate_request(&json!({"reason": "r"})).unwrap_err(),
            "jobId is required."
        );
        assert_eq!(
            terminate_request(&json!({"jobId": "a", "reason": "r", "extra": 1})).unwrap(),
            ("a".to_owned(), "r".to_owned())
        );
        assert_eq!(
            unknown_job(&"x".repeat(70)),
            format!(
                "Invalid jobId '{}...': no service job has that ID.",
                "x".repeat(64)
            )
        );
    }

    #[test]
    fn r_term_4_a_description_lists_members_in_the_models_order() {
        let mut j = job(JobStatus::Running);
        j.job_arn = Some("arn:aws:batch:us-east-1:123456789012:service-job/a".into());
        j.started_at = Some(2_000);
        let text = serde_json::to_string(&DescribeServiceJobResponse::from(&j)).unwrap();
        assert_eq!(
            text,
            r#"{"createdAt":1000,"isTerminated":false,"jobArn":"arn:aws:batch:us-east-1:123456789012:service-job/a","jobId":"a","jobName":"train","jobQueue":"arn:aws:batch:us-east-1:123456789012:job-queue/q","serviceJobType":"SAGEMAKER_TRAINING","startedAt":2000,"status":"RUNNING"}"#
        );
    }
}
