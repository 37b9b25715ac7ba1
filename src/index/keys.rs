//! `Keys`: from slot numbers to the sort keys of their jobs, for the one comparator in
//! `order.rs`. Times come from a dense column; IDs and names from the records, and only when
//! the comparator asks for them.

use crate::job::JobRecord;
use crate::order::{Order, SortKey};
use std::cmp::Ordering;

/// Read access to the records for comparisons: slots to keys.
pub(super) struct Keys<'a, J> {
    pub records: &'a [J],
    pub created: &'a [i64],
}

/// The sort key of the job in one slot, read lazily.
pub(super) struct SlotKey<'k, 'a, J> {
    keys: &'k Keys<'a, J>,
    slot: u32,
}

impl<J: JobRecord> SortKey for SlotKey<'_, '_, J> {
    #[inline]
    fn created_at(&self) -> i64 {
        self.keys.created(self.slot)
    }
    #[inline]
    fn job_id(&self) -> &str {
        self.keys.id(self.slot)
    }
    #[inline]
    fn name(&self) -> &str {
        self.keys.name(self.slot)
    }
}

impl<'a, J: JobRecord> Keys<'a, J> {
    pub fn job(&self, slot: u32) -> Option<&'a J> {
        self.records.get(slot as usize)
    }
    pub fn id(&self, slot: u32) -> &'a str {
        self.job(slot).map_or("", J::job_id)
    }
    pub fn name(&self, slot: u32) -> &'a str {
        self.job(slot).map_or("", J::job_name)
    }
    pub fn created(&self, slot: u32) -> i64 {
        self.created.get(slot as usize).copied().unwrap_or(0)
    }

    /// The sort key of `slot`.
    #[inline]
    pub fn at(&self, slot: u32) -> SlotKey<'_, 'a, J> {
        SlotKey { keys: self, slot }
    }

    /// Where `slot` stands against `key` in `order`.
    #[inline]
    pub fn cmp_key(&self, order: Order, slot: u32, key: &impl SortKey) -> Ordering {
        order.cmp(&self.at(slot), key)
    }

    /// Where slot `a` stands against slot `b` in `order`.
    #[inline]
    pub fn cmp_slots(&self, order: Order, a: u32, b: u32) -> Ordering {
        order.cmp(&self.at(a), &self.at(b))
    }
}
