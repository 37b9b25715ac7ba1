//! Bytes per job that a `JobIndex` holds beyond the records, counted by a counting global
//! allocator (here, not in the core, which forbids unsafe code), after a bulk build and after
//! churn; and the cost of building and updating, timed once.
//!
//! `cargo bench --bench memory` (10k only with `-- --test`).

use batchlist::{JobIndex, JobStatus, ServiceJob, SyntheticJobs};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

/// Live heap bytes, as requested by callers (allocator overhead not included).
static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: forwards to the system allocator unchanged and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same layout contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    let test = std::env::args().any(|a| a == "--test");
    let sizes: &[u64] = if test {
        &[10_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    };
    println!(
        "| jobs | build | bytes/job, allocator | bytes/job, index_bytes() | after churn, index_bytes() | insert | set_status | remove |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for &n in sizes {
        let jobs: Vec<ServiceJob> = SyntheticJobs::new(n, 42).collect();
        let base = live();
        let t = Instant::now();
        // Moves the jobs in (the records keep their size: `Option<ServiceJob>` is no larger),
        // so what the heap grows by is the index.
        let mut index: JobIndex<ServiceJob> = jobs.into_iter().collect();
        let build = t.elapsed();
        let by_allocator = (live() - base) as f64 / n as f64;
        let by_index = index.index_bytes() as f64 / n as f64;

        // Churn: a tenth of the jobs change status, a twentieth leave, a twentieth arrive.
        let ids: Vec<String> = index.jobs().map(|j| j.job_id.clone()).collect();
        let t = Instant::now();
        let mut updates = 0;
        for id in ids.iter().step_by(10) {
            assert!(index.set_status(id, JobStatus::Failed));
            updates += 1;
        }
        let set_status = t.elapsed() / updates;
        let t = Instant::now();
        let mut removed = 0;
        for id in ids.iter().skip(5).step_by(20) {
            assert!(index.remove(id).is_some());
            removed += 1;
        }
        let remove = t.elapsed() / removed;
        let added: Vec<ServiceJob> = SyntheticJobs::new(n / 20, 43).collect();
        let inserted = added.len() as u32;
        let t = Instant::now();
        for job in added {
            index.insert(job);
        }
        let insert = t.elapsed() / inserted;
        let churned = index.index_bytes() as f64 / index.len() as f64;
        println!(
            "| {n} | {build:.2?} | {by_allocator:.1} | {by_index:.1} | {churned:.1} | {insert:.2?} | {set_status:.2?} | {remove:.2?} |"
        );
    }
}
