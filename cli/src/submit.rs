//! `SubmitServiceJob`: checks a request body as AWS documents it and makes the new job.

use batchlist::{JobQueue, JobStatus, ServiceJob};
use serde_json::{Map, Value};

/// A valid `SubmitServiceJob` request, reduced to what the job record keeps.
#[derive(Debug, PartialEq)]
pub struct Submission {
    pub job_name: String,
    pub job_queue: JobQueue,
    pub share_identifier: Option<String>,
    pub quota_share_name: Option<String>,
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a non-integer number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn string_member<'a>(
    body: &'a Map<String, Value>,
    name: &str,
    required: bool,
) -> Result<Option<&'a str>, String> {
    match body.get(name) {
        None | Some(Value::Null) if required => Err(format!("{name} is required.")),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "Invalid {name}: expected a string, found {}.",
            kind(other)
        )),
    }
}

fn integer_in(value: &Value, path: &str, low: i64, high: i64) -> Result<(), String> {
    match value.as_i64() {
        Some(n) if (low..=high).contains(&n) => Ok(()),
        Some(n) => Err(format!(
            "Invalid {path} {n}: expected an integer from {low} to {high}."
        )),
        None if value.is_u64() => Err(format!(
            "Invalid {path} {value}: expected an integer from {low} to {high}."
        )),
        None => Err(format!(
            "Invalid {path}: expected an integer from {low} to {high}, found {}.",
            kind(value)
        )),
    }
}

fn is_job_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks a request body member by member, in the model's order: `jobName`, `jobQueue`,
/// `retryStrategy`, `schedulingPriority`, `serviceRequestPayload`, `serviceJobType`,
/// `shareIdentifier`, `quotaShareName`. Members batchlist does not model (tags, timeouts,
/// preemption, clientToken) are accepted and not kept.
pub fn validate(body: &Value) -> Result<Submission, String> {
    let Value::Object(body) = body else {
        return Err(format!(
            "The request body must be a JSON object, found {}.",
            kind(body)
        ));
    };
    let job_name = string_member(body, "jobName", true)?.unwrap_or_default();
    if !is_job_name(job_name) {
        let shown: String = job_name.chars().take(64).collect();
        return Err(format!(
            "Invalid jobName '{shown}': expected 1 to 128 letters, numbers, hyphens and \
             underscores."
        ));
    }
    let queue = string_member(body, "jobQueue", true)?.unwrap_or_default();
    let job_queue = JobQueue::parse(queue).map_err(|e| e.to_string())?;
    match body.get("retryStrategy") {
        None | Some(Value::Null) => {}
        Some(Value::Object(strategy)) => match strategy.get("attempts") {
            None | Some(Value::Null) => {
                return Err("retryStrategy.attempts is required.".to_owned());
            }
            Some(attempts) => integer_in(attempts, "retryStrategy.attempts", 1, 10)?,
        },
        Some(other) => {
            return Err(format!(
                "Invalid retryStrategy: expected an object, found {}.",
                kind(other)
            ));
        }
    }
    if let Some(priority) = body.get("schedulingPriority").filter(|v| !v.is_null()) {
        integer_in(priority, "schedulingPriority", 0, 9999)?;
    }
    string_member(body, "serviceRequestPayload", true)?;
    let job_type = string_member(body, "serviceJobType", true)?.unwrap_or_default();
    if job_type != "SAGEMAKER_TRAINING" {
        let shown: String = job_type.chars().take(64).collect();
        return Err(format!(
            "Invalid serviceJobType '{shown}': expected SAGEMAKER_TRAINING."
        ));
    }
    Ok(Submission {
        job_name: job_name.to_owned(),
        job_queue,
        share_identifier: string_member(body, "shareIdentifier", false)?.map(str::to_owned),
        quota_share_name: string_member(body, "quotaShareName", false)?.map(str::to_owned),
    })
}

/// The job a valid submission creates in queue `queue_arn`: SUBMITTED, created `now_ms`.
pub fn new_job(submission: Submission, queue_arn: &str, job_id: String, now_ms: i64) -> ServiceJob {
    // arn:aws:batch:REGION:ACCOUNT:job-queue/NAME -> arn:aws:batch:REGION:ACCOUNT
    let prefix = queue_arn
        .split_once(":job-queue/")
        .map_or(queue_arn, |(prefix, _)| prefix);
    ServiceJob {
        job_queue: queue_arn.to_owned(),
        job_arn: Some(format!("{prefix}:service-job/{job_id}")),
        job_id,
        job_name: submission.job_name,
        service_job_type: "SAGEMAKER_TRAINING".to_owned(),
        status: JobStatus::Submitted,
        status_reason: None,
        created_at: now_ms,
        scheduled_at: None,
        started_at: None,
        stopped_at: None,
        share_identifier: submission.share_identifier,
        quota_share_name: submission.quota_share_name,
        capacity_usage: None,
        latest_attempt: None,
        is_terminated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "jobName": "train-1",
            "jobQueue": "training",
            "serviceRequestPayload": "{}",
            "serviceJobType": "SAGEMAKER_TRAINING",
        })
    }

    fn with(member: &str, value: Value) -> Value {
        let mut body = valid();
        body[member] = value;
        body
    }

    #[test]
    fn accepts_a_minimal_request() {
        let s = validate(&valid()).unwrap();
        assert_eq!(
            (s.job_name.as_str(), s.job_queue.name()),
            ("train-1", "training")
        );
    }

    #[test]
    fn names_the_member_at_fault() {
        let mut missing = valid();
        missing.as_object_mut().unwrap().remove("serviceJobType");
        assert_eq!(
            validate(&missing).unwrap_err(),
            "serviceJobType is required."
        );
        assert_eq!(
            validate(&with("jobName", json!("bad name"))).unwrap_err(),
            "Invalid jobName 'bad name': expected 1 to 128 letters, numbers, hyphens and \
             underscores."
        );
        assert!(validate(&with("jobName", json!("a".repeat(129)))).is_err());
        assert!(validate(&with("jobName", json!("a".repeat(128)))).is_ok());
        assert_eq!(
            validate(&with("schedulingPriority", json!(10000))).unwrap_err(),
            "Invalid schedulingPriority 10000: expected an integer from 0 to 9999."
        );
        assert!(validate(&with("schedulingPriority", json!(9999))).is_ok());
        assert_eq!(
            validate(&with("retryStrategy", json!({"attempts": 11}))).unwrap_err(),
            "Invalid retryStrategy.attempts 11: expected an integer from 1 to 10."
        );
        assert_eq!(
            validate(&with("retryStrategy", json!({}))).unwrap_err(),
            "retryStrategy.attempts is required."
        );
        assert_eq!(
            validate(&with("serviceJobType", json!("ECS"))).unwrap_err(),
            "Invalid serviceJobType 'ECS': expected SAGEMAKER_TRAINING."
        );
        assert_eq!(
            validate(&with("serviceRequestPayload", json!(1))).unwrap_err(),
            "Invalid serviceRequestPayload: expected a string, found an integer."
        );
        assert!(validate(&json!([])).is_err());
    }

    #[test]
    fn the_job_arn_follows_the_queue() {
        let s = validate(&valid()).unwrap();
        let job = new_job(
            s,
            "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
            "id-1".into(),
            5,
        );
        assert_eq!(
            job.job_arn.as_deref(),
            Some("arn:aws:batch:eu-west-1:123456789012:service-job/id-1")
        );
        assert_eq!((job.status, job.created_at), (JobStatus::Submitted, 5));
    }
}
