//! `batchlist.JobIndex`: the core's `JobIndex` over `ServiceJob`s, for answering many
//! requests over a job set that changes.

use crate::{client_exception, http, records, request_from_py, to_py};
use batchlist::{JobIndex, JobStatus, ServiceJob};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

/// A job set prepared to answer ListServiceJobs requests in microseconds at any page depth,
/// with exactly the pages and tokens of `batchlist.list_service_jobs` over the same jobs.
/// Keep it up to date with `insert`, `remove` and `set_status`; a token stays valid across
/// changes (keyset paging, R-PAGE-3).
///
/// `jobs` is an iterable of job dicts with the job file's members; job IDs must be unique
/// (R-JOB-1). Raises `ValueError` naming the first bad job and member.
#[pyclass(name = "JobIndex", module = "batchlist._batchlist")]
pub struct PyJobIndex {
    inner: JobIndex<ServiceJob>,
}

#[pymethods]
impl PyJobIndex {
    #[new]
    #[pyo3(signature = (jobs = None))]
    fn new(jobs: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let inner = match jobs {
            Some(jobs) => records::job_set(jobs)?.into_iter().collect(),
            None => JobIndex::new(),
        };
        Ok(PyJobIndex { inner })
    }

    /// Adds a job (a dict with the job file's members), or replaces the job with the same
    /// `jobId`; returns the job it replaced, or None. Raises `ValueError` for a bad job.
    fn insert<'py>(
        &mut self,
        py: Python<'py>,
        job: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let job = records::one_job(job)?;
        self.inner
            .insert(job)
            .map(|old| to_py(py, &old))
            .transpose()
    }

    /// Removes the job with this ID; returns it, or None when there is none.
    fn remove<'py>(
        &mut self,
        py: Python<'py>,
        job_id: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .remove(job_id)
            .map(|old| to_py(py, &old))
            .transpose()
    }

    /// Sets the status (`"RUNNING"`, ...; case sensitive) of the job with this ID; returns
    /// False when there is no such job. Raises `ValueError` for an unknown status.
    fn set_status(&mut self, job_id: &str, status: &str) -> PyResult<bool> {
        let Some(status) = JobStatus::from_wire(status) else {
            let all: Vec<&str> = JobStatus::ALL.iter().map(|s| s.as_str()).collect();
            return Err(PyValueError::new_err(format!(
                "Invalid status '{}': expected one of {}.",
                status.chars().take(64).collect::<String>(),
                all.join(", ")
            )));
        };
        Ok(self.inner.set_status(job_id, status))
    }

    /// The job with this ID as a dict (the job file's members), or None.
    fn get<'py>(&self, py: Python<'py>, job_id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner.get(job_id).map(|job| to_py(py, job)).transpose()
    }

    /// Answers one ListServiceJobs request (the dict of parameters boto3 sends) with the
    /// response dict boto3 returns. Raises `ClientException` for a bad request.
    fn list_service_jobs<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = request_from_py(request)?;
        let response = self
            .inner
            .list_service_jobs(&request)
            .map_err(|e| client_exception(&e))?;
        to_py(py, &response)
    }

    /// Answers a raw request body as `batchlist serve` answers `POST /v1/listservicejobs`:
    /// returns `(status, error_type, body)`, where `error_type` is the `x-amzn-errortype`
    /// header (`"ClientException"`) or None, and `body` the JSON bytes sent. An empty body
    /// reads as `{}`.
    fn answer_http<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
    ) -> PyResult<(u16, Option<&'static str>, Bound<'py, PyBytes>)> {
        let answer = http::answer(&self.inner, &http::body_bytes(body)?);
        Ok((
            answer.status,
            answer.error_type,
            PyBytes::new(py, &answer.body),
        ))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Whether a job with this ID is in the index.
    fn __contains__(&self, job_id: &Bound<'_, PyAny>) -> bool {
        job_id
            .cast::<PyString>()
            .ok()
            .and_then(|id| id.to_cow().ok())
            .is_some_and(|id| self.inner.get(&id).is_some())
    }

    /// Iterates over a snapshot of the jobs, as dicts, in no particular order.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let jobs = self
            .inner
            .jobs()
            .map(|job| to_py(py, job))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, jobs)?.try_iter()?.into_any())
    }

    fn __repr__(&self) -> String {
        format!("<batchlist.JobIndex of {} jobs>", self.inner.len())
    }
}
