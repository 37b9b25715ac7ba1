//! `Bound`: where a query's matches sit inside a list that holds them as one contiguous run.

use super::keys::Keys;
use crate::filter::JobNamePattern;
use crate::job::JobRecord;
use crate::name::cmp_folded;
use std::cmp::Ordering;

/// The run of matches inside a list, by its two ends.
#[derive(Debug, Clone)]
pub(super) enum Bound<'q> {
    /// The whole list matches.
    All,
    /// `BEFORE_CREATED_AT`: a suffix in newest order.
    Before(i64),
    /// `AFTER_CREATED_AT`: a prefix in newest order.
    After(i64),
    /// `JOB_NAME`: a run in name-grouped order, from the first name whose fold is not below
    /// the pattern's.
    Name(&'q JobNamePattern),
}

impl Bound<'_> {
    /// Whether `slot` comes before the run of matches.
    pub fn before_start<J: JobRecord>(&self, keys: &Keys<'_, J>, slot: u32) -> bool {
        match self {
            Bound::All | Bound::After(_) => false,
            Bound::Before(t) => keys.created(slot) >= *t,
            Bound::Name(p) => cmp_folded(keys.name(slot), p.folded()) == Ordering::Less,
        }
    }

    /// Whether `slot` comes before the end of the run of matches.
    pub fn before_end<J: JobRecord>(&self, keys: &Keys<'_, J>, slot: u32) -> bool {
        match self {
            Bound::All | Bound::Before(_) => true,
            Bound::After(t) => keys.created(slot) > *t,
            Bound::Name(p) => {
                let name = keys.name(slot);
                cmp_folded(name, p.folded()) == Ordering::Less || p.matches(name)
            }
        }
    }
}
