//! R-TOKEN-3: the token bytes are exactly those of spec/token-format.md. The encoder here is
//! written from that document, not from the crate, and one token is pinned as text.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use batchlist::{JobStatus, ListServiceJobsRequest, ServiceJob, list_service_jobs};
use common::*;

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The token of spec/token-format.md for a query's canonical text and the last job's key.
fn documented_token(
    canonical: &str,
    grouped: bool,
    created_at: i64,
    id: &str,
    name: &str,
) -> String {
    let mut p = vec![1u8];
    p.extend_from_slice(&fnv1a(canonical.as_bytes()).to_be_bytes());
    p.push(u8::from(grouped));
    p.extend_from_slice(&created_at.to_be_bytes());
    p.extend_from_slice(&(id.len() as u32).to_be_bytes());
    p.extend_from_slice(id.as_bytes());
    if grouped {
        p.extend_from_slice(&(name.len() as u32).to_be_bytes());
        p.extend_from_slice(name.as_bytes());
    }
    let sum = fnv1a(&p);
    p.extend_from_slice(&sum.to_be_bytes());
    URL_SAFE_NO_PAD.encode(p)
}

fn first_token(jobs: &[ServiceJob], r: ListServiceJobsRequest) -> String {
    list_service_jobs(jobs, &with_max(r, 1))
        .unwrap()
        .next_token
        .unwrap()
}

fn two_jobs() -> Vec<ServiceJob> {
    vec![
        job(
            "6a1e0f43-0000-4000-8000-000000000001",
            "Train-7",
            JobStatus::Running,
            1_767_225_600_123,
        ),
        job(
            "6a1e0f43-0000-4000-8000-000000000002",
            "train-7",
            JobStatus::Running,
            1_767_225_600_000,
        ),
    ]
}

#[test]
fn r_token_3_default_query_token_follows_the_document() {
    let token = first_token(&two_jobs(), request());
    let expected = documented_token(
        "queue=training\nstatus=RUNNING\nfilter=\n",
        false,
        1_767_225_600_123,
        "6a1e0f43-0000-4000-8000-000000000001",
        "",
    );
    assert_eq!(token, expected);
    // Pinned text: if this changes, the format changed, and TOKEN_VERSION must change too.
    assert_eq!(
        token,
        "AaaqhnJydnq4AAAAAZt22qh7AAAAJDZhMWUwZjQzLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMcKotGfOjYro"
    );
}

#[test]
fn r_token_3_grouped_query_token_carries_the_name() {
    let token = first_token(
        &two_jobs(),
        with_status(with_filter(request(), "JOB_NAME", "TRAIN*"), "FAILED"),
    );
    let expected = documented_token(
        "queue=training\nstatus=*\nfilter=JOB_NAME=train*\n",
        true,
        1_767_225_600_123,
        "6a1e0f43-0000-4000-8000-000000000001",
        "Train-7",
    );
    assert_eq!(token, expected);
}

#[test]
fn r_token_3_canonical_values_of_every_filter() {
    let jobs = vec![
        with_quota(
            with_share(job("b", "x", JobStatus::Failed, 20), "teamA"),
            "gold",
        ),
        with_quota(
            with_share(job("a", "x", JobStatus::Failed, 10), "teamA"),
            "gold",
        ),
    ];
    let cases = [
        (
            with_filter(request(), "BEFORE_CREATED_AT", "00042"),
            "queue=training\nstatus=*\nfilter=BEFORE_CREATED_AT=42\n",
        ),
        (
            with_filter(request(), "AFTER_CREATED_AT", "5"),
            "queue=training\nstatus=*\nfilter=AFTER_CREATED_AT=5\n",
        ),
        (
            with_filter(request(), "SHARE_IDENTIFIER", "teamA"),
            "queue=training\nstatus=*\nfilter=SHARE_IDENTIFIER=teamA\n",
        ),
        (
            with_status(with_filter(request(), "QUOTA_SHARE_NAME", "gold"), "FAILED"),
            "queue=training\nstatus=FAILED\nfilter=QUOTA_SHARE_NAME=gold\n",
        ),
        (
            ListServiceJobsRequest {
                job_queue: Some(TRAINING_ARN.into()),
                ..with_status(request(), "FAILED")
            },
            "queue=arn:aws:batch:us-east-1:123456789012:job-queue/training\nstatus=FAILED\nfilter=\n",
        ),
    ];
    for (r, canonical) in cases {
        let token = first_token(&jobs, r);
        assert_eq!(
            token,
            documented_token(canonical, false, 20, "b", ""),
            "{canonical}"
        );
    }
}

#[test]
fn r_token_2_other_version_is_named() {
    let token = documented_token(
        "queue=training\nstatus=RUNNING\nfilter=\n",
        false,
        1,
        "a",
        "",
    );
    let mut payload = URL_SAFE_NO_PAD.decode(token).unwrap();
    payload[0] = 2;
    let n = payload.len() - 8;
    let sum = fnv1a(&payload[..n]);
    payload[n..].copy_from_slice(&sum.to_be_bytes());
    let r = ListServiceJobsRequest {
        next_token: Some(URL_SAFE_NO_PAD.encode(payload)),
        ..request()
    };
    assert_eq!(
        list_service_jobs(&two_jobs(), &r).unwrap_err().to_string(),
        "Invalid nextToken: the token was made by token format version 2, which this server does not read."
    );
}

#[test]
fn r_token_2_well_formed_token_with_bad_structure_is_malformed() {
    // Valid checksum, but a field is cut short: refused as malformed, never read past its end.
    let mut p = vec![1u8];
    p.extend_from_slice(&fnv1a(b"queue=training\nstatus=RUNNING\nfilter=\n").to_be_bytes());
    p.push(0);
    p.extend_from_slice(&5i64.to_be_bytes());
    p.extend_from_slice(&u32::MAX.to_be_bytes()); // claims a 4 GiB job id
    let sum = fnv1a(&p);
    p.extend_from_slice(&sum.to_be_bytes());
    let r = ListServiceJobsRequest {
        next_token: Some(URL_SAFE_NO_PAD.encode(p)),
        ..request()
    };
    assert!(
        list_service_jobs(&two_jobs(), &r)
            .unwrap_err()
            .to_string()
            .contains("malformed"),
    );
}
