//! Page costs over `SyntheticJobs` at 10k, 100k and 1M jobs, for each query kind, against
//! two baselines measured in the same run:
//! - `scan`: count the matches with `Query::matches`, the floor for any stateless evaluation;
//! - `naive_*`: collect the matches, sort them all with the result comparator, slice
//!   `[offset..offset + 100]`, what a list API without keyset pagination does.
//!
//! `evaluate_*` is the stateless core, `index_*` the prepared `JobIndex`. `*_first` is the
//! first page, `*_deep` the page at 90% of the matches. Throughput counts the jobs in the set,
//! so jobs/s compare across methods; walks count the jobs walked.
//!
//! `cargo bench --bench list -- --test` runs each benchmark once, at 10k jobs only.

use batchlist::{
    Cursor, Filter, JobIndex, JobQueue, JobStatus, Query, SYNTHETIC_EPOCH_MS, ServiceJob,
    SyntheticJobs, evaluate,
};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 42;
const TRAINING_ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";

fn test_mode() -> bool {
    std::env::args().any(|a| a == "--test")
}

fn sizes() -> Vec<u64> {
    if test_mode() {
        vec![10_000]
    } else {
        vec![10_000, 100_000, 1_000_000]
    }
}

fn query(queue: &str, status: Option<JobStatus>, filter: Option<(&str, &str)>) -> Query {
    let filter = filter.map(|(name, value)| Filter::new(name, value).expect("valid filter"));
    Query::new(JobQueue::parse(queue).expect("valid queue"), status, filter)
}

/// Every query kind, named for the report. Time bounds cut the set in half.
fn kinds(n: u64) -> Vec<(String, Query)> {
    let mid = (SYNTHETIC_EPOCH_MS + (n as i64) * 150).to_string();
    let mut kinds = vec![("default_running".to_owned(), query("training", None, None))];
    for s in JobStatus::ALL {
        // RUNNING is the default above.
        if s != JobStatus::Running {
            let name = format!("status_{}", s.as_str().to_ascii_lowercase());
            kinds.push((name, query("training", Some(s), None)));
        }
    }
    kinds.extend([
        (
            "name_exact".to_owned(),
            query("training", None, Some(("JOB_NAME", "train-llm-7"))),
        ),
        (
            "name_prefix".to_owned(),
            query("training", None, Some(("JOB_NAME", "train*"))),
        ),
        (
            "before_created".to_owned(),
            query("training", None, Some(("BEFORE_CREATED_AT", &mid))),
        ),
        (
            "after_created".to_owned(),
            query("training", None, Some(("AFTER_CREATED_AT", &mid))),
        ),
        (
            "share".to_owned(),
            query(TRAINING_ARN, None, Some(("SHARE_IDENTIFIER", "teamA"))),
        ),
        (
            "share_running".to_owned(),
            query(
                TRAINING_ARN,
                Some(JobStatus::Running),
                Some(("SHARE_IDENTIFIER", "teamA")),
            ),
        ),
    ]);
    kinds
}

/// The baseline of peers: every match, fully sorted, then an offset slice.
fn naive<'a>(jobs: &'a [ServiceJob], query: &Query, offset: usize) -> Vec<&'a ServiceJob> {
    let mut matches: Vec<&ServiceJob> = jobs.iter().filter(|j| query.matches(*j)).collect();
    matches.sort_unstable_by(|a, b| query.cmp_jobs(*a, *b));
    let end = matches.len().min(offset + query.max_results());
    matches.get(offset..end).unwrap_or_default().to_vec()
}

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: u64) {
    // Small samples so the whole suite fits in about 15 minutes on 2 cores.
    if n >= 1_000_000 {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_millis(1500));
    } else {
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_millis(700));
    }
}

fn pages(c: &mut Criterion, n: u64, jobs: &[ServiceJob], index: &JobIndex<ServiceJob>) {
    for (kind, q) in kinds(n) {
        let mut sorted: Vec<&ServiceJob> = jobs.iter().filter(|j| q.matches(*j)).collect();
        sorted.sort_unstable_by(|a, b| q.cmp_jobs(*a, *b));
        let deep = sorted.len() * 9 / 10;
        let deep_cursor = deep.checked_sub(1).map(|i| Cursor::after(&q, sorted[i]));
        // The index answers what evaluate answers; checked once here, outside the timing.
        for cursor in [None, deep_cursor.as_ref()] {
            let want = evaluate(jobs, &q, cursor);
            let got = index.evaluate(&q, cursor);
            assert!(
                want.jobs()
                    .iter()
                    .map(|j| &j.job_id)
                    .eq(got.jobs().iter().map(|j| &j.job_id))
            );
            assert_eq!(want.next_token(), got.next_token());
        }
        let mut group = c.benchmark_group(&kind);
        configure(&mut group, n);
        group.throughput(Throughput::Elements(n));
        group.bench_function(BenchmarkId::new("scan", n), |b| {
            b.iter(|| jobs.iter().filter(|j| q.matches(*j)).count())
        });
        for (page, offset, cursor) in [("first", 0, None), ("deep", deep, deep_cursor.as_ref())] {
            group.bench_function(BenchmarkId::new(format!("naive_{page}"), n), |b| {
                b.iter(|| naive(jobs, &q, black_box(offset)).len())
            });
            group.bench_function(BenchmarkId::new(format!("evaluate_{page}"), n), |b| {
                b.iter(|| evaluate(jobs, &q, black_box(cursor)).jobs().len())
            });
            group.bench_function(BenchmarkId::new(format!("index_{page}"), n), |b| {
                b.iter(|| index.evaluate(&q, black_box(cursor)).jobs().len())
            });
        }
        group.finish();
    }
}

/// Walks every page of `q` at 100 per page, through tokens as a client would.
fn walk_index(index: &JobIndex<ServiceJob>, q: &Query) -> usize {
    let (mut walked, mut cursor) = (0, None);
    loop {
        let page = index.evaluate(q, cursor.as_ref());
        walked += page.jobs().len();
        match page.next_token() {
            Some(t) => cursor = Cursor::from_token(t.as_str(), q).ok(),
            None => return walked,
        }
    }
}

fn walk_evaluate(jobs: &[ServiceJob], q: &Query) -> usize {
    let (mut walked, mut cursor) = (0, None);
    loop {
        let page = evaluate(jobs, q, cursor.as_ref());
        walked += page.jobs().len();
        match page.next_token() {
            Some(t) => cursor = Cursor::from_token(t.as_str(), q).ok(),
            None => return walked,
        }
    }
}

fn walk_naive(jobs: &[ServiceJob], q: &Query) -> usize {
    let mut offset = 0;
    loop {
        let page = naive(jobs, q, offset).len();
        offset += page;
        if page < q.max_results() {
            return offset;
        }
    }
}

fn walks(c: &mut Criterion, n: u64, jobs: &[ServiceJob], index: &JobIndex<ServiceJob>) {
    for (kind, q) in [
        ("walk_default_running", query("training", None, None)),
        (
            "walk_name_prefix",
            query("training", None, Some(("JOB_NAME", "train*"))),
        ),
    ] {
        let walked = walk_index(index, &q);
        assert_eq!(walked, jobs.iter().filter(|j| q.matches(*j)).count());
        let mut group = c.benchmark_group(kind);
        configure(&mut group, n);
        group.throughput(Throughput::Elements(walked as u64));
        group.bench_function(BenchmarkId::new("index", n), |b| {
            b.iter(|| walk_index(index, &q))
        });
        // A stateless walk is quadratic (a pass per page): only where it takes seconds, not
        // minutes.
        if kind == "walk_default_running" && n <= 100_000 {
            group.bench_function(BenchmarkId::new("evaluate", n), |b| {
                b.iter(|| walk_evaluate(jobs, &q))
            });
            group.bench_function(BenchmarkId::new("naive", n), |b| {
                b.iter(|| walk_naive(jobs, &q))
            });
        }
        group.finish();
    }
}

fn tokens_and_responses(c: &mut Criterion, jobs: &[ServiceJob]) {
    let newest = query("training", Some(JobStatus::Succeeded), None);
    let named = query("training", None, Some(("JOB_NAME", "train*")));
    let mut group = c.benchmark_group("token");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(700))
        .throughput(Throughput::Elements(1));
    for (name, q) in [("newest", &newest), ("name_groups", &named)] {
        let job = jobs.iter().find(|j| q.matches(*j)).expect("a match");
        let cursor = Cursor::after(q, job);
        let token = cursor.to_token(q);
        group.bench_function(format!("encode_{name}"), |b| {
            b.iter(|| black_box(&cursor).to_token(q))
        });
        group.bench_function(format!("decode_{name}"), |b| {
            b.iter(|| Cursor::from_token(black_box(token.as_str()), q))
        });
    }
    group.finish();

    let page = evaluate(jobs, &newest, None);
    let mut group = c.benchmark_group("response");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(700))
        .throughput(Throughput::Elements(page.jobs().len() as u64));
    group.bench_function("to_response_json_100", |b| {
        b.iter(|| serde_json::to_vec(&page.to_response()).map(|v| v.len()))
    });
    group.bench_function("json_only_100", |b| {
        let response = page.to_response();
        b.iter(|| serde_json::to_vec(black_box(&response)).map(|v| v.len()))
    });
    group.finish();
}

/// Median of `f`'s time in ns, with `reps` calls per sample (for sub-microsecond calls).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The same comparisons outside criterion, interleaved round by round so that load from
/// other processes hits every method alike: medians and ratios, printed as a markdown table.
fn interleaved(n: u64, jobs: &[ServiceJob], index: &JobIndex<ServiceJob>) {
    let rounds = if test_mode() { 1 } else { 11 };
    println!("\n### Interleaved medians at {n} jobs ({rounds} rounds)\n");
    println!(
        "| kind | matches | scan | naive first | naive deep | evaluate first | evaluate deep \
         | index first | index deep | eval/scan first | eval/scan deep | naive/eval first \
         | naive/eval deep | naive/index deep |"
    );
    println!("|{}", " --- |".repeat(14));
    let time = |f: &mut dyn FnMut() -> usize, reps: u32| {
        let t = std::time::Instant::now();
        for _ in 0..reps {
            black_box(f());
        }
        t.elapsed().as_nanos() as f64 / f64::from(reps)
    };
    for (kind, q) in kinds(n) {
        let mut sorted: Vec<&ServiceJob> = jobs.iter().filter(|j| q.matches(*j)).collect();
        sorted.sort_unstable_by(|a, b| q.cmp_jobs(*a, *b));
        let deep = sorted.len() * 9 / 10;
        let cursor = deep.checked_sub(1).map(|i| Cursor::after(&q, sorted[i]));
        let cursor = cursor.as_ref();
        let mut t: [Vec<f64>; 7] = Default::default();
        for _ in 0..rounds {
            t[0].push(time(
                &mut || jobs.iter().filter(|j| q.matches(*j)).count(),
                1,
            ));
            t[1].push(time(&mut || naive(jobs, &q, 0).len(), 1));
            t[2].push(time(&mut || naive(jobs, &q, deep).len(), 1));
            t[3].push(time(&mut || evaluate(jobs, &q, None).jobs().len(), 1));
            t[4].push(time(&mut || evaluate(jobs, &q, cursor).jobs().len(), 1));
            t[5].push(time(&mut || index.evaluate(&q, None).jobs().len(), 200));
            t[6].push(time(&mut || index.evaluate(&q, cursor).jobs().len(), 200));
        }
        let m: Vec<f64> = t.iter_mut().map(|s| median(s)).collect();
        let ms = |ns: f64| format!("{:.2} ms", ns / 1e6);
        let us = |ns: f64| format!("{:.2} µs", ns / 1e3);
        println!(
            "| {kind} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.2} | {:.1} | {:.1} | {:.0} |",
            sorted.len(),
            ms(m[0]),
            ms(m[1]),
            ms(m[2]),
            ms(m[3]),
            ms(m[4]),
            us(m[5]),
            us(m[6]),
            m[3] / m[0],
            m[4] / m[0],
            m[1] / m[3],
            m[2] / m[4],
            m[2] / m[6],
        );
    }
    println!();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    for (i, n) in sizes().into_iter().enumerate() {
        // Generated once per size and dropped before the next, so 1M jobs exist only once
        // (plus the index's copy).
        let jobs: Vec<ServiceJob> = SyntheticJobs::new(n, SEED).collect();
        let index: JobIndex<ServiceJob> = jobs.iter().cloned().collect();
        if i == 0 {
            tokens_and_responses(&mut c, &jobs);
        }
        if n == *sizes().last().unwrap_or(&0) {
            interleaved(n, &jobs, &index);
        }
        pages(&mut c, n, &jobs, &index);
        walks(&mut c, n, &jobs, &index);
    }
    c.final_summary();
}
