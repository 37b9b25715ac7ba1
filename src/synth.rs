//! Synthetic job sets for demos, tests and benchmarks: a pure function of a count and a seed,
//! so every machine generates the same jobs (no entropy, no clock).

use crate::job::{LatestServiceJobAttempt, ServiceJob, ServiceJobCapacityUsage, ServiceResourceId};
use crate::status::JobStatus;

/// Creation time of the first synthetic job: 2026-01-01T00:00:00Z in epoch milliseconds.
pub const SYNTHETIC_EPOCH_MS: i64 = 1_767_225_600_000;

/// More than the latest of a synthetic job's times can fall after its slot's creation time:
/// 600 ms of jitter, then scheduling, start and a run of up to 1 + 60 + 5 + 120 + 60 + 7,200 s.
const TIMES_AFTER_CREATION_MS: i64 = 8_000_000;

/// The queues synthetic jobs are spread over: `(region, account, name, fair share, quota)`.
const QUEUES: [(&str, &str, &str, bool, bool); 5] = [
    ("us-east-1", "123456789012", "training", true, false),
    ("us-east-1", "123456789012", "research", false, true),
    ("us-east-1", "123456789012", "batch-inference", false, false),
    ("eu-west-1", "123456789012", "training", true, true),
    ("us-west-2", "210987654321", "shared-gpu", true, false),
];

/// Name stems: shared prefixes (`train-`, `train-llm-`, ...) so prefix filters have work.
const STEMS: [&str; 10] = [
    "train-resnet",
    "train-llm",
    "train-llm-7b",
    "Train-Vision",
    "eval-llm",
    "eval-vision",
    "finetune-bert",
    "hpo-sweep",
    "distill",
    "pretrain-llm",
];

const SHARES: [&str; 4] = ["teamA", "teamB", "teamC", "research"];
const QUOTAS: [&str; 3] = ["gold", "silver", "bronze"];
const INSTANCES: [&str; 4] = [
    "ml.p4d.24xlarge",
    "ml.g5.2xlarge",
    "ml.p5.48xlarge",
    "ml.trn1.32xlarge",
];

/// SplitMix64: one 64-bit state step, fixed on every platform.
fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A stream of `count` synthetic jobs; job `i` depends only on `(seed, i, count)`, so the
/// stream can be cut, resumed or generated in parallel with identical results.
///
/// The set is shaped like a busy account: jobs created about every 300 ms with jitter (some
/// share a millisecond), five queues in three regions and two accounts, names from shared
/// prefixes with run numbers, fair-share identifiers and quota shares on the queues that use
/// them, and statuses by age: the newest tenth is in flight (SUBMITTED to RUNNING), older jobs
/// have SUCCEEDED (about 80%) or FAILED.
#[derive(Debug, Clone)]
pub struct SyntheticJobs {
    seed: u64,
    next: u64,
    count: u64,
}

impl SyntheticJobs {
    /// `count` jobs from `seed`; at most [`SyntheticJobs::MAX_COUNT`], whose newest job is
    /// created near the end of `i64` milliseconds (a larger count is cut to it).
    pub fn new(count: u64, seed: u64) -> Self {
        SyntheticJobs {
            seed,
            next: 0,
            count: count.min(Self::MAX_COUNT),
        }
    }

    /// The most jobs a set holds: one created every 300 ms from [`SYNTHETIC_EPOCH_MS`], and
    /// its later times (jitter, scheduling, start, a run of up to two hours: under
    /// 8,000 s) must stay below `i64::MAX` milliseconds.
    pub const MAX_COUNT: u64 =
        ((i64::MAX - SYNTHETIC_EPOCH_MS - TIMES_AFTER_CREATION_MS) / 300) as u64;

    /// Job `index` of the set; `None` past the end of the set, or where its creation time
    /// would not fit in an `i64` (past 2^63 ms, at counts no machine holds).
    pub fn job(&self, index: u64) -> Option<ServiceJob> {
        if index >= self.count {
            return None;
        }
        let mut state = splitmix(self.seed ^ splitmix(index));
        let mut draw = |bound: u64| {
            state = splitmix(state);
            state % bound
        };
        let (region, account, queue, fair_share, quota) =
            QUEUES[draw(QUEUES.len() as u64) as usize];
        let created_at = i64::try_from(index)
            .ok()
            .and_then(|i| i.checked_mul(300))
            .and_then(|t| t.checked_add(SYNTHETIC_EPOCH_MS + draw(600) as i64))?;
        let age = self.count - index; // 1 for the newest job; index < count
        let in_flight = age.saturating_mul(10) <= self.count.max(10);
        let status = if in_flight {
            [
                JobStatus::Submitted,
                JobStatus::Pending,
                JobStatus::Runnable,
                JobStatus::Runnable,
                JobStatus::Scheduled,
                JobStatus::Starting,
                JobStatus::Running,
                JobStatus::Running,
                JobStatus::Running,
                JobStatus::Running,
            ][draw(10) as usize]
        } else if draw(10) < 8 {
            JobStatus::Succeeded
        } else {
            JobStatus::Failed
        };
        let job_id = format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            draw(1 << 32),
            draw(1 << 16),
            draw(1 << 12),
            0x8000 | draw(1 << 14),
            draw(1 << 48)
        );
        let job_name = format!("{}-{}", STEMS[draw(STEMS.len() as u64) as usize], draw(500));
        let started = !matches!(
            status,
            JobStatus::Submitted | JobStatus::Pending | JobStatus::Runnable
        );
        let scheduled_at = started.then(|| created_at + 1_000 + draw(60_000) as i64);
        let started_at = (started && status != JobStatus::Scheduled)
            .then(|| scheduled_at.unwrap_or(created_at) + 5_000 + draw(120_000) as i64);
        let finished = matches!(status, JobStatus::Succeeded | JobStatus::Failed);
        let stopped_at =
            finished.then(|| started_at.unwrap_or(created_at) + 60_000 + draw(7_200_000) as i64);
        let status_reason = match status {
            JobStatus::Failed => Some(
                [
                    "AlgorithmError: non-zero exit",
                    "CapacityError: insufficient capacity",
                    "Terminated by user",
                ][draw(3) as usize]
                    .to_owned(),
            ),
            JobStatus::Succeeded => Some("Training job completed".to_owned()),
            JobStatus::Runnable => Some("Waiting for capacity".to_owned()),
            _ => None,
        };
        let is_terminated =
            status == JobStatus::Failed && status_reason.as_deref() == Some("Terminated by user");
        let running = matches!(status, JobStatus::Starting | JobStatus::Running);
        Some(ServiceJob {
            job_queue: format!("arn:aws:batch:{region}:{account}:job-queue/{queue}"),
            job_arn: Some(format!(
                "arn:aws:batch:{region}:{account}:service-job/{job_id}"
            )),
            job_name: job_name.clone(),
            service_job_type: "SAGEMAKER_TRAINING".to_owned(),
            status,
            status_reason,
            created_at,
            scheduled_at,
            started_at,
            stopped_at,
            share_identifier: fair_share
                .then(|| SHARES[draw(SHARES.len() as u64) as usize].to_owned()),
            quota_share_name: quota.then(|| QUOTAS[draw(QUOTAS.len() as u64) as usize].to_owned()),
            capacity_usage: running.then(|| {
                vec![ServiceJobCapacityUsage {
                    capacity_unit: Some(
                        INSTANCES[draw(INSTANCES.len() as u64) as usize].to_owned(),
                    ),
                    quantity: Some((1 + draw(8)) as f64),
                }]
            }),
            latest_attempt: started.then(|| LatestServiceJobAttempt {
                service_resource_id: Some(ServiceResourceId {
                    name: "TrainingJobArn".to_owned(),
                    value: format!(
                        "arn:aws:sagemaker:{region}:{account}:training-job/{}",
                        job_name.to_ascii_lowercase()
                    ),
                }),
            }),
            is_terminated,
            job_id,
        })
    }
}

impl Iterator for SyntheticJobs {
    type Item = ServiceJob;

    fn next(&mut self) -> Option<ServiceJob> {
        let job = self.job(self.next)?;
        self.next += 1;
        Some(job)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.count - self.next).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

impl ExactSizeIterator for SyntheticJobs {}
