//! The stores give exactly `evaluate`'s pages and tokens: for random job sets and queries,
//! over whole walks, and with jobs added and removed between pages (R-PAGE-3). SQLite always;
//! PostgreSQL when `BATCHLIST_TEST_POSTGRES_URL` is set.

mod common;

use batchlist::{Cursor, ListServiceJobsResponse, Query, ServiceJob, evaluate};
use batchlist_sql::Store;
use common::{job, jobs, query};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The core's answer, as a wire response.
fn expected(
    jobs: &[ServiceJob],
    query: &Query,
    cursor: Option<&Cursor>,
) -> ListServiceJobsResponse {
    evaluate(jobs, query, cursor).to_response()
}

/// Walks `query` to its end on the store and on the core side by side, applying `change`
/// to both between pages; fails on the first page or token that differs.
fn walk(
    store: &Store,
    jobs: &mut Vec<ServiceJob>,
    query: &Query,
    mut change: impl FnMut(usize, &Store, &mut Vec<ServiceJob>),
) -> Result<usize, TestCaseError> {
    let mut cursor: Option<Cursor> = None;
    for page in 0.. {
        let want = expected(jobs, query, cursor.as_ref());
        let got = store
            .page(query, cursor.as_ref())
            .map_err(|e| TestCaseError::fail(format!("{}: {e}", store.describe())))?;
        prop_assert_eq!(
            &got,
            &want,
            "page {} of {:?} on {}",
            page,
            query,
            store.describe()
        );
        // Byte-identical on the wire, not only equal as values.
        prop_assert_eq!(
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
        let Some(token) = got.next_token else {
            return Ok(page + 1);
        };
        cursor = Some(Cursor::from_token(&token, query).expect("our own token reads back"));
        change(page, store, jobs);
    }
    unreachable!()
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn check_stores(cases: u32, nul: bool, max_jobs: usize, store: Store) {
    let mut runner = runner(cases);
    let strategy = (
        jobs(nul, max_jobs),
        proptest::collection::vec(query(nul), 1..6),
    );
    runner
        .run(&strategy, |(mut jobs, queries)| {
            store.replace_all(&jobs).expect("a checked job set loads");
            for q in &queries {
                walk(&store, &mut jobs, q, |_, _, _| {})?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn sqlite_walks_give_evaluates_pages_and_tokens() {
    check_stores(96, true, 40, common::sqlite());
}

#[test]
fn postgres_walks_give_evaluates_pages_and_tokens() {
    // PostgreSQL text cannot hold NUL: its jobs have none, its queries may.
    let Some(store) = common::postgres() else {
        return;
    };
    check_stores(64, false, 40, store);
}

#[test]
fn postgres_queries_with_nul_match_as_evaluate_does() {
    let Some(store) = common::postgres() else {
        return;
    };
    let mut runner = runner(48);
    let strategy = (
        jobs(false, 30),
        proptest::collection::vec(query(true), 1..6),
    );
    runner
        .run(&strategy, |(mut jobs, queries)| {
            store.replace_all(&jobs).unwrap();
            for q in &queries {
                walk(&store, &mut jobs, q, |_, _, _| {})?;
            }
            Ok(())
        })
        .unwrap();
}

/// Between pages, one job is added (a new ID) or removed, on both sides; the pages must stay
/// equal, which is R-PAGE-3's promise carried to the database.
fn check_changing_walks(store: Store, nul: bool) {
    let mut runner = runner(48);
    let strategy = (
        jobs(nul, 30),
        query(nul),
        proptest::collection::vec((job(nul), any::<bool>(), any::<prop::sample::Index>()), 8),
    );
    runner
        .run(&strategy, |(mut jobs, q, changes)| {
            store.replace_all(&jobs).unwrap();
            let mut fresh = 0;
            walk(&store, &mut jobs, &q, |page, store, jobs| {
                let (new, remove, which) = &changes[page % changes.len()];
                if *remove && !jobs.is_empty() {
                    let gone = jobs.remove(which.index(jobs.len()));
                    let removed = store.remove(&gone.job_id).unwrap();
                    assert_eq!(removed.as_ref(), Some(&gone));
                } else {
                    let mut new = new.clone();
                    new.job_id = format!("new-{fresh}{}", new.job_id);
                    fresh += 1;
                    store.insert(&new).unwrap();
                    jobs.push(new);
                }
            })?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn sqlite_pages_stay_evaluates_while_jobs_come_and_go() {
    check_changing_walks(common::sqlite(), true);
}

#[test]
fn postgres_pages_stay_evaluates_while_jobs_come_and_go() {
    if let Some(store) = common::postgres() {
        check_changing_walks(store, false);
    }
}

#[test]
fn a_status_change_moves_a_job_between_listings_as_in_memory() {
    for store in common::stores() {
        let mut runner = runner(24);
        let strategy = (
            jobs(false, 25),
            query(false),
            any::<prop::sample::Index>(),
            common::status(),
        );
        runner
            .run(&strategy, |(mut jobs, q, which, status)| {
                store.replace_all(&jobs).unwrap();
                if !jobs.is_empty() {
                    let i = which.index(jobs.len());
                    jobs[i].status = status;
                    prop_assert!(store.set_status(&jobs[i].job_id, status).unwrap());
                    let stored = store.get(&jobs[i].job_id).unwrap();
                    prop_assert_eq!(stored.as_ref(), Some(&jobs[i]));
                }
                walk(&store, &mut jobs, &q, |_, _, _| {})?;
                Ok(())
            })
            .unwrap();
    }
}
