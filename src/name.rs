//! Job-name folding: the one definition of "case-insensitive" for job names, used by
//! `JOB_NAME` matching (R-NAME-1, R-NAME-2), name-grouped order (R-ORDER-2) and the index's
//! name bounds. ASCII letters fold to lowercase; every other byte stands for itself, so the
//! fold never changes a name's length and never splits a UTF-8 character.

use std::cmp::Ordering;

/// The bytes of `name` as the rules compare them.
#[inline]
pub(crate) fn folded_bytes(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// A job name with its ASCII letters lowercased and every other byte kept: the form in which
/// `JOB_NAME` compares names (R-NAME-1) and name groups sort (R-ORDER-2). A store that indexes
/// names keeps this beside the name, computed here rather than re-implemented.
pub fn fold_job_name(name: &str) -> String {
    // Same fold as `folded_bytes`, collected; ASCII lowercasing keeps UTF-8 valid.
    name.to_ascii_lowercase()
}

/// Compares `name`, folded, with text that is already folded.
#[inline]
pub(crate) fn cmp_folded(name: &str, folded: &str) -> Ordering {
    folded_bytes(name).cmp(folded.bytes())
}

/// Whether `name`, folded, equals `folded` (or, for a prefix, starts with it).
#[inline]
pub(crate) fn matches_folded(name: &str, folded: &str, prefix: bool) -> bool {
    let (name, want) = (name.as_bytes(), folded.as_bytes());
    let head = if prefix {
        name.get(..want.len())
    } else {
        Some(name)
    };
    // `eq_ignore_ascii_case` is `folded_bytes` equality, without building either side.
    head.is_some_and(|head| head.eq_ignore_ascii_case(want))
}

/// Name-grouped order of two names: folded ascending, then exact ascending, by bytes, so
/// that `Train` and `train` are distinct groups that stand next to each other (R-ORDER-2).
#[inline]
pub(crate) fn cmp_names(a: &str, b: &str) -> Ordering {
    // Same-name pairs are the common case inside a group: one memcmp settles them.
    if a == b {
        return Ordering::Equal;
    }
    folded_bytes(a).cmp(folded_bytes(b)).then_with(|| a.cmp(b))
}
