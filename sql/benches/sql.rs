//! The keyset statement against the statement most people write (`ORDER BY created_at DESC
//! LIMIT 100 OFFSET n`) and against the core's in-memory `JobIndex`, on SQLite and (when
//! `BATCHLIST_TEST_POSTGRES_URL` is set) PostgreSQL, plus the import rate, beside the two
//! ways of writing the same jobs that SQLite's bulk load replaces, and a submit's cost.
//!
//! `BATCHLIST_SQL_BENCH_JOBS` sets the job count (default 20,000, so that CI's
//! `cargo bench -- --test` stays quick); the figures in `sql/README.md` are at 1,000,000:
//!
//! ```sh
//! eval "$(bash .ci/postgres.sh start)"
//! BATCHLIST_SQL_BENCH_JOBS=1000000 cargo bench -p batchlist-sql
//! ```
//!
//! Before criterion runs, the bench prints a summary table: medians of its own timed runs,
//! with the ratios the goals name, all from this one run.

use batchlist::{Cursor, Filter, JobIndex, JobQueue, JobStatus, Query, ServiceJob, SyntheticJobs};
use batchlist_sql::{Param, Statement, Store};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn job_count() -> usize {
    std::env::var("BATCHLIST_SQL_BENCH_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

/// The listing every bench pages through: every job of queue `training` (two queues of that
/// name, about 40% of the set), any status, newest first.
fn query() -> Query {
    Query::new(
        JobQueue::parse("training").unwrap(),
        None,
        Some(Filter::AfterCreatedAt(0)),
    )
}

/// The OFFSET statement: the same rows and order, `n` rows skipped.
fn offset_statement(store: &Store, offset: usize) -> Statement {
    let p = |n: usize| match store.dialect() {
        batchlist_sql::Dialect::Sqlite => format!("?{n}"),
        _ => format!("${n}"),
    };
    Statement {
        sql: format!(
            "SELECT job FROM service_jobs WHERE queue_name = {} AND created_at > {} \
             ORDER BY created_at DESC, job_id LIMIT 101 OFFSET {}",
            p(1),
            p(2),
            p(3)
        ),
        params: vec![
            Param::Text("training".into()),
            Param::Int(0),
            Param::Int(offset as i64),
        ],
    }
}

struct Setup {
    jobs: Vec<ServiceJob>,
    /// How many jobs the query lists, and the cursor 90% of the way through them.
    matching: usize,
    deep: Cursor,
}

fn setup() -> Setup {
    let jobs: Vec<ServiceJob> = SyntheticJobs::new(job_count() as u64, 42).collect();
    let q = query();
    let mut listed: Vec<&ServiceJob> = jobs.iter().filter(|j| q.matches(*j)).collect();
    listed.sort_by(|a, b| q.cmp_jobs(*a, *b));
    let matching = listed.len();
    let deep = Cursor::after(&q, listed[matching * 9 / 10 - 1]);
    Setup {
        jobs,
        matching,
        deep,
    }
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// Loads the jobs into a fresh store, timing it; checks that the store answers as the core.
fn load(store: &Store, s: &Setup) -> Duration {
    let t = Instant::now();
    store.load(&s.jobs).expect("the synthetic set loads");
    let took = t.elapsed();
    let q = query();
    let want = batchlist::evaluate(&s.jobs, &q, Some(&s.deep)).to_response();
    assert_eq!(
        store.page(&q, Some(&s.deep)).unwrap(),
        want,
        "{}",
        store.describe()
    );
    took
}

/// The bench's folder of SQLite files, removed at the end.
fn bench_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("batchlist-sql-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stores(s: &Setup) -> Vec<(&'static str, Store, Duration)> {
    let dir = bench_dir();
    let sqlite = Store::open_sqlite(&dir.join("jobs.db")).unwrap();
    let took = load(&sqlite, s);
    let mut all = vec![("sqlite", sqlite, took)];
    if let Ok(url) = std::env::var("BATCHLIST_TEST_POSTGRES_URL") {
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let schema = format!("bench_{}", std::process::id());
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let store = Store::open_postgres(&format!("{url}{sep}options=-c%20search_path%3D{schema}"))
            .unwrap();
        let took = load(&store, s);
        admin
            .batch_execute(&format!("ANALYZE {schema}.service_jobs"))
            .unwrap();
        all.push(("postgres", store, took));
    }
    all
}

fn summary(s: &Setup, stores: &[(&'static str, Store, Duration)], index: &JobIndex<ServiceJob>) {
    let q = query();
    let n = s.jobs.len();
    let runs = if n > 100_000 { 21 } else { 5 };
    println!(
        "\nbatchlist-sql figures: {n} jobs, the query lists {} of them; pages of 100, deep = \
         90% through (median of {runs} runs)\n",
        s.matching
    );
    println!(
        "| store | first page | deep page (keyset) | deep/first | deep page (OFFSET) | OFFSET/keyset | import |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let offset = s.matching * 9 / 10;
    for (name, store, took) in stores {
        let first = median(runs, || drop(black_box(store.page(&q, None).unwrap())));
        let deep = median(runs, || {
            drop(black_box(store.page(&q, Some(&s.deep)).unwrap()))
        });
        let st = offset_statement(store, offset);
        let off = median(runs.min(7), || drop(black_box(store.jobs_of(&st).unwrap())));
        println!(
            "| {name} | {} | {} | {:.2}x | {} | {:.0}x | {:.0} jobs/s ({:.1} s) |",
            us(first),
            us(deep),
            deep.as_secs_f64() / first.as_secs_f64(),
            us(off),
            off.as_secs_f64() / deep.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64()
        );
    }
    // The response too, as the stores build it.
    let first = median(runs, || {
        drop(black_box(index.evaluate(&q, None).to_response()))
    });
    let deep = median(runs, || {
        drop(black_box(index.evaluate(&q, Some(&s.deep)).to_response()))
    });
    println!(
        "| JobIndex (in memory) | {} | {} | {:.2}x | | | |\n",
        us(first),
        us(deep),
        deep.as_secs_f64() / first.as_secs_f64()
    );
    for (name, store, _) in stores {
        for (page, cursor) in [("first page", None), ("deep page", Some(&s.deep))] {
            let st = store.statement(&q, cursor);
            println!(
                "{name} plan, {page}: {}",
                store.explain(&st.sql, &st.params).unwrap().join(" | ")
            );
        }
        let st = offset_statement(store, offset);
        println!(
            "{name} plan, OFFSET: {}\n",
            store.explain(&st.sql, &st.params).unwrap().join(" | ")
        );
    }
}

/// The SQLite import three ways in this run, against the bulk load of the table above (the
/// database to itself, through a rollback journal): the same bulk load beside another open
/// connection, which keeps it in WAL mode; and the jobs loaded 10,000 at a time, each load
/// inserting into the indexed table. Then the cost of a submit, one job per transaction.
fn import_ways(s: &Setup, alone: Duration) {
    let dir = bench_dir();
    let beside = {
        let path = dir.join("beside.db");
        let writer = Store::open_sqlite(&path).unwrap();
        let _reader = Store::open_sqlite(&path).unwrap();
        let t = Instant::now();
        writer.load(&s.jobs).unwrap();
        t.elapsed()
    };
    let batches = Store::open_sqlite(&dir.join("batches.db")).unwrap();
    let t = Instant::now();
    for chunk in s.jobs.chunks(10_000) {
        batches.load(chunk).unwrap();
    }
    let in_batches = t.elapsed();
    let n = s.jobs.len() as f64;
    println!(
        "| SQLite import of {} jobs | time | jobs/s | time / bulk load alone |",
        s.jobs.len()
    );
    println!("| --- | --- | --- | --- |");
    for (way, took) in [
        (
            "bulk load, the database to itself (rollback journal)",
            alone,
        ),
        ("bulk load beside another connection (WAL)", beside),
        ("10,000 jobs per load, into the indexed table", in_batches),
    ] {
        println!(
            "| {way} | {:.1} s | {:.0} | {:.2}x |",
            took.as_secs_f64(),
            n / took.as_secs_f64(),
            took.as_secs_f64() / alone.as_secs_f64()
        );
    }
    let queue = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
    let mut i = 0;
    let submit = median(101, || {
        i += 1;
        let job = ServiceJob::new(
            queue,
            format!("submit-{i}"),
            "submit",
            JobStatus::Submitted,
            1,
        );
        batches.insert(&job).unwrap();
    });
    println!(
        "\nsubmit into the {}-job database, one job per transaction (fsynced): median of 101 \
         {}\n",
        s.jobs.len(),
        us(submit)
    );
}

fn benches(c: &mut Criterion) {
    let s = setup();
    let stores = stores(&s);
    let index: JobIndex<ServiceJob> = s.jobs.iter().cloned().collect();
    summary(&s, &stores, &index);
    import_ways(&s, stores[0].2);
    let q = query();
    let offset = s.matching * 9 / 10;
    for (name, store, _) in &stores {
        let mut g = c.benchmark_group(*name);
        g.sample_size(20);
        g.bench_function("first_page", |b| b.iter(|| store.page(&q, None).unwrap()));
        g.bench_function("deep_page_keyset", |b| {
            b.iter(|| store.page(&q, Some(&s.deep)).unwrap())
        });
        let st = offset_statement(store, offset);
        g.sample_size(10);
        g.bench_function("deep_page_offset", |b| {
            b.iter(|| store.jobs_of(&st).unwrap())
        });
        g.finish();
    }
    let mut g = c.benchmark_group("jobindex");
    g.bench_function("first_page", |b| {
        b.iter(|| index.evaluate(&q, None).to_response())
    });
    g.bench_function("deep_page", |b| {
        b.iter(|| index.evaluate(&q, Some(&s.deep)).to_response())
    });
    g.finish();
    drop(stores);
    let _ = std::fs::remove_dir_all(bench_dir());
}

criterion_group!(sql, benches);
criterion_main!(sql);
