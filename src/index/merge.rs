//! Reading a page out of the lists that hold a query's matches: one run is read straight;
//! several (statuses, queues sharing a name) are merged k ways in result order.

use super::bound::Bound;
use super::keys::Keys;
use super::slot_list::{Pos, SlotList};
use crate::job::JobRecord;
use crate::order::{Order, SortKey};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

impl<J: JobRecord> SortKey for Head<'_, '_, J> {
    #[inline]
    fn created_at(&self) -> i64 {
        self.created_at
    }
    #[inline]
    fn job_id(&self) -> &str {
        self.keys.id(self.slot)
    }
    #[inline]
    fn name(&self) -> &str {
        self.name
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
        self.order.cmp(other, self)
    }
}

/// The first `cap` slots of the matches, in `order`, from runs that each start at their
/// position and end where `bound` says.
pub(super) fn read_page<J: JobRecord>(
    runs: &[(&SlotList, Pos)],
    bound: &Bound<'_>,
    keys: &Keys<'_, J>,
    order: Order,
    cap: usize,
) -> Vec<u32> {
    let mut slots = Vec::with_capacity(cap);
    if let [(list, start)] = runs {
        list.collect(*start, list.end(), cap, &mut slots);
        // The run ends inside what was read, or later: the matches are a prefix.
        let cut = slots.partition_point(|&s| bound.before_end(keys, s));
        slots.truncate(cut);
        return slots;
    }
    let head = |source: usize, slot: u32| {
        bound.before_end(keys, slot).then(|| Head {
            created_at: keys.created(slot),
            name: match order {
                Order::NameGroups => keys.name(slot),
                Order::Newest => "",
            },
            slot,
            source,
            keys,
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
    slots
}
