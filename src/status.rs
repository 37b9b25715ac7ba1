//! `JobStatus`: the eight states of a service job (`ServiceJobStatus` in the model).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The status of a service job, as the `ServiceJobStatus` enum of the model spells it.
///
/// Values are case sensitive on the wire (`RUNNING`, never `running`; rule R-STATUS-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    /// Submitted, not yet evaluated by the scheduler.
    Submitted,
    /// Waiting on dependencies.
    Pending,
    /// Ready to be scheduled, waiting for capacity.
    Runnable,
    /// Scheduled onto capacity.
    Scheduled,
    /// Being started.
    Starting,
    /// Running. The status listed when a request names neither status nor filter.
    Running,
    /// Finished successfully.
    Succeeded,
    /// Finished unsuccessfully.
    Failed,
}

impl JobStatus {
    /// Every status, in the model's order.
    pub const ALL: [JobStatus; 8] = [
        JobStatus::Submitted,
        JobStatus::Pending,
        JobStatus::Runnable,
        JobStatus::Scheduled,
        JobStatus::Starting,
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Failed,
    ];

    /// The wire spelling: `"RUNNING"`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Submitted => "SUBMITTED",
            JobStatus::Pending => "PENDING",
            JobStatus::Runnable => "RUNNABLE",
            JobStatus::Scheduled => "SCHEDULED",
            JobStatus::Starting => "STARTING",
            JobStatus::Running => "RUNNING",
            JobStatus::Succeeded => "SUCCEEDED",
            JobStatus::Failed => "FAILED",
        }
    }

    /// Reads the wire spelling, exactly (R-STATUS-1): `"running"` is not a status.
    pub fn from_wire(value: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
