//! Embedders keep their own job type: `JobRecord` is all `evaluate` needs, and pages borrow
//! the caller's jobs instead of copying them.

use batchlist::{
    Cursor, Filter, JobQueue, JobRecord, JobStatus, Query, ServiceJobSummary, evaluate,
};
use std::collections::HashMap;

/// An emulator's own job record, with fields batchlist does not know about.
struct EmulatorJob {
    queue: String,
    id: String,
    name: String,
    state: JobStatus,
    submitted_ms: i64,
    share: Option<String>,
    payload: Vec<u8>,
}

impl JobRecord for EmulatorJob {
    fn job_queue(&self) -> &str {
        &self.queue
    }
    fn job_id(&self) -> &str {
        &self.id
    }
    fn job_name(&self) -> &str {
        &self.name
    }
    fn status(&self) -> JobStatus {
        self.state
    }
    fn created_at(&self) -> i64 {
        self.submitted_ms
    }
    fn share_identifier(&self) -> Option<&str> {
        self.share.as_deref()
    }
    fn quota_share_name(&self) -> Option<&str> {
        None
    }
}

impl From<&EmulatorJob> for ServiceJobSummary {
    fn from(j: &EmulatorJob) -> Self {
        ServiceJobSummary {
            latest_attempt: None,
            capacity_usage: None,
            created_at: Some(j.submitted_ms),
            job_arn: None,
            job_id: j.id.clone(),
            job_name: j.name.clone(),
            scheduled_at: None,
            service_job_type: "SAGEMAKER_TRAINING".into(),
            share_identifier: j.share.clone(),
            quota_share_name: None,
            status: Some(j.state),
            status_reason: None,
            started_at: None,
            stopped_at: None,
            is_terminated: false,
        }
    }
}

fn jobs() -> HashMap<String, EmulatorJob> {
    (0..30)
        .map(|i| {
            let job = EmulatorJob {
                queue: "arn:aws:batch:us-east-1:123456789012:job-queue/q".into(),
                id: format!("id-{i:02}"),
                name: format!("train-{}", i % 4),
                state: if i % 3 == 0 {
                    JobStatus::Failed
                } else {
                    JobStatus::Running
                },
                submitted_ms: 1_000 + i,
                share: Some(if i % 2 == 0 { "even" } else { "odd" }.into()),
                payload: vec![0; 16],
            };
            (job.id.clone(), job)
        })
        .collect()
}

#[test]
fn evaluate_borrows_the_embedders_jobs_from_any_collection() {
    let store = jobs();
    let queue = JobQueue::parse("q").unwrap();
    let query = Query::new(queue, Some(JobStatus::Failed), None)
        .with_max_results(3)
        .unwrap();
    let page = evaluate(store.values(), &query, None);
    let ids: Vec<&str> = page.jobs().iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["id-27", "id-24", "id-21"]);
    // The page holds references into the store, not copies.
    assert!(std::ptr::eq(page.jobs()[0], &store["id-27"]));
    assert_eq!(page.jobs()[0].payload.len(), 16);

    let cursor = Cursor::from_token(page.next_token().unwrap().as_str(), &query).unwrap();
    let next = evaluate(store.values(), &query, Some(&cursor));
    let ids: Vec<&str> = next.jobs().iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["id-18", "id-15", "id-12"]);
}

#[test]
fn query_built_in_code_follows_the_same_rules() {
    let store = jobs();
    let queue = JobQueue::parse("arn:aws:batch:us-east-1:123456789012:job-queue/q").unwrap();
    // R-FILTER-6: the share filter keeps the status; R-FILTER-5: JOB_NAME drops it.
    let share = Query::new(
        queue.clone(),
        Some(JobStatus::Failed),
        Some(Filter::new("SHARE_IDENTIFIER", "odd").unwrap()),
    );
    assert_eq!(share.status(), Some(JobStatus::Failed));
    let page = evaluate(store.values(), &share, None);
    assert!(
        page.jobs()
            .iter()
            .all(|j| j.state == JobStatus::Failed && j.share.as_deref() == Some("odd"))
    );
    assert_eq!(page.jobs().len(), 5);
    let by_name = Query::new(
        queue,
        Some(JobStatus::Failed),
        Some(Filter::new("JOB_NAME", "TRAIN-1").unwrap()),
    );
    assert_eq!(by_name.status(), None);
    let response = evaluate(store.values(), &by_name, None).to_response();
    assert_eq!(response.job_summary_list.len(), 8);
    assert!(
        response
            .job_summary_list
            .iter()
            .all(|j| j.job_name == "train-1")
    );
}
