//! Properties of `evaluate`, checked against a naive oracle written here from spec/README.md
//! without using the crate's matching or ordering code.

mod common;

use batchlist::{
    Cursor, JobStatus, KeyValuesPair, ListServiceJobsRequest, ServiceJob, list_service_jobs,
    parse_request,
};
use common::job;
use proptest::prelude::*;
use std::cmp::Reverse;
use std::collections::HashSet;

const QUEUES: [&str; 3] = [
    "arn:aws:batch:us-east-1:123456789012:job-queue/training",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
    "arn:aws:batch:us-east-1:123456789012:job-queue/research",
];
const NAMES: [&str; 8] = [
    "train", "Train", "train-1", "TRAIN-10", "eval", "tr*in", "t", "Eval-2",
];
const PATTERNS: [&str; 9] = [
    "train", "TRAIN*", "train-1*", "*", "eval*", "tr*in", "t*", "x", "Train-10",
];
const SHARES: [&str; 2] = ["teamA", "teamB"];

#[derive(Debug, Clone)]
struct Spec {
    queue: usize, // 0: name "training", 1: ARN of QUEUES[1], 2: name "research"
    status: Option<JobStatus>,
    filter: Option<(usize, String)>, // index into FILTERS, value
    max: i64,
}

const FILTERS: [&str; 5] = [
    "JOB_NAME",
    "BEFORE_CREATED_AT",
    "AFTER_CREATED_AT",
    "SHARE_IDENTIFIER",
    "QUOTA_SHARE_NAME",
];

fn any_status() -> impl Strategy<Value = JobStatus> {
    prop::sample::select(JobStatus::ALL.to_vec())
}

/// Jobs with unique IDs and many collisions in everything else.
fn jobs_strategy(max_len: usize) -> impl Strategy<Value = Vec<ServiceJob>> {
    prop::collection::vec(
        (
            0..3usize,
            0..NAMES.len(),
            any_status(),
            0..12i64,
            0..3usize,
            0..3usize,
            0..1000u32,
        ),
        0..max_len,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (q, n, s, t, share, quota, salt))| {
                // Unique IDs whose byte order is unrelated to generation order.
                let mut j = job(&format!("{salt:03}-{i}"), NAMES[n], s, t);
                j.job_queue = QUEUES[q].into();
                j.share_identifier = SHARES.get(share).map(|s| s.to_string());
                j.quota_share_name = ["gold", "silver"].get(quota).map(|s| s.to_string());
                j
            })
            .collect()
    })
}

fn spec_strategy() -> impl Strategy<Value = Spec> {
    let filter = prop_oneof![
        Just(None),
        prop::sample::select(PATTERNS.to_vec()).prop_map(|p| Some((0, p.to_string()))),
        (1..3usize, 0..14i64).prop_map(|(f, t)| Some((f, t.to_string()))),
        prop::sample::select(vec!["teamA", "teamB", "teamC"]).prop_map(|s| Some((3, s.into()))),
        prop::sample::select(vec!["gold", "silver"]).prop_map(|s| Some((4, s.into()))),
    ];
    (0..3usize, prop::option::of(any_status()), filter, 1..8i64).prop_map(
        |(queue, status, filter, max)| Spec {
            queue,
            status,
            filter,
            max,
        },
    )
}

fn wire(spec: &Spec) -> ListServiceJobsRequest {
    ListServiceJobsRequest {
        job_queue: Some(["training", QUEUES[1], "research"][spec.queue].into()),
        job_status: spec.status.map(|s| s.as_str().into()),
        max_results: Some(spec.max),
        next_token: None,
        filters: spec
            .filter
            .as_ref()
            .map(|(f, v)| vec![KeyValuesPair::new(FILTERS[*f], v.clone())]),
    }
}

/// The spec, read naively: filter every job, then sort everything.
fn oracle(jobs: &[ServiceJob], spec: &Spec) -> Vec<String> {
    let queue_ok = |j: &ServiceJob| match spec.queue {
        0 => j.job_queue.ends_with(":job-queue/training"),
        1 => j.job_queue == QUEUES[1],
        _ => j.job_queue.ends_with(":job-queue/research"),
    };
    let status_ok = |j: &ServiceJob| match (&spec.filter, spec.status) {
        (None, s) => j.status == s.unwrap_or(JobStatus::Running), // R-STATUS-2/3
        (Some((3 | 4, _)), Some(s)) => j.status == s,             // R-FILTER-6
        _ => true,                                                // R-FILTER-5/6
    };
    let filter_ok = |j: &ServiceJob| match &spec.filter {
        None => true,
        Some((0, p)) => match p.strip_suffix('*') {
            Some(prefix) => j
                .job_name
                .to_lowercase()
                .starts_with(&prefix.to_lowercase()),
            None => j.job_name.to_lowercase() == p.to_lowercase(),
        },
        Some((1, t)) => j.created_at < t.parse::<i64>().unwrap(),
        Some((2, t)) => j.created_at > t.parse::<i64>().unwrap(),
        Some((3, s)) => j.share_identifier.as_deref() == Some(s.as_str()),
        Some((_, s)) => j.quota_share_name.as_deref() == Some(s.as_str()),
    };
    let mut hits: Vec<&ServiceJob> = jobs
        .iter()
        .filter(|j| queue_ok(j) && status_ok(j) && filter_ok(j))
        .collect();
    if matches!(spec.filter, Some((0, _))) {
        hits.sort_by_key(|j| {
            (
                j.job_name.to_lowercase(),
                j.job_name.clone(),
                Reverse(j.created_at),
                j.job_id.clone(),
            )
        });
    } else {
        hits.sort_by_key(|j| (Reverse(j.created_at), j.job_id.clone()));
    }
    hits.into_iter().map(|j| j.job_id.clone()).collect()
}

fn ids(response: &batchlist::ListServiceJobsResponse) -> Vec<String> {
    response
        .job_summary_list
        .iter()
        .map(|j| j.job_id.clone())
        .collect()
}

/// Follows tokens to the end; `between` may change the jobs before each later page.
fn walk(
    jobs: &mut Vec<ServiceJob>,
    request: &ListServiceJobsRequest,
    mut between: impl FnMut(usize, &mut Vec<ServiceJob>),
) -> Vec<String> {
    let mut r = request.clone();
    let mut all = Vec::new();
    for page in 0.. {
        if page > 0 {
            between(page, jobs);
        }
        let response = list_service_jobs(jobs.as_slice(), &r).expect("walk step refused");
        assert!(response.job_summary_list.len() <= r.max_results.unwrap() as usize);
        all.extend(ids(&response));
        match response.next_token {
            Some(t) => r.next_token = Some(t),
            None => break,
        }
        assert!(page < 1000, "walk does not end");
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// R-STATUS, R-FILTER, R-NAME, R-TIME, R-SHARE, R-QUOTA, R-ORDER, R-PAGE-2: the first page
    /// is the oracle's first `maxResults` jobs, with a token exactly when more follow.
    #[test]
    fn first_page_equals_oracle(jobs in jobs_strategy(40), spec in spec_strategy()) {
        let expected = oracle(&jobs, &spec);
        let response = list_service_jobs(&jobs, &wire(&spec)).unwrap();
        let max = spec.max as usize;
        prop_assert_eq!(ids(&response), expected[..expected.len().min(max)].to_vec());
        prop_assert_eq!(response.next_token.is_some(), expected.len() > max);
    }

    /// R-PAGE-3: walking every page gives the oracle's full list, once each, in order.
    #[test]
    fn walk_equals_oracle(jobs in jobs_strategy(40), spec in spec_strategy()) {
        let expected = oracle(&jobs, &spec);
        let mut jobs = jobs;
        prop_assert_eq!(walk(&mut jobs, &wire(&spec), |_, _| {}), expected);
    }

    /// R-PAGE-3: jobs added, removed or changed between pages never make a job that matched
    /// throughout repeat or go missing, and no job is returned twice.
    #[test]
    fn changes_between_pages_neither_repeat_nor_skip(
        jobs in jobs_strategy(40),
        added in jobs_strategy(10),
        removals in prop::collection::vec(0..40usize, 0..6),
        spec in spec_strategy(),
    ) {
        let before: HashSet<String> = oracle(&jobs, &spec).into_iter().collect();
        let mut added: Vec<ServiceJob> = added;
        for (i, j) in added.iter_mut().enumerate() {
            j.job_id = format!("new-{i}");
        }
        let removed: HashSet<String> =
            removals.iter().filter_map(|&i| jobs.get(i)).map(|j| j.job_id.clone()).collect();
        let mut live = jobs.clone();
        let mut pending_adds = added.clone();
        let seen = walk(&mut live, &wire(&spec), |page, jobs| {
            // Spread the changes over the first pages.
            if let Some(j) = pending_adds.pop() {
                jobs.push(j);
            }
            if page == 1 {
                jobs.retain(|j| !removed.contains(&j.job_id));
            }
        });
        let unique: HashSet<&String> = seen.iter().collect();
        prop_assert_eq!(unique.len(), seen.len(), "a job was returned twice: {:?}", seen);
        for id in before.iter().filter(|id| !removed.contains(*id)) {
            prop_assert!(unique.contains(id), "job {} matched throughout but was skipped", id);
        }
    }

    /// R-TOKEN-3: reading a token and writing it again gives the same text.
    #[test]
    fn token_round_trip(jobs in jobs_strategy(40), spec in spec_strategy()) {
        let request = wire(&spec);
        let (query, _) = parse_request(&request).unwrap();
        if let Some(token) = list_service_jobs(&jobs, &request).unwrap().next_token {
            let cursor = Cursor::from_token(&token, &query).unwrap();
            prop_assert_eq!(cursor.to_token(&query).into_string(), token);
        }
    }

    /// Determinism: the order of the input jobs changes nothing, to the byte.
    #[test]
    fn shuffling_jobs_changes_nothing(
        jobs in jobs_strategy(40),
        spec in spec_strategy(),
        seed in any::<u64>(),
    ) {
        let mut shuffled = jobs.clone();
        // A seeded Fisher-Yates, so a failure replays.
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let mut request = wire(&spec);
        loop {
            let a = list_service_jobs(&jobs, &request).unwrap();
            let b = list_service_jobs(&shuffled, &request).unwrap();
            prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
            match a.next_token {
                Some(t) => request.next_token = Some(t),
                None => break,
            }
        }
    }

    /// R-TOKEN-2: a changed, cut or extended token is refused, never answered.
    #[test]
    fn mutated_tokens_are_refused(
        jobs in jobs_strategy(40),
        spec in spec_strategy(),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/".chars().collect::<Vec<_>>()
        ),
        how in 0..3u8,
    ) {
        let request = wire(&spec);
        let Some(token) = list_service_jobs(&jobs, &request).unwrap().next_token else {
            return Ok(());
        };
        let mut chars: Vec<char> = token.chars().collect();
        let i = at.index(chars.len());
        match how {
            0 if chars[i] != with => chars[i] = with,
            0 => chars[i] = if with == 'A' { 'B' } else { 'A' },
            1 => { chars.remove(i); }
            _ => chars.insert(i, with),
        }
        let bad: String = chars.into_iter().collect();
        let r = ListServiceJobsRequest { next_token: Some(bad.clone()), ..request };
        let err = list_service_jobs(&jobs, &r).expect_err("mutated token accepted");
        prop_assert!(err.to_string().starts_with("Invalid nextToken"), "{}: {}", bad, err);
    }

    /// R-TOKEN-2: any string is answered with a page or a clean error, never a panic; a random
    /// string is never accepted as a token.
    #[test]
    fn random_tokens_are_refused(token in ".{0,120}", spec in spec_strategy()) {
        let r = ListServiceJobsRequest { next_token: Some(token), ..wire(&spec) };
        let err = list_service_jobs(&[] as &[ServiceJob], &r).expect_err("random token accepted");
        prop_assert!(err.to_string().starts_with("Invalid nextToken"));
    }
}

/// R-JOB-1, R-JOB-2 as one pass would find them: the first record, in set order, that
/// `check_job` refuses or whose `jobId` an earlier record has, and the position it repeats.
fn first_fault(jobs: &[ServiceJob]) -> Option<(usize, Option<usize>)> {
    let mut seen: Vec<&str> = Vec::new();
    for (at, job) in jobs.iter().enumerate() {
        if batchlist::check_job(job).is_err() {
            return Some((at, None));
        }
        if let Some(first) = seen.iter().position(|id| *id == job.job_id) {
            return Some((at, Some(first)));
        }
        seen.push(&job.job_id);
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// R-JOB-1, R-JOB-2: `check_jobs` names the first faulty record of the set, and for a
    /// repeated `jobId` the ID's first record, whatever the mix of repeats and bad records.
    #[test]
    fn check_jobs_names_the_first_faulty_record(
        records in prop::collection::vec((0..6usize, 0..8u8), 0..30)
    ) {
        let arn = QUEUES[0];
        let jobs: Vec<ServiceJob> = records
            .iter()
            .map(|&(id, fault)| match fault {
                0 => ServiceJob::new("training", format!("j{id}"), "n", JobStatus::Running, 1),
                1 => ServiceJob::new(arn, format!("j{id}"), "", JobStatus::Running, 1),
                2 => ServiceJob::new(arn, format!("j{id}"), "n", JobStatus::Running, -1),
                _ => ServiceJob::new(arn, format!("j{id}"), "n", JobStatus::Running, 1),
            })
            .collect();
        let got = batchlist::check_jobs(&jobs);
        match first_fault(&jobs) {
            None => prop_assert_eq!(got, Ok(())),
            Some((at, repeats)) => {
                let err = got.expect_err("a faulty set was accepted");
                let message = err.to_string();
                let named = format!("jobs[{at}] (jobId 'j{}')", records[at].0);
                prop_assert!(message.starts_with(&named), "{} for {}", message, named);
                let first = repeats.map(|f| format!("(first at jobs[{f}])"));
                prop_assert_eq!(first.as_ref().is_some_and(|f| message.contains(f)), repeats.is_some(), "{}", message);
            }
        }
    }
}
