//! `JobIndex` against `evaluate`, the definition: for random jobs, queries and cursors, and
//! after random inserts, status changes, updates and removals, both give the same page (the
//! same jobs in the same order) and the same token.

use batchlist::{Cursor, Filter, JobIndex, JobQueue, JobStatus, Query, ServiceJob, evaluate};
use proptest::prelude::*;

const QUEUES: [&str; 3] = [
    "arn:aws:batch:us-east-1:123456789012:job-queue/training",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
    "arn:aws:batch:us-east-1:123456789012:job-queue/research",
];
// Case variants and shared prefixes, so name groups and prefix filters have work.
const NAMES: [&str; 7] = [
    "train", "Train", "train-1", "TRAIN-1", "eval", "t", "trainz",
];
const SHARES: [&str; 2] = ["teamA", "teamB"];

fn job(
    id: u16,
    queue: usize,
    name: usize,
    status: usize,
    created_at: i64,
    share: Option<usize>,
    quota: Option<usize>,
) -> ServiceJob {
    ServiceJob {
        job_queue: QUEUES[queue].to_owned(),
        job_arn: None,
        job_id: format!("id-{id:03}"),
        job_name: NAMES[name].to_owned(),
        service_job_type: "SAGEMAKER_TRAINING".to_owned(),
        status: JobStatus::ALL[status],
        status_reason: None,
        created_at,
        scheduled_at: None,
        started_at: None,
        stopped_at: None,
        share_identifier: share.map(|s| SHARES[s].to_owned()),
        quota_share_name: quota.map(|s| SHARES[s].to_owned()),
        capacity_usage: None,
        latest_attempt: None,
        is_terminated: false,
    }
}

/// Jobs with IDs from a small range (so inserts also replace) and few distinct creation
/// times (so ties fall to the job ID).
fn arb_job() -> impl Strategy<Value = ServiceJob> {
    (
        0u16..60,
        0..QUEUES.len(),
        0..NAMES.len(),
        0..JobStatus::ALL.len(),
        0i64..12,
        proptest::option::of(0..SHARES.len()),
        proptest::option::of(0..SHARES.len()),
    )
        .prop_map(|(id, q, n, s, c, sh, qu)| job(id, q, n, s, c, sh, qu))
}

fn arb_query() -> impl Strategy<Value = Query> {
    let queue = prop_oneof![
        Just("training".to_owned()),
        Just("research".to_owned()),
        Just("nothing".to_owned()),
        (0..QUEUES.len()).prop_map(|q| QUEUES[q].to_owned()),
    ];
    let status = proptest::option::of((0..JobStatus::ALL.len()).prop_map(|s| JobStatus::ALL[s]));
    let filter = proptest::option::of(prop_oneof![
        prop::sample::select(vec![
            "train", "TRAIN-1", "tr*", "Train*", "*", "x*", "t", "t*"
        ])
        .prop_map(|v| Filter::new("JOB_NAME", v).unwrap()),
        (0i64..13).prop_map(|t| Filter::new("BEFORE_CREATED_AT", &t.to_string()).unwrap()),
        (0i64..13).prop_map(|t| Filter::new("AFTER_CREATED_AT", &t.to_string()).unwrap()),
        prop::sample::select(vec!["teamA", "teamB", "none"]).prop_map(|v| Filter::new(
            "SHARE_IDENTIFIER",
            v
        )
        .unwrap()),
        prop::sample::select(vec!["teamA", "teamB", "none"]).prop_map(|v| Filter::new(
            "QUOTA_SHARE_NAME",
            v
        )
        .unwrap()),
    ]);
    (queue, status, filter, 1i64..6).prop_map(|(q, s, f, m)| {
        Query::new(JobQueue::parse(&q).unwrap(), s, f)
            .with_max_results(m)
            .unwrap()
    })
}

#[derive(Debug, Clone)]
enum Op {
    Insert(Box<ServiceJob>),
    SetStatus(u16, usize),
    Touch(u16, i64, usize),
    Remove(u16),
}

fn arb_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        arb_job().prop_map(|j| Op::Insert(Box::new(j))),
        (0u16..60, 0..JobStatus::ALL.len()).prop_map(|(i, s)| Op::SetStatus(i, s)),
        (0u16..60, 0i64..12, 0..NAMES.len()).prop_map(|(i, c, n)| Op::Touch(i, c, n)),
        (0u16..60).prop_map(Op::Remove),
    ]
}

fn apply(index: &mut JobIndex<ServiceJob>, op: &Op) {
    match op {
        Op::Insert(j) => {
            index.insert((**j).clone());
        }
        Op::SetStatus(i, s) => {
            index.set_status(&format!("id-{i:03}"), JobStatus::ALL[*s]);
        }
        Op::Touch(i, c, n) => {
            index.update(&format!("id-{i:03}"), |j| {
                j.created_at = *c;
                j.job_name = NAMES[*n].to_owned();
            });
        }
        Op::Remove(i) => {
            index.remove(&format!("id-{i:03}"));
        }
    }
}

fn ids(page: &batchlist::Page<'_, ServiceJob>) -> Vec<String> {
    page.jobs().iter().map(|j| j.job_id.clone()).collect()
}

/// Index and definition agree from `cursor`; returns the next cursor.
fn agree(
    index: &JobIndex<ServiceJob>,
    query: &Query,
    cursor: Option<&Cursor>,
) -> Result<Option<Cursor>, TestCaseError> {
    let want = evaluate(index.jobs(), query, cursor);
    let got = index.evaluate(query, cursor);
    prop_assert_eq!(
        ids(&got),
        ids(&want),
        "query {:?} cursor {:?}",
        query,
        cursor
    );
    prop_assert_eq!(got.next_token(), want.next_token());
    Ok(got
        .next_token()
        .map(|t| Cursor::from_token(t.as_str(), query).unwrap()))
}

/// Walks every page, comparing each, and checks the walk holds every match once.
fn walk(index: &JobIndex<ServiceJob>, query: &Query) -> Result<(), TestCaseError> {
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = index.evaluate(query, cursor.as_ref());
        seen += page.jobs().len();
        let next = agree(index, query, cursor.as_ref())?;
        match next {
            Some(c) => cursor = Some(c),
            None => break,
        }
        prop_assert!(seen <= index.len());
    }
    prop_assert_eq!(seen, index.jobs().filter(|j| query.matches(*j)).count());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn index_pages_and_tokens_equal_evaluate(
        jobs in prop::collection::vec(arb_job(), 0..80),
        ops in prop::collection::vec(arb_op(), 0..40),
        queries in prop::collection::vec(arb_query(), 1..6),
        anchors in prop::collection::vec(arb_job(), 1..4),
    ) {
        let mut index: JobIndex<ServiceJob> = jobs.iter().cloned().collect();
        // Built in bulk or one insert at a time: the same index.
        let mut one_by_one = JobIndex::new();
        for j in &jobs {
            one_by_one.insert(j.clone());
        }
        for query in &queries {
            walk(&index, query)?;
            walk(&one_by_one, query)?;
        }
        for op in &ops {
            apply(&mut index, op);
            for query in &queries {
                agree(&index, query, None)?;
            }
        }
        prop_assert_eq!(index.len(), index.jobs().count());
        for query in &queries {
            walk(&index, query)?;
            // Cursors at any key: present jobs, absent jobs, jobs that do not match.
            for anchor in anchors.iter().chain(index.jobs().take(5)) {
                agree(&index, query, Some(&Cursor::after(query, anchor)))?;
            }
        }
    }

    #[test]
    fn get_and_len_follow_updates(
        jobs in prop::collection::vec(arb_job(), 0..60),
        ops in prop::collection::vec(arb_op(), 0..60),
    ) {
        let mut index: JobIndex<ServiceJob> = jobs.iter().cloned().collect();
        let mut model: std::collections::BTreeMap<String, ServiceJob> =
            jobs.into_iter().map(|j| (j.job_id.clone(), j)).collect();
        for op in &ops {
            apply(&mut index, op);
            match op {
                Op::Insert(j) => { model.insert(j.job_id.clone(), (**j).clone()); }
                Op::SetStatus(i, s) => {
                    if let Some(j) = model.get_mut(&format!("id-{i:03}")) {
                        j.status = JobStatus::ALL[*s];
                    }
                }
                Op::Touch(i, c, n) => {
                    if let Some(j) = model.get_mut(&format!("id-{i:03}")) {
                        j.created_at = *c;
                        j.job_name = NAMES[*n].to_owned();
                    }
                }
                Op::Remove(i) => { model.remove(&format!("id-{i:03}")); }
            }
        }
        prop_assert_eq!(index.len(), model.len());
        for (id, j) in &model {
            prop_assert_eq!(index.get(id), Some(j));
        }
        prop_assert_eq!(index.get("absent"), None);
    }
}

/// Large enough that lists span many blocks, so splits, merges and cross-block seeks run.
#[cfg(feature = "synthetic")]
#[test]
fn many_blocks_with_churn() {
    let jobs: Vec<ServiceJob> = batchlist::SyntheticJobs::new(6_000, 3).collect();
    let mut index: JobIndex<ServiceJob> = jobs.iter().cloned().collect();
    let queries: Vec<Query> = [
        (None, None),
        (Some(JobStatus::Succeeded), None),
        (None, Some(Filter::new("JOB_NAME", "train*").unwrap())),
        (
            None,
            Some(Filter::new("AFTER_CREATED_AT", "1767226000000").unwrap()),
        ),
        (
            None,
            Some(Filter::new("SHARE_IDENTIFIER", "teamA").unwrap()),
        ),
    ]
    .into_iter()
    .map(|(s, f)| {
        Query::new(JobQueue::parse("training").unwrap(), s, f)
            .with_max_results(20)
            .unwrap()
    })
    .collect();
    // Churn: finish, remove and add jobs across the whole set.
    for (i, j) in jobs.iter().enumerate().step_by(3) {
        match i % 4 {
            0 => assert!(index.set_status(&j.job_id, JobStatus::Failed)),
            1 => assert!(index.remove(&j.job_id).is_some()),
            _ => {
                let mut copy = j.clone();
                copy.job_id.push_str("-again");
                assert!(index.insert(copy).is_none());
            }
        }
    }
    for query in &queries {
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let want = evaluate(index.jobs(), query, cursor.as_ref());
            let got = index.evaluate(query, cursor.as_ref());
            assert_eq!(ids(&got), ids(&want), "{query:?} page {pages}");
            assert_eq!(got.next_token(), want.next_token());
            pages += 1;
            match got.next_token() {
                Some(t) => cursor = Some(Cursor::from_token(t.as_str(), query).unwrap()),
                None => break,
            }
        }
        assert!(pages > 1, "{query:?} should span pages");
    }
}
