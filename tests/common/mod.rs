//! Shared helpers for the integration tests: building jobs and requests tersely.
#![allow(dead_code)] // each test binary uses a different part

use batchlist::{JobStatus, KeyValuesPair, ListServiceJobsRequest, ServiceJob};

pub const TRAINING_ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
pub const TRAINING_EU_ARN: &str = "arn:aws:batch:eu-west-1:123456789012:job-queue/training";
pub const RESEARCH_ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/research";

/// A job in the `training` queue (us-east-1) with only the members the rules read.
pub fn job(id: &str, name: &str, status: JobStatus, created_at: i64) -> ServiceJob {
    ServiceJob::new(TRAINING_ARN, id, name, status, created_at)
}

pub fn in_queue(mut j: ServiceJob, queue_arn: &str) -> ServiceJob {
    j.job_queue = queue_arn.into();
    j
}

pub fn with_share(mut j: ServiceJob, share: &str) -> ServiceJob {
    j.share_identifier = Some(share.into());
    j
}

pub fn with_quota(mut j: ServiceJob, quota: &str) -> ServiceJob {
    j.quota_share_name = Some(quota.into());
    j
}

/// A request for the `training` queue by name.
pub fn request() -> ListServiceJobsRequest {
    ListServiceJobsRequest {
        job_queue: Some("training".into()),
        ..Default::default()
    }
}

pub fn with_status(mut r: ListServiceJobsRequest, status: &str) -> ListServiceJobsRequest {
    r.job_status = Some(status.into());
    r
}

pub fn with_filter(
    mut r: ListServiceJobsRequest,
    name: &str,
    value: &str,
) -> ListServiceJobsRequest {
    r.filters = Some(vec![KeyValuesPair::new(name, value)]);
    r
}

pub fn with_max(mut r: ListServiceJobsRequest, max: i64) -> ListServiceJobsRequest {
    r.max_results = Some(max);
    r
}

/// Decodes a JSON body the way an endpoint does.
pub fn decode(body: &str) -> Result<ListServiceJobsRequest, batchlist::Error> {
    let mut de = serde_json::Deserializer::from_str(body);
    let request = batchlist::decode_request(&mut de)?;
    de.end().map_err(batchlist::Error::malformed_body)?;
    Ok(request)
}
