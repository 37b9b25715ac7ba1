//! Job files: a JSON array of `batchlist::ServiceJob` records, and the bundled sample set.

use batchlist::ServiceJob;
use std::path::Path;

/// The bundled sample: `batchlist gen --count 300 --seed 42`, committed so that
/// `list-service-jobs` works with no file at all.
const SAMPLE_JOBS: &str = include_str!("../data/sample-jobs.json");

/// Reads a job file, or the bundled sample when `path` is `None`. The error is a sentence
/// for the person who named the file.
pub fn load(path: Option<&Path>) -> Result<Vec<ServiceJob>, String> {
    match path {
        None => parse(SAMPLE_JOBS.as_bytes())
            .map_err(|e| format!("the bundled sample job file is invalid: {e}")),
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read job file {}: {e}", path.display()))?;
            parse(&bytes).map_err(|e| format!("invalid job file {}: {e}", path.display()))
        }
    }
}

/// Reads a job-file body: a JSON array of job records with unique `jobId`s (R-JOB-1).
pub fn parse(bytes: &[u8]) -> Result<Vec<ServiceJob>, String> {
    let jobs: Vec<ServiceJob> = serde_json::from_slice(bytes)
        .map_err(|e| format!("expected a JSON array of service jobs: {e}"))?;
    let mut ids = std::collections::HashSet::with_capacity(jobs.len());
    if let Some(job) = jobs.iter().find(|job| !ids.insert(job.job_id.as_str())) {
        return Err(format!(
            "jobId {} appears more than once; job IDs must be unique",
            job.job_id
        ));
    }
    Ok(jobs)
}
