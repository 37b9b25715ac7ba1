//! `JobQueue`: the queue a request names, by name or by ARN (R-QUEUE-1, R-QUEUE-2).

use crate::error::Error;
use std::fmt;

/// The job queue of a request: a bare name or a full ARN.
///
/// # Syntax
/// A name is 1 to 128 ASCII letters, digits, hyphens and underscores. An ARN is
/// `arn:PARTITION:batch:REGION:ACCOUNT:job-queue/NAME` with a partition starting with `aws`,
/// a region of lowercase letters, digits and hyphens, and a 12-digit account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobQueue {
    given: String,
    /// Byte offset of the name inside `given` (0 for a bare name).
    name_at: usize,
}

const ARN_SEPARATOR: &str = ":job-queue/";

fn is_queue_name(s: &str) -> bool {
    (1..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_arn_prefix(prefix: &str) -> bool {
    // prefix is "arn:PARTITION:batch:REGION:ACCOUNT"
    let parts: Vec<&str> = prefix.split(':').collect();
    matches!(parts.as_slice(), ["arn", partition, "batch", region, account]
        if partition.starts_with("aws")
            && partition.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && !region.is_empty()
            && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && account.len() == 12
            && account.bytes().all(|b| b.is_ascii_digit()))
}

impl JobQueue {
    /// Reads a `jobQueue` value: a name or an ARN (R-QUEUE-1).
    ///
    /// # Errors
    /// A value that is neither, with a message naming `jobQueue`.
    pub fn parse(value: &str) -> Result<JobQueue, Error> {
        if is_queue_name(value) {
            return Ok(JobQueue {
                given: value.to_owned(),
                name_at: 0,
            });
        }
        if let Some(at) = value.find(ARN_SEPARATOR) {
            let name_at = at + ARN_SEPARATOR.len();
            if is_arn_prefix(&value[..at]) && is_queue_name(&value[name_at..]) {
                return Ok(JobQueue {
                    given: value.to_owned(),
                    name_at,
                });
            }
        }
        Err(Error::invalid_job_queue(value))
    }

    /// The value as the request gave it.
    pub fn as_str(&self) -> &str {
        &self.given
    }

    /// The queue's name (the part after `job-queue/` of an ARN).
    pub fn name(&self) -> &str {
        &self.given[self.name_at..]
    }

    /// Whether the request gave an ARN rather than a bare name.
    pub fn is_arn(&self) -> bool {
        self.name_at != 0
    }

    /// The queue name of a job's queue ARN (`training` of `...:job-queue/training`), or `None`
    /// when `job_queue_arn` is not a job queue ARN. A request that names its queue by name
    /// matches exactly the jobs whose queue ARN has that name (R-QUEUE-2).
    pub fn name_of_arn(job_queue_arn: &str) -> Option<&str> {
        let at = job_queue_arn.find(ARN_SEPARATOR)?;
        let name = &job_queue_arn[at + ARN_SEPARATOR.len()..];
        (is_arn_prefix(&job_queue_arn[..at]) && is_queue_name(name)).then_some(name)
    }

    /// Whether a job whose queue ARN is `job_queue_arn` belongs to this queue: an ARN must
    /// equal it; a name must equal the ARN's name part (R-QUEUE-2). Both case sensitive.
    pub fn matches(&self, job_queue_arn: &str) -> bool {
        if self.is_arn() {
            job_queue_arn == self.given
        } else {
            job_queue_arn
                .strip_suffix(self.given.as_str())
                .is_some_and(|rest| rest.ends_with(ARN_SEPARATOR))
        }
    }
}

impl fmt::Display for JobQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.given)
    }
}
