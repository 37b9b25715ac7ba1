//! Job records from Python: each dict is read as the JSON object it stands for, by the core's
//! own `ServiceJob` deserializer (the job file's format), and the set is checked by the core's
//! `check_jobs` (R-JOB-1, R-JOB-2). Every failure is a message naming the record (its
//! position and `jobId`) and the member.

use crate::de::{PyDe, type_name};
use batchlist::{Error, ServiceJob, check_job, check_jobs};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use serde::Deserialize;

/// Reads one record; `at` is its position in the job set, when it comes from one.
///
/// # Errors
/// `ValueError` naming the record and the member: not a dict, a member that is not JSON, or
/// a member missing or of the wrong type for the job file's format.
pub fn job_from_py(obj: &Bound<'_, PyAny>, at: Option<usize>) -> PyResult<ServiceJob> {
    // Named as every job error names a record (the core's `Error::refused_job`).
    let unreadable = |job_id: Option<&str>, detail: String| {
        PyValueError::new_err(Error::refused_job(at, job_id, detail).to_string())
    };
    let Ok(dict) = obj.cast::<PyDict>() else {
        let kind = type_name(obj);
        return Err(unreadable(
            None,
            format!("expected a dict of the job file's members, found {kind}."),
        ));
    };
    ServiceJob::deserialize(PyDe::new(obj)).map_err(|e| {
        // The jobId is looked up only to name a record at fault.
        let job_id = dict
            .get_item("jobId")
            .ok()
            .flatten()
            .and_then(|id| id.extract::<String>().ok());
        unreadable(job_id.as_deref(), format!("{e}."))
    })
}

/// Reads and checks a single record, as `JobIndex.insert` receives it.
///
/// # Errors
/// As [`job_from_py`], then the core's `check_job` (R-JOB-2) as a `ValueError`.
pub fn one_job(obj: &Bound<'_, PyAny>) -> PyResult<ServiceJob> {
    let job = job_from_py(obj, None)?;
    check_job(&job).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(job)
}

/// Reads and checks a job set: any iterable of records.
///
/// # Errors
/// `TypeError` when `jobs` is not iterable, or is a dict, str or bytes; otherwise the first record at fault, as
/// [`job_from_py`] and then the core's `check_jobs` (R-JOB-1, R-JOB-2) say, as `ValueError`.
pub fn job_set(jobs: &Bound<'_, PyAny>) -> PyResult<Vec<ServiceJob>> {
    // Iterable, but surely not a job set: a dict would give its keys, a str its characters.
    if jobs.is_instance_of::<PyDict>()
        || jobs.is_instance_of::<PyString>()
        || jobs.is_instance_of::<PyBytes>()
    {
        let kind = type_name(jobs);
        return Err(PyTypeError::new_err(format!(
            "jobs must be an iterable of job dicts (a list), not {kind}."
        )));
    }
    let mut out = Vec::with_capacity(jobs.len().unwrap_or(0));
    for (at, item) in jobs.try_iter()?.enumerate() {
        out.push(job_from_py(&item?, Some(at))?);
    }
    check_jobs(&out).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(out)
}
