//! The lists of one queue ARN, and which of them hold a query's matches.

use super::bound::Bound;
use super::slot_list::SlotList;
use crate::filter::Filter;
use crate::job::JobRecord;
use crate::order::Order;
use crate::query::Query;
use crate::status::JobStatus;
use std::collections::BTreeMap;

pub(super) const STATUSES: usize = JobStatus::ALL.len();

/// One list per status.
pub(super) type StatusLists = [SlotList; STATUSES];

/// The lists of one queue ARN.
#[derive(Debug, Clone, Default)]
pub(super) struct QueueLists {
    pub arn: String,
    pub by_status: StatusLists,
    pub by_name: SlotList,
    pub shares: BTreeMap<String, StatusLists>,
    pub quotas: BTreeMap<String, StatusLists>,
}

/// The queues by ARN, each with its lists.
#[derive(Debug, Clone, Default)]
pub(super) struct Queues {
    pub lists: Vec<QueueLists>,
    pub by_arn: BTreeMap<String, usize>,
}

impl Queues {
    /// The lists `job` belongs to, created on demand; calls `each(list, order)`.
    pub fn lists_mut<J: JobRecord>(&mut self, job: &J, mut each: impl FnMut(&mut SlotList, Order)) {
        let q = match self.by_arn.get(job.job_queue()) {
            Some(&q) => q,
            None => {
                self.lists.push(QueueLists {
                    arn: job.job_queue().to_owned(),
                    ..QueueLists::default()
                });
                self.by_arn
                    .insert(job.job_queue().to_owned(), self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        let lists = &mut self.lists[q];
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

    /// The lists holding `query`'s matches, each as one contiguous run, and where in them;
    /// `None` for a combination no list serves (none today), answered by a scan.
    pub fn sources<'s>(&'s self, query: &'s Query) -> Option<(Vec<&'s SlotList>, Bound<'s>)> {
        let queues: Vec<&QueueLists> = if query.queue().is_arn() {
            self.by_arn
                .get(query.queue().as_str())
                .map(|&q| &self.lists[q])
                .into_iter()
                .collect()
        } else {
            // Queues are few (tens per account); matching each keeps R-QUEUE-2 in one place.
            self.lists
                .iter()
                .filter(|q| query.queue().matches(&q.arn))
                .collect()
        };
        let pick = |lists: &'s StatusLists| -> Vec<&'s SlotList> {
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
            Some(Filter::JobName(p)) if query.status().is_none() => {
                (queues.iter().map(|q| &q.by_name).collect(), Bound::Name(p))
            }
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
}

/// The per-status lists of one share identifier or quota share, made on first use; the key
/// is copied only then, not on every filing.
fn lists_for<'m>(map: &'m mut BTreeMap<String, StatusLists>, key: &str) -> &'m mut StatusLists {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), Default::default());
    }
    map.get_mut(key).expect("inserted just above")
}
