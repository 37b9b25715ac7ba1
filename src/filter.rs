//! `Filter` and `JobNamePattern`: the one filter a request may carry (R-FILTER-*, R-NAME-*,
//! R-TIME-*, R-SHARE-1, R-QUOTA-1).

use crate::error::Error;
use crate::job::JobRecord;
use crate::name::{fold_job_name, matches_folded};
use std::fmt;

/// A `JOB_NAME` filter value: a case-insensitive exact name, or a prefix when the value ends
/// with `*`.
///
/// # Syntax
/// - `train` matches `train`, `Train`, `TRAIN` (R-NAME-1). Case is folded for ASCII letters
///   only: job names are ASCII (letters, digits, `-`, `_`).
/// - `train*` matches every name starting with `train`, in any case (R-NAME-2); `*` alone
///   matches every name.
/// - Only the last `*` is special: `tr*in` and `train**` hold a literal `*` (R-NAME-3), which
///   no valid job name contains.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobNamePattern {
    /// The name or prefix, ASCII-lowercased, without the trailing `*`.
    folded: String,
    prefix: bool,
}

impl JobNamePattern {
    /// Reads a `JOB_NAME` filter value. Every string is a valid pattern.
    pub fn new(value: &str) -> JobNamePattern {
        let (text, prefix) = match value.strip_suffix('*') {
            Some(head) => (head, true),
            None => (value, false),
        };
        JobNamePattern {
            folded: fold_job_name(text),
            prefix,
        }
    }

    /// Whether the pattern is a prefix (`value*`).
    pub fn is_prefix(&self) -> bool {
        self.prefix
    }

    /// The name, or the prefix without its `*`, as [`fold_job_name`] folds it: a job matches
    /// when its folded name equals this (or, for a prefix, starts with it).
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether `job_name` matches (R-NAME-1, R-NAME-2).
    pub fn matches(&self, job_name: &str) -> bool {
        matches_folded(job_name, &self.folded, self.prefix)
    }
}

impl fmt::Display for JobNamePattern {
    /// The canonical (lowercased) form: `train*`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.folded)?;
        if self.prefix {
            f.write_str("*")?;
        }
        Ok(())
    }
}

/// The one filter of a request (the `filters` member holds at most one; R-FILTER-1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Filter {
    /// `JOB_NAME`: jobs whose name matches the pattern. Ignores `jobStatus` (R-FILTER-5) and
    /// groups results by name (R-ORDER-2).
    JobName(JobNamePattern),
    /// `BEFORE_CREATED_AT`: jobs created strictly before this epoch millisecond (R-TIME-2).
    /// Ignores `jobStatus`.
    BeforeCreatedAt(i64),
    /// `AFTER_CREATED_AT`: jobs created strictly after this epoch millisecond (R-TIME-3).
    /// Ignores `jobStatus`.
    AfterCreatedAt(i64),
    /// `SHARE_IDENTIFIER`: jobs with exactly this share identifier (R-SHARE-1). Combines with
    /// `jobStatus` (R-FILTER-6).
    ShareIdentifier(String),
    /// `QUOTA_SHARE_NAME`: jobs with exactly this quota share name (R-QUOTA-1). Combines with
    /// `jobStatus` (R-FILTER-6).
    QuotaShareName(String),
}

/// A filter's kind: its name without its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FilterKind {
    JobName,
    BeforeCreatedAt,
    AfterCreatedAt,
    ShareIdentifier,
    QuotaShareName,
}

/// The filters by wire name, in the model's order (`ListJobsFilterList` in botocore 1.44.8):
/// the one table that parsing, [`Filter::name`], [`FILTER_NAMES`] and the error messages read.
/// Names are case sensitive (R-FILTER-3).
const FILTERS: [(&str, FilterKind); 5] = [
    ("JOB_NAME", FilterKind::JobName),
    ("BEFORE_CREATED_AT", FilterKind::BeforeCreatedAt),
    ("AFTER_CREATED_AT", FilterKind::AfterCreatedAt),
    ("SHARE_IDENTIFIER", FilterKind::ShareIdentifier),
    ("QUOTA_SHARE_NAME", FilterKind::QuotaShareName),
];

/// Filter names that `ListServiceJobs` once documented and no longer has, with the request
/// member that does their work (R-FILTER-7).
const RETIRED_FILTERS: [(&str, &str); 1] = [("JOB_STATUS", "jobStatus")];

/// The filter names, exactly as the wire spells them (case sensitive, R-FILTER-3).
pub const FILTER_NAMES: [&str; 5] = {
    let mut names = [""; 5];
    let mut i = 0;
    while i < FILTERS.len() {
        names[i] = FILTERS[i].0;
        i += 1;
    }
    names
};

impl FilterKind {
    /// Reads `filters[index].name`.
    ///
    /// # Errors
    /// A retired name (R-FILTER-7), or any other name not in the table (R-FILTER-3).
    pub(crate) fn parse(index: usize, name: &str) -> Result<FilterKind, Error> {
        if let Some((_, kind)) = FILTERS.iter().find(|(n, _)| *n == name) {
            return Ok(*kind);
        }
        match RETIRED_FILTERS.iter().find(|(n, _)| *n == name) {
            Some(&(retired, member)) => Err(Error::retired_filter_name(index, retired, member)),
            None => Err(Error::unknown_filter_name(index, name)),
        }
    }

    fn wire_name(self) -> &'static str {
        // Every kind has its row (checked by the rule tests for each variant).
        FILTERS
            .iter()
            .find(|(_, kind)| *kind == self)
            .map_or("", |(name, _)| name)
    }

    /// The filter of this kind with `value`, the value of `filters[index]`.
    ///
    /// # Errors
    /// A time that is not a decimal number of milliseconds from 0 to `i64::MAX` (R-TIME-1).
    pub(crate) fn with_value(self, index: usize, value: &str) -> Result<Filter, Error> {
        let time = || {
            epoch_millis(value).ok_or_else(|| Error::invalid_time(index, self.wire_name(), value))
        };
        Ok(match self {
            FilterKind::JobName => Filter::JobName(JobNamePattern::new(value)),
            FilterKind::BeforeCreatedAt => Filter::BeforeCreatedAt(time()?),
            FilterKind::AfterCreatedAt => Filter::AfterCreatedAt(time()?),
            FilterKind::ShareIdentifier => Filter::ShareIdentifier(value.to_owned()),
            FilterKind::QuotaShareName => Filter::QuotaShareName(value.to_owned()),
        })
    }
}

/// Reads an epoch-millisecond filter value: ASCII digits only, 0 to `i64::MAX` (R-TIME-1).
fn epoch_millis(value: &str) -> Option<i64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

impl Filter {
    /// Reads a filter from its wire name and its one value.
    ///
    /// # Errors
    /// An unknown or wrongly cased name (R-FILTER-3), a retired one (R-FILTER-7), or a time
    /// that is not a decimal number of milliseconds from 0 to `i64::MAX` (R-TIME-1).
    pub fn new(name: &str, value: &str) -> Result<Filter, Error> {
        FilterKind::parse(0, name)?.with_value(0, value)
    }

    fn kind(&self) -> FilterKind {
        match self {
            Filter::JobName(_) => FilterKind::JobName,
            Filter::BeforeCreatedAt(_) => FilterKind::BeforeCreatedAt,
            Filter::AfterCreatedAt(_) => FilterKind::AfterCreatedAt,
            Filter::ShareIdentifier(_) => FilterKind::ShareIdentifier,
            Filter::QuotaShareName(_) => FilterKind::QuotaShareName,
        }
    }

    /// The wire name: `JOB_NAME`, `BEFORE_CREATED_AT`, ...
    pub fn name(&self) -> &'static str {
        self.kind().wire_name()
    }

    /// The value in canonical form: two filters with the same name and canonical value
    /// select the same jobs (used to bind page tokens to queries, R-TOKEN-1).
    pub fn canonical_value(&self) -> String {
        match self {
            Filter::JobName(p) => p.to_string(),
            Filter::BeforeCreatedAt(t) | Filter::AfterCreatedAt(t) => t.to_string(),
            Filter::ShareIdentifier(s) | Filter::QuotaShareName(s) => s.clone(),
        }
    }

    /// Whether `jobStatus` still applies alongside this filter (R-FILTER-5, R-FILTER-6).
    pub fn combines_with_status(&self) -> bool {
        matches!(self, Filter::ShareIdentifier(_) | Filter::QuotaShareName(_))
    }

    /// Whether the job passes this filter (status and queue are checked elsewhere).
    #[inline]
    pub fn matches<J: JobRecord + ?Sized>(&self, job: &J) -> bool {
        match self {
            Filter::JobName(p) => p.matches(job.job_name()),
            Filter::BeforeCreatedAt(t) => job.created_at() < *t,
            Filter::AfterCreatedAt(t) => job.created_at() > *t,
            Filter::ShareIdentifier(s) => job.share_identifier() == Some(s.as_str()),
            Filter::QuotaShareName(s) => job.quota_share_name() == Some(s.as_str()),
        }
    }
}
