//! Every query kind is an index range scan with no sort step, first page and deep pages
//! alike: the test reads the database's own plan (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL
//! `EXPLAIN`) of each compiled statement and fails on a full table scan or a sort.
//!
//! PostgreSQL chooses plans by cost, and on a small table a sequential scan and a sort are
//! cheapest; so its session runs with `enable_seqscan`, `enable_bitmapscan` and `enable_sort`
//! off, which leaves a scan or sort in the plan only when no index can do without it. The
//! plans PostgreSQL chooses freely at 1M rows are in `sql/README.md`.

mod common;

use batchlist::{
    Cursor, Filter, JobNamePattern, JobQueue, JobStatus, Query, ServiceJob, SyntheticJobs,
};
use batchlist_sql::Store;

const ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";

/// Each query kind: a name, and the query.
fn kinds() -> Vec<(&'static str, Query)> {
    let by_name = || JobQueue::parse("training").unwrap();
    let by_arn = || JobQueue::parse(ARN).unwrap();
    let name = |v: &str| Some(Filter::JobName(JobNamePattern::new(v)));
    vec![
        (
            "default status (RUNNING)",
            Query::new(by_name(), None, None),
        ),
        (
            "status by ARN",
            Query::new(by_arn(), Some(JobStatus::Succeeded), None),
        ),
        (
            "JOB_NAME exact",
            Query::new(by_name(), None, name("TRAIN-LLM-7b-1")),
        ),
        (
            "JOB_NAME prefix",
            Query::new(by_name(), None, name("train-llm*")),
        ),
        ("JOB_NAME *", Query::new(by_arn(), None, name("*"))),
        (
            "BEFORE_CREATED_AT",
            Query::new(
                by_name(),
                None,
                Some(Filter::BeforeCreatedAt(1_767_225_900_000)),
            ),
        ),
        (
            "AFTER_CREATED_AT",
            Query::new(
                by_name(),
                None,
                Some(Filter::AfterCreatedAt(1_767_225_700_000)),
            ),
        ),
        (
            "SHARE_IDENTIFIER with status",
            Query::new(
                by_name(),
                Some(JobStatus::Failed),
                Some(Filter::ShareIdentifier("teamA".into())),
            ),
        ),
        (
            "SHARE_IDENTIFIER, any status",
            Query::new(
                by_name(),
                None,
                Some(Filter::ShareIdentifier("teamA".into())),
            ),
        ),
        (
            "QUOTA_SHARE_NAME with status",
            Query::new(
                by_arn(),
                Some(JobStatus::Succeeded),
                Some(Filter::QuotaShareName("gold".into())),
            ),
        ),
        (
            "QUOTA_SHARE_NAME, any status",
            Query::new(by_name(), None, Some(Filter::QuotaShareName("gold".into()))),
        ),
    ]
}

fn jobs() -> Vec<ServiceJob> {
    SyntheticJobs::new(3_000, 7).collect()
}

/// Checks the plan of every kind, on its first page and after a cursor (a job in the middle
/// of the set); returns the plans, for a failure message or a look.
fn check(store: &Store, bad: &dyn Fn(&str) -> bool, good: &dyn Fn(&str) -> bool) {
    let jobs = jobs();
    store.replace_all(&jobs).unwrap();
    let mut failures = Vec::new();
    for (kind, query) in kinds() {
        let middle = &jobs[jobs.len() / 2];
        let cursor = Cursor::after(&query, middle);
        for (page, cursor) in [("first page", None), ("after a cursor", Some(&cursor))] {
            let st = store.statement(&query, cursor);
            let plan = store.explain(&st.sql, &st.params).unwrap();
            let text = plan.join("\n");
            if plan.iter().any(|line| bad(line)) || !plan.iter().any(|line| good(line)) {
                failures.push(format!("{kind}, {page}:\n{}\n{text}", st.sql));
            } else {
                eprintln!("{kind}, {page}: {}", text.replace('\n', " | "));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} on {}: plans with a full scan or a sort:\n\n{}",
        failures.len(),
        store.describe(),
        failures.join("\n\n")
    );
}

#[test]
fn every_sqlite_query_kind_is_an_index_range_scan_without_a_sort() {
    let store = common::sqlite();
    check(
        &store,
        // `SCAN` is a full pass (of the table or of a whole index); a sort needs a temp b-tree.
        &|line| line.contains("SCAN") || line.contains("TEMP B-TREE"),
        &|line| line.starts_with("SEARCH service_jobs USING INDEX service_jobs_"),
    );
}

#[test]
fn every_postgres_query_kind_is_an_index_range_scan_without_a_sort() {
    let Some(url) = common::postgres_schema_url() else {
        return;
    };
    let url = format!(
        "{url}%20-c%20enable_seqscan%3Doff%20-c%20enable_bitmapscan%3Doff%20-c%20enable_sort%3Doff"
    );
    let store = Store::open_postgres(&url).unwrap();
    check(
        &store,
        &|line| line.contains("Seq Scan") || line.contains("Sort") || line.contains("Bitmap"),
        &|line| line.contains("Index Scan using service_jobs_"),
    );
}

#[test]
fn the_plan_test_sees_a_sort_when_no_index_gives_the_order() {
    // The checker itself can fail: a statement ordered against every index needs a sort.
    let store = common::sqlite();
    store.replace_all(&jobs()).unwrap();
    let plan = store
        .explain(
            "SELECT job FROM service_jobs WHERE queue_name = ?1 ORDER BY job_id DESC, created_at",
            &[batchlist_sql::Param::Text("training".into())],
        )
        .unwrap();
    assert!(plan.iter().any(|l| l.contains("TEMP B-TREE")), "{plan:?}");
}
