//! `batchlist._batchlist`: the batchlist core as a CPython extension module. The Python
//! package `batchlist` (python/batchlist/) re-exports it and adds `batchlist.testing`.
//!
//! Requests cross the boundary as the JSON they stand for and go through the core's own
//! `decode_request`, so every message is the core's; responses come back as the core's
//! serde form, member for member. Nothing here panics on any input: every failure is a
//! Python exception (`ClientException`, `ValueError` or `TypeError`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod de;
mod http;
mod index;
mod records;

use batchlist::{Error, ListServiceJobsRequest, ServiceJob};
use pyo3::prelude::*;

// Module `batchlist`: users catch it as `batchlist.ClientException`, where it is re-exported.
pyo3::create_exception!(
    batchlist,
    ClientException,
    pyo3::exceptions::PyException,
    "A request that AWS Batch answers with a ClientException (HTTP 400). The message is \
     the core's, exactly as the service sends it in the body's `message`."
);

/// The Python exception for a core error.
pub(crate) fn client_exception(error: &Error) -> PyErr {
    ClientException::new_err(error.to_string())
}

/// Reads a request given as Python objects (the parameters boto3 sends) through the core's
/// `decode_request`, so that its errors, and their messages, are the core's.
pub(crate) fn request_from_py(request: &Bound<'_, PyAny>) -> PyResult<ListServiceJobsRequest> {
    batchlist::decode_request(de::PyDe::new(request)).map_err(|e| client_exception(&e))
}

/// The core's serde form of `value` as Python objects (dicts in the members' order).
pub(crate) fn to_py<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// Answers one ListServiceJobs request over a job set, as the service would.
///
/// `jobs` is a list of job dicts with the job file's members (`jobQueue` ARN, `jobId`,
/// `jobName`, `status`, `createdAt`, ...); `request` is the dict of parameters boto3 sends
/// (`jobQueue`, `jobStatus`, `filters`, `maxResults`, `nextToken`). Returns the response dict
/// boto3 returns (`jobSummaryList`, and `nextToken` when more jobs match).
///
/// Raises `ClientException` for a bad request, with the service's message, and `ValueError`
/// for a bad job, naming the job and the member.
#[pyfunction]
fn list_service_jobs<'py>(
    py: Python<'py>,
    jobs: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let jobs: Vec<ServiceJob> = records::job_set(jobs)?;
    let request = request_from_py(request)?;
    let response = py
        .detach(|| batchlist::list_service_jobs(&jobs, &request))
        .map_err(|e| client_exception(&e))?;
    to_py(py, &response)
}

/// Reads a raw request body (bytes or str) with the core's JSON decoder, as an endpoint
/// reads a body (an empty one is `{}`, R-REQ-1): the request as a dict (the members given,
/// in the core's form), or `ClientException` with the core's message for malformed JSON,
/// trailing characters, duplicate members or members of the wrong type.
#[pyfunction]
fn decode_request<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let bytes = http::body_bytes(body)?;
    // As the endpoint reads a body: an empty one is `{}` (R-REQ-1).
    let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(&bytes));
    let request = batchlist::decode_request(&mut de)
        .and_then(|r| de.end().map(|()| r).map_err(Error::malformed_body))
        .map_err(|e| client_exception(&e))?;
    to_py(py, &request)
}

/// The extension module.
#[pymodule]
fn _batchlist(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ClientException", m.py().get_type::<ClientException>())?;
    m.add_function(wrap_pyfunction!(list_service_jobs, m)?)?;
    m.add_function(wrap_pyfunction!(decode_request, m)?)?;
    m.add_class::<index::PyJobIndex>()?;
    m.add("MAX_RESULTS_LIMIT", batchlist::MAX_RESULTS_LIMIT)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
