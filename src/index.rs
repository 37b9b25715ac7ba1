//! `JobIndex`: a prepared index over a job set, for callers that answer many requests over
//! jobs that change little between them (a server, an emulator). It gives exactly the pages
//! and tokens of [`evaluate`](crate::evaluate), in O(log n + page) for every query kind
//! instead of a pass over every job.
//!
//! Layout, chosen for memory (24 bytes per job beyond the records when built, about 30 after
//! heavy churn; `benches/memory.rs` counts them): jobs live densely in a `Vec` whose index is
//! their slot; every ordered structure holds `u32` slot numbers only, in blocks of at most
//! [`BLOCK`] slots, and compares through the records plus one dense `created_at` column. Per
//! queue there is one list per status (newest first), one name-grouped list (all statuses),
//! and per share identifier and per quota share one list per status; one list by job ID finds
//! a job for updates. Filters without a list of their own (time bounds, share without status)
//! merge the status lists, each of which holds their matches as one contiguous run, as does
//! a queue name that several queue ARNs share (R-QUEUE-2).

use crate::error::Error;
use crate::eval::{Page, evaluate};
use crate::filter::Filter;
use crate::filter::JobNamePattern;
use crate::job::{JobRecord, ServiceJob, ServiceJobSummary};
use crate::order::{Key, Order};
use crate::parse_request;
use crate::query::Query;
use crate::status::JobStatus;
use crate::token::Cursor;
use crate::wire::{ListServiceJobsRequest, ListServiceJobsResponse};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// Most slots in one block of a list: inserting moves at most this many `u32`s, and a seek
/// is a binary search over block ends, then inside one block.
const BLOCK: usize = 512;

const STATUSES: usize = JobStatus::ALL.len();

/// A position in a [`SlotList`]: block, then offset inside it. The end is
/// `(blocks.len(), 0)`, so positions compare as tuples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pos {
    block: usize,
    at: usize,
}

/// Slot numbers in one order, in blocks of 1 to [`BLOCK`] slots. The order lives in the
/// caller's comparisons, so one structure serves every order without copying keys.
#[derive(Debug, Clone, Default)]
struct SlotList {
    blocks: Vec<Vec<u32>>,
}

impl SlotList {
    fn from_sorted(slots: &[u32]) -> SlotList {
        SlotList {
            blocks: slots.chunks(BLOCK).map(<[u32]>::to_vec).collect(),
        }
    }

    fn end(&self) -> Pos {
        Pos {
            block: self.blocks.len(),
            at: 0,
        }
    }

    /// The first position whose slot is not `before`; `before` must hold for a prefix.
    fn seek(&self, mut before: impl FnMut(u32) -> bool) -> Pos {
        let block = self
            .blocks
            .partition_point(|b| b.last().is_some_and(|&s| before(s)));
        let at = self
            .blocks
            .get(block)
            .map_or(0, |b| b.partition_point(|&s| before(s)));
        Pos { block, at }
    }

    fn get(&self, p: Pos) -> Option<u32> {
        self.blocks.get(p.block)?.get(p.at).copied()
    }

    fn next(&self, p: Pos) -> Pos {
        let len = self.blocks.get(p.block).map_or(0, Vec::len);
        if p.at + 1 < len {
            Pos {
                block: p.block,
                at: p.at + 1,
            }
        } else {
            Pos {
                block: p.block + 1,
                at: 0,
            }
        }
    }

    /// Appends the slots from `from` up to `to` (excluded) to `out` until it holds `cap`.
    fn collect(&self, from: Pos, to: Pos, cap: usize, out: &mut Vec<u32>) {
        for block in from.block..to.block.saturating_add(1).min(self.blocks.len()) {
            let b = &self.blocks[block];
            let lo = if block == from.block { from.at } else { 0 };
            let hi = if block == to.block { to.at } else { b.len() };
            let want = cap.saturating_sub(out.len());
            out.extend_from_slice(&b[lo.min(hi)..hi.min(lo + want)]);
            if out.len() >= cap {
                return;
            }
        }
    }

    /// Inserts `slot` before the first slot that is not `before` it.
    fn insert(&mut self, slot: u32, before: impl FnMut(u32) -> bool) {
        let Pos { mut block, mut at } = self.seek(before);
        if self.blocks.is_empty() {
            // Grows as needed: most lists (a share and a status on a quiet queue) stay small.
            self.blocks.push(Vec::new());
        }
        if block == self.blocks.len() {
            block -= 1;
            at = self.blocks[block].len();
        }
        if self.blocks[block].len() >= BLOCK {
            // Split in halves, each sized to fit, so a split costs no memory; a half grows
            // (to at most `BLOCK`) only when inserts come to it.
            let b = &mut self.blocks[block];
            let tail = b[BLOCK / 2..].to_vec();
            b.truncate(BLOCK / 2);
            b.shrink_to_fit();
            self.blocks.insert(block + 1, tail);
            if at > BLOCK / 2 {
                block += 1;
                at -= BLOCK / 2;
            }
        }
        self.blocks[block].insert(at, slot);
    }

    /// Removes `slot`, found as the first slot that is not `before` it; false if absent.
    fn remove(&mut self, slot: u32, before: impl FnMut(u32) -> bool) -> bool {
        let p = self.seek(before);
        if self.get(p) != Some(slot) {
            return false;
        }
        let b = &mut self.blocks[p.block];
        b.remove(p.at);
        if b.is_empty() {
            self.blocks.remove(p.block);
        } else if b.len() < BLOCK / 4
            && self
                .blocks
                .get(p.block + 1)
                .is_some_and(|n| n.len() + self.blocks[p.block].len() <= BLOCK)
        {
            // Merge a thin block into its neighbour so churn cannot leave many near-empty
            // blocks, each costing a header and an allocation.
            let next = self.blocks.remove(p.block + 1);
            self.blocks[p.block].extend_from_slice(&next);
        }
        true
    }

    /// Sorts the slots gathered (unsorted) in the first block, then cuts them into blocks.
    fn sort_built(&mut self, mut cmp: impl FnMut(u32, u32) -> Ordering) {
        let mut all = self.blocks.pop().unwrap_or_default();
        all.sort_unstable_by(|&a, &b| cmp(a, b));
        *self = SlotList::from_sorted(&all);
    }

    fn heap_bytes(&self) -> usize {
        self.blocks.capacity() * size_of::<Vec<u32>>()
            + self
                .blocks
                .iter()
                .map(|b| b.capacity() * size_of::<u32>())
                .sum::<usize>()
    }
}

/// The lists of one queue ARN.
#[derive(Debug, Clone, Default)]
struct QueueLists {
    arn: String,
    by_status: [SlotList; STATUSES],
    by_name: SlotList,
    shares: BTreeMap<String, [SlotList; STATUSES]>,
    quotas: BTreeMap<String, [SlotList; STATUSES]>,
}

/// Read access to the records for comparisons: slots to keys.
struct Keys<'a, J> {
    records: &'a [J],
    created: &'a [i64],
}

impl<'a, J: JobRecord> Keys<'a, J> {
    fn job(&self, slot: u32) -> Option<&'a J> {
        self.records.get(slot as usize)
    }
    fn id(&self, slot: u32) -> &'a str {
        self.job(slot).map_or("", J::job_id)
    }
    fn name(&self, slot: u32) -> &'a str {
        self.job(slot).map_or("", J::job_name)
    }
    fn created(&self, slot: u32) -> i64 {
        self.created.get(slot as usize).copied().unwrap_or(0)
    }
    fn key(&self, slot: u32) -> Key<'a> {
        Key {
            name: self.name(slot),
            created_at: self.created(slot),
            job_id: self.id(slot),
        }
    }

    /// `Order::cmp(slot, key)`, reading the record (not only the column) only on a tie of
    /// `created_at` in newest order: most comparisons stay in the dense column.
    #[inline]
    fn cmp_key(&self, order: Order, slot: u32, key: &Key<'_>) -> Ordering {
        match order {
            Order::Newest => key
                .created_at
                .cmp(&self.created(slot))
                .then_with(|| self.id(slot).cmp(key.job_id)),
            Order::NameGroups => order.cmp(&self.key(slot), key),
        }
    }

    #[inline]
    fn cmp_slots(&self, order: Order, a: u32, b: u32) -> Ordering {
        match order {
            Order::Newest => self
                .created(b)
                .cmp(&self.created(a))
                .then_with(|| self.id(a).cmp(self.id(b))),
            Order::NameGroups => order.cmp(&self.key(a), &self.key(b)),
        }
    }
}

/// Where a query's matches sit inside a list that holds them as one contiguous run.
#[derive(Debug, Clone)]
enum Bound<'q> {
    /// The whole list matches.
    All,
    /// `BEFORE_CREATED_AT`: a suffix in newest order.
    Before(i64),
    /// `AFTER_CREATED_AT`: a prefix in newest order.
    After(i64),
    /// `JOB_NAME`: a run in name-grouped order, from the first folded name not below
    /// `folded`.
    Name { folded: String, filter: &'q Filter },
}

fn folded_below(name: &str, folded: &str) -> bool {
    name.bytes()
        .map(|c| c.to_ascii_lowercase())
        .lt(folded.bytes())
}

impl Bound<'_> {
    /// Whether `slot` comes before the run of matches.
    fn before_start<J: JobRecord>(&self, keys: &Keys<'_, J>, slot: u32) -> bool {
        match self {
            Bound::All | Bound::After(_) => false,
            Bound::Before(t) => keys.created(slot) >= *t,
            Bound::Name { folded, .. } => folded_below(keys.name(slot), folded),
        }
    }

    /// Whether `slot` comes before the end of the run of matches.
    fn before_end<J: JobRecord>(&self, keys: &Keys<'_, J>, slot: u32) -> bool {
        match self {
            Bound::All | Bound::Before(_) => true,
            Bound::After(t) => keys.created(slot) > *t,
            Bound::Name { folded, filter } => keys
                .job(slot)
                .is_some_and(|j| folded_below(j.job_name(), folded) || filter.matches(j)),
        }
    }
}

/// A head of the k-way merge of several lists; the heap pops the first in result order.
/// It carries what most comparisons need (the time, and the name in name-grouped order), so
/// the heap reads a job's record at most once, and in newest order only on a tie of times.
struct Head<'k, 'a, J> {
    created_at: i64,
    /// Empty unless the order is name-grouped.
    name: &'a str,
    slot: u32,
    source: usize,
    keys: &'k Keys<'a, J>,
    order: Order,
}

impl<J: JobRecord> Head<'_, '_, J> {
    /// `Less` when `self` comes before `other` in the results.
    fn first(&self, other: &Self) -> Ordering {
        match self.order {
            Order::Newest => other
                .created_at
                .cmp(&self.created_at)
                .then_with(|| self.keys.id(self.slot).cmp(self.keys.id(other.slot))),
            Order::NameGroups => {
                let key = |h: &Self| Key {
                    name: h.name,
                    created_at: h.created_at,
                    job_id: h.keys.id(h.slot),
                };
                self.order.cmp(&key(self), &key(other))
            }
        }
    }
}

impl<J: JobRecord> PartialEq for Head<'_, '_, J> {
    fn eq(&self, other: &Self) -> bool {
        self.slot == other.slot
    }
}
impl<J: JobRecord> Eq for Head<'_, '_, J> {}
impl<J: JobRecord> PartialOrd for Head<'_, '_, J> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<J: JobRecord> Ord for Head<'_, '_, J> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: `BinaryHeap` is a max-heap.
        other.first(self)
    }
}

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
/// use batchlist::{JobIndex, JobStatus, ListServiceJobsRequest, SyntheticJobs};
///
/// let mut index: JobIndex<_> = SyntheticJobs::new(1_000, 7).collect();
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
    queues: Vec<QueueLists>,
    queue_of: BTreeMap<String, usize>,
}

impl<J> Default for JobIndex<J> {
    fn default() -> Self {
        JobIndex {
            records: Vec::new(),
            created: Vec::new(),
            by_id: SlotList::default(),
            queues: Vec::new(),
            queue_of: BTreeMap::new(),
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

    /// The lists `job` (in `slot`) belongs to, created on demand; calls `each(list, order)`.
    fn lists_mut(
        queues: &mut Vec<QueueLists>,
        queue_of: &mut BTreeMap<String, usize>,
        job: &J,
        mut each: impl FnMut(&mut SlotList, Order),
    ) {
        let q = match queue_of.get(job.job_queue()) {
            Some(&q) => q,
            None => {
                queues.push(QueueLists {
                    arn: job.job_queue().to_owned(),
                    ..QueueLists::default()
                });
                queue_of.insert(job.job_queue().to_owned(), queues.len() - 1);
                queues.len() - 1
            }
        };
        let lists = &mut queues[q];
        let s = job.status() as usize;
        each(&mut lists.by_status[s], Order::Newest);
        each(&mut lists.by_name, Order::NameGroups);
        if let Some(v) = job.share_identifier() {
            each(&mut lists_for(&mut lists.shares, v)[s], Order::Newest);
        }
        if let Some(v) = job.quota_share_name() {
            each(&mut lists_for(&mut lists.quotas, v)[s], Order::Newest);
        }
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
        Self::lists_mut(&mut self.queues, &mut self.queue_of, job, |list, order| {
            edit(list, &|s| keys.cmp_key(order, s, &key) == Ordering::Less);
        });
    }

    /// The lists holding `query`'s matches, each as one contiguous run, and where in them;
    /// `None` for a combination no list serves (none today), answered by a scan.
    fn sources<'s>(&'s self, query: &'s Query) -> Option<(Vec<&'s SlotList>, Bound<'s>)> {
        let queues: Vec<&QueueLists> = if query.queue().is_arn() {
            self.queue_of
                .get(query.queue().as_str())
                .map(|&q| &self.queues[q])
                .into_iter()
                .collect()
        } else {
            // Queues are few (tens per account); matching each keeps R-QUEUE-2 in one place.
            self.queues
                .iter()
                .filter(|q| query.queue().matches(&q.arn))
                .collect()
        };
        let pick = |lists: &'s [SlotList; STATUSES]| -> Vec<&'s SlotList> {
            match query.status() {
                Some(s) => vec![&lists[s as usize]],
                None => lists.iter().collect(),
            }
        };
        let by_status = || queues.iter().flat_map(|q| pick(&q.by_status)).collect();
        Some(match query.filter() {
            None => (by_status(), Bound::All),
            Some(Filter::BeforeCreatedAt(t)) if query.status().is_none() => {
                (by_status(), Bound::Before(*t))
            }
            Some(Filter::AfterCreatedAt(t)) if query.status().is_none() => {
                (by_status(), Bound::After(*t))
            }
            Some(f @ Filter::JobName(p)) if query.status().is_none() => (
                queues.iter().map(|q| &q.by_name).collect(),
                Bound::Name {
                    folded: folded_text(p),
                    filter: f,
                },
            ),
            Some(Filter::ShareIdentifier(v)) => (
                queues
                    .iter()
                    .filter_map(|q| q.shares.get(v.as_str()))
                    .flat_map(pick)
                    .collect(),
                Bound::All,
            ),
            Some(Filter::QuotaShareName(v)) => (
                queues
                    .iter()
                    .filter_map(|q| q.quotas.get(v.as_str()))
                    .flat_map(pick)
                    .collect(),
                Bound::All,
            ),
            Some(_) => return None,
        })
    }

    /// Answers `query` from `cursor` (or the start): the same page and token as
    /// [`evaluate`](crate::evaluate) over [`JobIndex::jobs`].
    pub fn evaluate(&self, query: &Query, cursor: Option<&Cursor>) -> Page<'_, J> {
        let order = query.order();
        let Some((lists, bound)) = self.sources(query) else {
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
        let cap = take + 1;
        let mut slots = Vec::with_capacity(cap);
        if let [(list, start)] = runs.as_slice() {
            list.collect(*start, list.end(), cap, &mut slots);
            // The run ends inside what was read, or later: the matches are a prefix.
            let cut = slots.partition_point(|&s| bound.before_end(&keys, s));
            slots.truncate(cut);
        } else {
            let head = |source: usize, slot: u32| {
                bound.before_end(&keys, slot).then(|| Head {
                    created_at: keys.created(slot),
                    name: match order {
                        Order::NameGroups => keys.name(slot),
                        Order::Newest => "",
                    },
                    slot,
                    source,
                    keys: &keys,
                    order,
                })
            };
            let mut pos: Vec<Pos> = runs.iter().map(|r| r.1).collect();
            let mut heap: BinaryHeap<Head<'_, '_, J>> = runs
                .iter()
                .enumerate()
                .filter_map(|(source, (list, start))| head(source, list.get(*start)?))
                .collect();
            while slots.len() < cap {
                let Some(top) = heap.pop() else { break };
                slots.push(top.slot);
                let (list, _) = runs[top.source];
                let p = list.next(pos[top.source]);
                pos[top.source] = p;
                if let Some(next) = list.get(p).and_then(|slot| head(top.source, slot)) {
                    heap.push(next);
                }
            }
        }
        let page: Vec<&J> = slots.iter().filter_map(|&s| keys.job(s)).collect();
        Page::from_candidates(page, query)
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

    /// Heap bytes the index holds beyond the records (`Vec<J>` and what the jobs
    /// own), by capacity: lists, the `created_at` column and queue tables
    /// (their B-tree storage estimated per entry).
    pub fn index_bytes(&self) -> usize {
        // A B-tree node holds up to 11 entries plus a header; count an entry at its size plus
        // its share of a half-full node's overhead.
        let map_entry = |key: usize, value: usize| 2 * (key + value) + 16;
        let lists = |l: &[SlotList; STATUSES]| l.iter().map(SlotList::heap_bytes).sum::<usize>();
        let queues: usize = self
            .queues
            .iter()
            .map(|q| {
                lists(&q.by_status)
                    + q.by_name.heap_bytes()
                    + q.arn.capacity()
                    + [&q.shares, &q.quotas]
                        .iter()
                        .map(|m| {
                            m.len() * map_entry(size_of::<String>(), size_of_val(&q.by_status))
                                + m.iter()
                                    .map(|(k, v)| k.capacity() + lists(v))
                                    .sum::<usize>()
                        })
                        .sum::<usize>()
            })
            .sum();
        self.created.capacity() * size_of::<i64>()
            + self.by_id.heap_bytes()
            + self.queues.capacity() * size_of::<QueueLists>()
            + queues
            + self.queue_of.len() * map_entry(size_of::<String>(), size_of::<usize>())
            + self.queue_of.keys().map(String::capacity).sum::<usize>()
    }
}

/// Whether [`JobIndex::refile`] adds a slot to its lists or takes it out.
#[derive(Debug, Clone, Copy)]
enum Filing {
    Link,
    Unlink,
}

/// The per-status lists of one share identifier or quota share, made on first use; the key
/// is copied only then, not on every filing.
fn lists_for<'m>(
    map: &'m mut BTreeMap<String, [SlotList; STATUSES]>,
    key: &str,
) -> &'m mut [SlotList; STATUSES] {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), Default::default());
    }
    map.get_mut(key).expect("inserted just above")
}

/// The folded text of a name pattern, without the `*` of a prefix (its canonical form is
/// the folded text, then `*` for a prefix).
fn folded_text(p: &JobNamePattern) -> String {
    let mut text = p.to_string();
    if p.is_prefix() {
        text.pop();
    }
    text
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
            queue_of,
            ..
        } = &mut index;
        for (s, job) in records.iter().enumerate() {
            Self::lists_mut(queues, queue_of, job, |list, _| {
                if list.blocks.is_empty() {
                    list.blocks.push(Vec::new());
                }
                list.blocks[0].push(slot_of(s));
            });
        }
        let keys = Keys { records, created };
        for q in queues.iter_mut() {
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
