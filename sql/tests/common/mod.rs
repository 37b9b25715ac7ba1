//! What the sql tests share: throwaway stores of each database, and random job sets.
#![allow(dead_code)]

use batchlist::{
    Filter, JobNamePattern, JobQueue, JobStatus, LatestServiceJobAttempt, Query, ServiceJob,
    ServiceJobCapacityUsage,
};
use batchlist_sql::Store;
use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    format!(
        "{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh folder under the system temp folder, removed by the caller or left for the OS.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("batchlist-sql-test-{}", unique()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A new SQLite store in a fresh folder.
pub fn sqlite() -> Store {
    let path = temp_dir().join("jobs.db");
    Store::open_sqlite(&path).expect("a new SQLite database opens")
}

/// The test PostgreSQL server's URL: `None` (with a note) when none is configured, unless
/// `BATCHLIST_REQUIRE_POSTGRES=1`, when a missing server fails the test: CI cannot skip.
pub fn postgres_url() -> Option<String> {
    match std::env::var("BATCHLIST_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("BATCHLIST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!(
                    "BATCHLIST_REQUIRE_POSTGRES=1 but BATCHLIST_TEST_POSTGRES_URL is not set: \
                     start one with `eval \"$(bash .ci/postgres.sh start)\"`"
                );
            }
            eprintln!(
                "note: PostgreSQL tests skipped: set BATCHLIST_TEST_POSTGRES_URL (see \
                 .ci/postgres.sh)"
            );
            None
        }
    }
}

/// A URL for a new, empty schema of the test server, so that tests running at once do not
/// see each other's jobs.
pub fn postgres_schema_url() -> Option<String> {
    let url = postgres_url()?;
    let schema = format!("t_{}", unique());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("the test PostgreSQL server at {url} is unreachable: {e}"));
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("create a test schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-c%20search_path%3D{schema}"))
}

/// A new PostgreSQL store in its own schema, or `None` when no server is configured.
pub fn postgres() -> Option<Store> {
    let url = postgres_schema_url()?;
    Some(Store::open_postgres(&url).expect("the test schema opens"))
}

/// Every store available here: SQLite always, PostgreSQL when configured.
pub fn stores() -> Vec<Store> {
    let mut all = vec![sqlite()];
    all.extend(postgres());
    all
}

pub const QUEUES: [&str; 4] = [
    "arn:aws:batch:us-east-1:123456789012:job-queue/q",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/q",
    "arn:aws:batch:us-east-1:210987654321:job-queue/r",
    "arn:aws:batch:us-east-1:123456789012:job-queue/q_1",
];

/// Name pieces that stress folding and byte order: both cases, LIKE's `%` and `_`, `*`,
/// non-ASCII (not folded), the largest character and, where the store can hold it, NUL.
pub fn name_piece(nul: bool) -> impl Strategy<Value = &'static str> {
    const PIECES: [&str; 14] = [
        "a",
        "A",
        "b",
        "B",
        "-",
        "%",
        "_",
        "*",
        "é",
        "É",
        "z",
        "\u{10FFFF}",
        "\u{7f}",
        "\0", // last, so a store that cannot hold it takes the rest
    ];
    let pieces: &'static [&'static str] = if nul {
        &PIECES
    } else {
        &PIECES[..PIECES.len() - 1]
    };
    proptest::sample::select(pieces)
}

pub fn name(nul: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(name_piece(nul), 1..4).prop_map(|p| p.concat())
}

pub fn status() -> impl Strategy<Value = JobStatus> {
    proptest::sample::select(JobStatus::ALL.to_vec())
}

pub fn share() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(proptest::sample::select(vec!["s1", "S1", "s2"]).prop_map(String::from))
}

/// One job; `id` makes its `jobId` unique in a set.
pub fn job(nul: bool) -> impl Strategy<Value = ServiceJob> {
    (
        proptest::sample::select(QUEUES.to_vec()),
        name(nul),
        status(),
        0i64..12,
        share(),
        share(),
        proptest::option::of(-1e300f64..1e300),
        proptest::sample::select(vec!["a", "B", "%", "_", "é", ""]),
    )
        .prop_map(
            |(queue, name, status, created, share, quota, quantity, id_tail)| {
                let mut job = ServiceJob::new(queue, id_tail, name, status, created);
                job.share_identifier = share;
                job.quota_share_name = quota.map(|q| q.replace('s', "g"));
                job.capacity_usage = quantity.map(|q| {
                    vec![ServiceJobCapacityUsage {
                        capacity_unit: Some("NUM_INSTANCES".into()),
                        quantity: Some(q),
                    }]
                });
                if status == JobStatus::Failed {
                    job.is_terminated = true;
                    job.latest_attempt = Some(LatestServiceJobAttempt {
                        service_resource_id: None,
                    });
                }
                job
            },
        )
}

/// A job set with unique IDs: each job's ID is its position and its random tail.
pub fn jobs(nul: bool, max: usize) -> impl Strategy<Value = Vec<ServiceJob>> {
    proptest::collection::vec(job(nul), 0..max).prop_map(|mut jobs| {
        for (i, job) in jobs.iter_mut().enumerate() {
            job.job_id = format!("{}{}", i % 7, job.job_id) + &"x".repeat(i / 7);
        }
        jobs
    })
}

/// A query: a queue by name or ARN (some matching no job), a status or none, and a filter
/// or none, its value near the jobs' values.
pub fn query(nul: bool) -> impl Strategy<Value = Query> {
    let queue = proptest::sample::select(vec![
        "q",
        "r",
        "q_1",
        "zz",
        QUEUES[0],
        QUEUES[1],
        QUEUES[2],
        "arn:aws:batch:us-east-1:123456789012:job-queue/zz",
    ]);
    let filter = prop_oneof![
        Just(None),
        (name(nul), any::<bool>(), any::<bool>()).prop_map(|(n, star, cut)| {
            let mut value: String = if cut { n.chars().take(1).collect() } else { n };
            if star {
                value.push('*');
            }
            Some(Filter::JobName(JobNamePattern::new(&value)))
        }),
        Just(Some(Filter::JobName(JobNamePattern::new("*")))),
        (0i64..13).prop_map(|t| Some(Filter::BeforeCreatedAt(t))),
        (0i64..13).prop_map(|t| Some(Filter::AfterCreatedAt(t))),
        share().prop_map(|s| Some(Filter::ShareIdentifier(s.unwrap_or_default()))),
        share().prop_map(|s| Some(Filter::QuotaShareName(
            s.unwrap_or_default().replace('s', "g")
        ))),
    ];
    (queue, proptest::option::of(status()), filter, 1i64..6).prop_map(
        |(queue, status, filter, max)| {
            Query::new(JobQueue::parse(queue).unwrap(), status, filter)
                .with_max_results(max)
                .unwrap()
        },
    )
}
