//! `SlotList`: slot numbers in one order, in blocks, the container behind every list of the
//! index. It knows no order of its own: callers pass the comparison.

use std::cmp::Ordering;

/// Most slots in one block of a list: inserting moves at most this many `u32`s, and a seek
/// is a binary search over block ends, then inside one block.
pub(super) const BLOCK: usize = 512;

/// A position in a [`SlotList`]: block, then offset inside it. The end is
/// `(blocks.len(), 0)`, so positions compare as tuples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Pos {
    pub block: usize,
    pub at: usize,
}

/// Slot numbers in one order, in blocks of 1 to [`BLOCK`] slots. The order lives in the
/// caller's comparisons, so one structure serves every order without copying keys.
#[derive(Debug, Clone, Default)]
pub(super) struct SlotList {
    pub blocks: Vec<Vec<u32>>,
}

impl SlotList {
    pub fn from_sorted(slots: &[u32]) -> SlotList {
        SlotList {
            blocks: slots.chunks(BLOCK).map(<[u32]>::to_vec).collect(),
        }
    }

    pub fn end(&self) -> Pos {
        Pos {
            block: self.blocks.len(),
            at: 0,
        }
    }

    /// The first position whose slot is not `before`; `before` must hold for a prefix.
    pub fn seek(&self, mut before: impl FnMut(u32) -> bool) -> Pos {
        let block = self
            .blocks
            .partition_point(|b| b.last().is_some_and(|&s| before(s)));
        let at = self
            .blocks
            .get(block)
            .map_or(0, |b| b.partition_point(|&s| before(s)));
        Pos { block, at }
    }

    pub fn get(&self, p: Pos) -> Option<u32> {
        self.blocks.get(p.block)?.get(p.at).copied()
    }

    pub fn next(&self, p: Pos) -> Pos {
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
    pub fn collect(&self, from: Pos, to: Pos, cap: usize, out: &mut Vec<u32>) {
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
    pub fn insert(&mut self, slot: u32, before: impl FnMut(u32) -> bool) {
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
    pub fn remove(&mut self, slot: u32, before: impl FnMut(u32) -> bool) -> bool {
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
    pub fn sort_built(&mut self, mut cmp: impl FnMut(u32, u32) -> Ordering) {
        let mut all = self.blocks.pop().unwrap_or_default();
        all.sort_unstable_by(|&a, &b| cmp(a, b));
        *self = SlotList::from_sorted(&all);
    }
}
