//! `JobIndex`: a prepared index over a job set, for callers that answer many requests over
//! jobs that change little between them (a server, an emulator). It gives exactly the pages
//! and tokens of [`evaluate`](crate::evaluate), in O(log n + page) for every query kind
//! instead of a pass over every job.
//!
//! Layout, chosen for memory (24 bytes per job beyond the records when built, about 30 after
//! heavy churn; `benches/memory.rs` counts them): jobs live densely in a `Vec` whose index is
//! their slot; every ordered structure holds `u32` slot numbers only, in blocks of at most
//! 512 slots (`slot_list`), and compares through the records plus one dense `created_at`
//! column (`keys`), with the one comparator of `order.rs`. Per queue there is one list per
//! status (newest first), one name-grouped list (all statuses), and per share identifier and
//! per quota share one list per status (`lists`); one list by job ID finds a job for updates.
//! Filters without a list of their own (time bounds, share without status) merge the status
//! lists (`merge`), each of which holds their matches as one contiguous run (`bound`), as does
//! a queue name that several queue ARNs share (R-QUEUE-2).

mod bound;
mod keys;
mod lists;
mod merge;
mod slot_list;
#[cfg(feature = "memory-stats")]
mod stats;

use crate::error::Error;
use crate::eval::{Page, evaluate};
use crate::job::{JobRecord, ServiceJob, ServiceJobSummary};
use crate::order::{Key, Order};
use crate::parse_request;
use crate::query::Query;
use crate::status::JobStatus;
use crate::token::Cursor;
use crate::wire::{ListServiceJobsRequest, ListServiceJobsResponse};
use keys::Keys;
use lists::Queues;
use slot_list::{Pos, SlotList};
use std::cmp::Ordering;

/// A prepared index over a set of jobs that answers [`Query`]s with the same pages and the
/// same tokens as [`evaluate`](crate::evaluate) over the same jobs, without a pass over
/// all of them: a page costs O(log n + page size) for every query kind, at any depth.
///
/// Build it once ([`JobIndex::from_iter`], [`collect`](Iterator::collect)), keep it up to
/// date with [`insert`](JobIndex::insert), [`update`](JobIndex::update) and
/// [`remove`](JobIndex::remove) (each O(log n) plus moving at most a block of 512 slots),
/// and answer with [`evaluate`](JobIndex::evaluate) or
/// [`list_service_jobs`](JobIndex::list_service_jobs). Job IDs are unique in an index
/// (R-JOB-1): a job with the ID of one already there replaces it.
///
/// ```
/// use batchlist::{JobIndex, JobStatus, ListServiceJobsRequest, ServiceJob};
///
/// let queue = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
/// let mut index: JobIndex<ServiceJob> = (0..1_000)
///     .map(|i| ServiceJob::new(queue, format!("job-{i}"), "train", JobStatus::Running, i))
///     .collect();
/// let request = ListServiceJobsRequest {
///     job_queue: Some("training".into()),
///     max_results: Some(10),
///     ..Default::default()
/// };
/// let first = index.list_service_jobs(&request)?;
/// assert_eq!(first.job_summary_list.len(), 10);
///
/// // A job finishes: the index moves it between its lists; the token stays valid.
/// let done = first.job_summary_list[0].job_id.clone();
/// assert!(index.set_status(&done, JobStatus::Succeeded));
/// let request = ListServiceJobsRequest { next_token: first.next_token, ..request };
/// let second = index.list_service_jobs(&request)?;
/// assert!(second.job_summary_list.iter().all(|j| j.job_id != done));
/// # Ok::<(), batchlist::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct JobIndex<J> {
    /// The jobs, densely: slot `i` is `records[i]`. Dense so that a page's `&J`s are
    /// made without reading the jobs (no `Option` to check); a removal moves the last job
    /// into the hole.
    records: Vec<J>,
    /// `created_at` by slot: the key most comparisons need, dense so seeks and merges stay
    /// in cache instead of visiting records.
    created: Vec<i64>,
    by_id: SlotList,
    queues: Queues,
}

impl<J> Default for JobIndex<J> {
    fn default() -> Self {
        JobIndex {
            records: Vec::new(),
            created: Vec::new(),
            by_id: SlotList::default(),
            queues: Queues::default(),
        }
    }
}

fn slot_of(i: usize) -> u32 {
    u32::try_from(i).expect("a JobIndex holds at most 2^32 jobs")
}

impl<J: JobRecord> JobIndex<J> {
    /// An empty index.
    pub fn new() -> Self {
        JobIndex::default()
    }

    /// How many jobs the index holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the index holds no job.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The jobs, in no particular order (pass them to [`evaluate`](crate::evaluate) to
    /// check the index against the definition).
    pub fn jobs(&self) -> impl Iterator<Item = &J> {
        self.records.iter()
    }

    fn keys(&self) -> Keys<'_, J> {
        Keys {
            records: &self.records,
            created: &self.created,
        }
    }

    fn find(&self, job_id: &str) -> Option<u32> {
        let keys = self.keys();
        let slot = self.by_id.get(self.by_id.seek(|s| keys.id(s) < job_id))?;
        (keys.id(slot) == job_id).then_some(slot)
    }

    /// The job with this ID.
    pub fn get(&self, job_id: &str) -> Option<&J> {
        self.keys().job(self.find(job_id)?)
    }

    /// Adds a job, or replaces the job with the same ID and returns it.
    ///
    /// # Panics
    /// With more than 2^32 jobs, the size of a slot number.
    pub fn insert(&mut self, job: J) -> Option<J> {
        let old = self.remove(job.job_id());
        let slot = slot_of(self.records.len());
        self.created.push(job.created_at());
        self.records.push(job);
        self.link(slot);
        old
    }

    /// Removes the job with this ID and returns it.
    pub fn remove(&mut self, job_id: &str) -> Option<J> {
        let slot = self.find(job_id)?;
        let last = slot_of(self.records.len() - 1);
        self.unlink(slot);
        if slot != last {
            // The last job moves into the hole: refile it under its new slot.
            self.unlink(last);
        }
        let job = self.records.swap_remove(slot as usize);
        self.created.swap_remove(slot as usize);
        if slot != last {
            self.link(slot);
        }
        Some(job)
    }

    /// Changes the job with this ID in place through `f` and files it again under its new
    /// status, name, time, queue or shares; `None` when no job has this ID. If `f` gives it
    /// the ID of another job, that other job is dropped, as [`JobIndex::insert`] replaces.
    pub fn update<R>(&mut self, job_id: &str, f: impl FnOnce(&mut J) -> R) -> Option<R> {
        let mut job = self.remove(job_id)?;
        let r = f(&mut job);
        self.insert(job);
        Some(r)
    }

    /// Files `slot` (its job in `records`, not yet in any list) under its keys.
    fn link(&mut self, slot: u32) {
        self.refile(slot, Filing::Link);
    }

    /// Takes `slot` out of every list (its job stays in `records`).
    fn unlink(&mut self, slot: u32) {
        self.refile(slot, Filing::Unlink);
    }

    /// Adds `slot` to, or takes it out of, the list by ID and every list its job belongs to:
    /// the same lists and the same positions either way, so the two cannot drift apart.
    fn refile(&mut self, slot: u32, filing: Filing) {
        let keys = Keys {
            records: &self.records,
            created: &self.created,
        };
        let Some(job) = keys.job(slot) else { return };
        let key = Key::of(job);
        let id = job.job_id();
        let edit = |list: &mut SlotList, before: &dyn Fn(u32) -> bool| match filing {
            Filing::Link => list.insert(slot, before),
            Filing::Unlink => {
                list.remove(slot, before);
            }
        };
        edit(&mut self.by_id, &|s| keys.id(s) < id);
        self.queues.lists_mut(job, |list, order| {
            edit(list, &|s| keys.cmp_key(order, s, &key) == Ordering::Less);
        });
    }

    /// Answers `query` from `cursor` (or the start): the same page and token as
    /// [`evaluate`](crate::evaluate) over [`JobIndex::jobs`].
    pub fn evaluate(&self, query: &Query, cursor: Option<&Cursor>) -> Page<'_, J> {
        let order = query.order();
        let Some((lists, bound)) = self.queues.sources(query) else {
            return evaluate(self.jobs(), query, cursor);
        };
        let take = query.max_results();
        // As `evaluate`: a cursor of another order is the start.
        let after = cursor.filter(|c| c.order() == order).map(Cursor::key);
        let keys = self.keys();
        // Where each list's run starts; its end is found while reading (a page past the
        // end of a run costs one check, a seek for it a binary search of cold records).
        let runs: Vec<(&SlotList, Pos)> = lists
            .into_iter()
            .map(|list| {
                let start = list.seek(|s| {
                    bound.before_start(&keys, s)
                        || after
                            .as_ref()
                            .is_some_and(|c| keys.cmp_key(order, s, c) != Ordering::Greater)
                });
                (list, start)
            })
            .filter(|(list, start)| *start < list.end())
            .collect();
        // One more than the page, to know whether a next page exists (R-PAGE-2).
        let slots = merge::read_page(&runs, &bound, &keys, order, take + 1);
        let page: Vec<&J> = slots.iter().filter_map(|&s| keys.job(s)).collect();
        Page::from_matches(page, query)
    }

    /// Answers a wire request: validate, read the token, evaluate, build the response, as
    /// [`list_service_jobs`](crate::list_service_jobs) does over a slice.
    ///
    /// # Errors
    /// As [`parse_request`](crate::parse_request).
    pub fn list_service_jobs(
        &self,
        request: &ListServiceJobsRequest,
    ) -> Result<ListServiceJobsResponse, Error>
    where
        ServiceJobSummary: for<'x> From<&'x J>,
    {
        let (query, cursor) = parse_request(request)?;
        Ok(self.evaluate(&query, cursor.as_ref()).to_response())
    }
}

/// Whether [`JobIndex::refile`] adds a slot to its lists or takes it out.
#[derive(Debug, Clone, Copy)]
enum Filing {
    Link,
    Unlink,
}

impl JobIndex<ServiceJob> {
    /// Sets the status of the job with this ID and files it under it; false when no job has
    /// this ID.
    pub fn set_status(&mut self, job_id: &str, status: JobStatus) -> bool {
        self.update(job_id, |j| j.status = status).is_some()
    }
}

impl<J: JobRecord> FromIterator<J> for JobIndex<J> {
    /// Builds an index in O(n log n) by sorting each list once. Of several jobs with one
    /// ID, the last wins, as with repeated [`JobIndex::insert`].
    fn from_iter<I: IntoIterator<Item = J>>(jobs: I) -> Self {
        let mut records: Vec<J> = jobs.into_iter().collect();
        let by_id = |records: &[J]| {
            let mut ids: Vec<u32> = (0..slot_of(records.len())).collect();
            // Stable, so that of equal IDs the later job comes last.
            ids.sort_by(|&a, &b| {
                records[a as usize]
                    .job_id()
                    .cmp(records[b as usize].job_id())
            });
            ids
        };
        let mut ids = by_id(&records);
        let id = |s: &u32| records[*s as usize].job_id();
        if ids.windows(2).any(|w| id(&w[0]) == id(&w[1])) {
            // Keep the last job of each ID, in input order, then sort again.
            let mut keep = vec![true; records.len()];
            for w in ids.windows(2) {
                if id(&w[0]) == id(&w[1]) {
                    keep[w[0] as usize] = false;
                }
            }
            let mut keep = keep.into_iter();
            records.retain(|_| keep.next().unwrap_or(true));
            ids = by_id(&records);
        }
        records.shrink_to_fit();
        let created: Vec<i64> = records.iter().map(J::created_at).collect();
        let mut index = JobIndex {
            records,
            created,
            by_id: SlotList::from_sorted(&ids),
            ..JobIndex::default()
        };
        drop(ids);
        // Gather each list's slots unsorted in its first block, then sort each list once.
        let JobIndex {
            records,
            created,
            queues,
            ..
        } = &mut index;
        for (s, job) in records.iter().enumerate() {
            queues.lists_mut(job, |list, _| {
                if list.blocks.is_empty() {
                    list.blocks.push(Vec::new());
                }
                list.blocks[0].push(slot_of(s));
            });
        }
        let keys = Keys { records, created };
        for q in queues.lists.iter_mut() {
            let shares = q.shares.values_mut().chain(q.quotas.values_mut());
            for list in q.by_status.iter_mut().chain(shares.flatten()) {
                list.sort_built(|a, b| keys.cmp_slots(Order::Newest, a, b));
            }
            q.by_name
                .sort_built(|a, b| keys.cmp_slots(Order::NameGroups, a, b));
        }
        index
    }
}
