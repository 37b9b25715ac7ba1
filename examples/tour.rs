//! A tour of the ListServiceJobs rules over a small bundled job set: a few requests, each
//! answered by the core, printed as the wire would carry them.
//!
//! Run with `cargo run --example tour`.

use batchlist::{ListServiceJobsRequest, ServiceJob, decode_request, list_service_jobs};

const JOBS: &str = include_str!("jobs.json");

/// Requests as they would arrive on the wire, each with the rule it shows.
const REQUESTS: [(&str, &str); 8] = [
    (
        "R-STATUS-2: no status, no filter: RUNNING only",
        r#"{"jobQueue": "training"}"#,
    ),
    (
        "R-STATUS-3: one status",
        r#"{"jobQueue": "training", "jobStatus": "RUNNABLE"}"#,
    ),
    (
        "R-NAME-2, R-ORDER-2: name prefix, any status, grouped by name",
        r#"{"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["TRAIN-RESNET*"]}]}"#,
    ),
    (
        "R-FILTER-6: share identifier combined with a status",
        r#"{"jobQueue": "training", "jobStatus": "RUNNING", "filters": [{"name": "SHARE_IDENTIFIER", "values": ["teamA"]}]}"#,
    ),
    (
        "R-TIME-3: created strictly after a time, newest first",
        r#"{"jobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/research", "filters": [{"name": "AFTER_CREATED_AT", "values": ["1767225690000"]}]}"#,
    ),
    (
        "R-PAGE-1, R-PAGE-2: a page of two, with a token",
        r#"{"jobQueue": "training", "jobStatus": "RUNNING", "maxResults": 2}"#,
    ),
    (
        "R-FILTER-1: two filters are refused",
        r#"{"jobQueue": "training", "filters": [{"name": "JOB_NAME", "values": ["a"]}, {"name": "JOB_NAME", "values": ["b"]}]}"#,
    ),
    (
        "R-PAGE-1: maxResults out of range",
        r#"{"jobQueue": "training", "maxResults": 101}"#,
    ),
];

fn main() {
    let jobs: Vec<ServiceJob> = serde_json::from_str(JOBS).expect("the bundled job set is valid");
    println!("{} jobs in examples/jobs.json\n", jobs.len());
    for (what, body) in REQUESTS {
        println!("## {what}\n> {body}");
        let mut de = serde_json::Deserializer::from_str(body);
        let answer = decode_request(&mut de)
            .and_then(|r: ListServiceJobsRequest| list_service_jobs(&jobs, &r));
        match answer {
            Ok(response) => {
                for job in &response.job_summary_list {
                    println!(
                        "  {:<16} {:<10} createdAt {}",
                        job.job_name,
                        job.status.map_or("-", |s| s.as_str()),
                        job.created_at.unwrap_or_default()
                    );
                }
                if let Some(token) = &response.next_token {
                    println!("  nextToken {token}");
                }
            }
            Err(e) => println!("  {} (HTTP {}): {e}", e.error_type(), e.http_status()),
        }
        println!();
    }
}
