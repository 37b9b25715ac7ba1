//! What the index costs in memory, for the memory benchmark (feature `memory-stats`): not
//! part of the default API, since the figure describes this implementation, not the rules.

use super::JobIndex;
use super::lists::StatusLists;
use super::slot_list::SlotList;
use crate::job::JobRecord;

impl SlotList {
    fn heap_bytes(&self) -> usize {
        self.blocks.capacity() * size_of::<Vec<u32>>()
            + self
                .blocks
                .iter()
                .map(|b| b.capacity() * size_of::<u32>())
                .sum::<usize>()
    }
}

impl<J: JobRecord> JobIndex<J> {
    /// Heap bytes the index holds beyond the records (`Vec<J>` and what the jobs
    /// own), by capacity: lists, the `created_at` column and queue tables
    /// (their B-tree storage estimated per entry).
    pub fn index_bytes(&self) -> usize {
        // A B-tree node holds up to 11 entries plus a header; count an entry at its size plus
        // its share of a half-full node's overhead.
        let map_entry = |key: usize, value: usize| 2 * (key + value) + 16;
        let lists = |l: &StatusLists| l.iter().map(SlotList::heap_bytes).sum::<usize>();
        let queues = &self.queues;
        let per_queue: usize = queues
            .lists
            .iter()
            .map(|q| {
                lists(&q.by_status)
                    + q.by_name.heap_bytes()
                    + q.arn.capacity()
                    + [&q.shares, &q.quotas]
                        .iter()
                        .map(|m| {
                            m.len() * map_entry(size_of::<String>(), size_of::<StatusLists>())
                                + m.iter()
                                    .map(|(k, v)| k.capacity() + lists(v))
                                    .sum::<usize>()
                        })
                        .sum::<usize>()
            })
            .sum();
        self.created.capacity() * size_of::<i64>()
            + self.by_id.heap_bytes()
            + queues.lists.capacity() * size_of::<super::lists::QueueLists>()
            + per_queue
            + queues.by_arn.len() * map_entry(size_of::<String>(), size_of::<usize>())
            + queues.by_arn.keys().map(String::capacity).sum::<usize>()
    }
}
