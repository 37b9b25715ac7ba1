//! The one error type of the crate: every rejected request, with a message written for the
//! person who sent it.

use crate::filter::FILTER_NAMES;
use std::fmt;

/// A request that AWS Batch would answer with a `ClientException` (HTTP 400), or a job record
/// that no loader keeps (R-JOB-1, R-JOB-2; sent as a `ClientException` when it was submitted).
///
/// The `Display` text is the message to put on the wire (`{"message": ...}`); it names the
/// request member at fault. Where AWS's own wording is known (several filters, several values)
/// it is used verbatim; the rest is batchlist's, pinned by tests and listed in `spec/README.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The body is not JSON (or not the format the caller's deserializer reads).
    MalformedBody(String),
    /// The body is JSON but not an object.
    BodyNotAnObject(&'static str),
    DuplicateMember(String),
    WrongType {
        path: String,
        expected: &'static str,
        found: &'static str,
    },
    MissingJobQueue,
    InvalidJobQueue(String),
    InvalidJobStatus(String),
    MaxResultsOutOfRange(String),
    TooManyFilters,
    MissingFilterName(usize),
    UnknownFilterName(usize, String),
    /// A filter name the operation once had: the name, and the member that took its place.
    RetiredFilterName(usize, &'static str, &'static str),
    NoFilterValue(usize),
    TooManyFilterValues,
    InvalidTime {
        index: usize,
        filter: &'static str,
        value: String,
    },
    EmptyNextToken,
    MalformedNextToken,
    UnsupportedTokenVersion(u8),
    ForeignNextToken,
    /// A job record refused by a reader or a store, in their words.
    RefusedJob {
        at: Option<usize>,
        job_id: Option<String>,
        detail: String,
    },
    /// A job record that breaks R-JOB-1 or R-JOB-2.
    InvalidJob {
        /// The record's position in its job set, when it came from one.
        at: Option<usize>,
        job_id: String,
        member: &'static str,
        problem: JobProblem,
    },
}

/// What is wrong with a job record (R-JOB-1, R-JOB-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobProblem {
    NotAQueueArn(String),
    Empty,
    Negative(i64),
    /// The position of the first record with the same `jobId`.
    DuplicateOf(usize),
}

/// The longest excerpt of a client's value that is echoed back in a message: a 1 MB job name
/// must not become a 1 MB error.
const ECHO_LIMIT: usize = 64;

/// A client's value as every message quotes it: cut to 64 characters, then `...`, so that a
/// 1 MB job name never becomes a 1 MB error. Messages written outside the core (a loader's,
/// an endpoint's) quote values through this too.
pub fn echo(value: &str) -> String {
    if value.chars().count() <= ECHO_LIMIT {
        value.to_owned()
    } else {
        let cut: String = value.chars().take(ECHO_LIMIT).collect();
        format!("{cut}...")
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error { kind }
    }

    /// An error for a body that could not be read at all: not UTF-8, not JSON, too large, or
    /// nested too deep. `detail` is the reader's own explanation.
    pub fn malformed_body(detail: impl fmt::Display) -> Self {
        Error::new(ErrorKind::MalformedBody(detail.to_string()))
    }

    pub(crate) fn wrong_type(
        path: impl Into<String>,
        expected: &'static str,
        found: &'static str,
    ) -> Self {
        Error::new(ErrorKind::WrongType {
            path: path.into(),
            expected,
            found,
        })
    }

    /// A member given twice; a long (unknown) member name is cut like any echoed value.
    pub(crate) fn duplicate_member(member: &str) -> Self {
        Error::new(ErrorKind::DuplicateMember(echo(member)))
    }

    pub(crate) fn invalid_time(index: usize, filter: &'static str, value: &str) -> Self {
        Error::new(ErrorKind::InvalidTime {
            index,
            filter,
            value: echo(value),
        })
    }

    pub(crate) fn retired_filter_name(
        index: usize,
        name: &'static str,
        member: &'static str,
    ) -> Self {
        Error::new(ErrorKind::RetiredFilterName(index, name, member))
    }

    pub(crate) fn unknown_filter_name(index: usize, name: &str) -> Self {
        Error::new(ErrorKind::UnknownFilterName(index, echo(name)))
    }

    pub(crate) fn invalid_job_queue(value: &str) -> Self {
        Error::new(ErrorKind::InvalidJobQueue(echo(value)))
    }

    pub(crate) fn invalid_job(member: &'static str, job_id: &str, problem: JobProblem) -> Self {
        Error::new(ErrorKind::InvalidJob {
            at: None,
            job_id: echo(job_id),
            member,
            problem,
        })
    }

    /// A job record refused for a reason the reader or the store gives: it does not read as a
    /// job (not an object, a member missing or of the wrong type, R-JOB-1), or a store cannot
    /// keep it (its `jobId` is already stored). `detail` is that sentence (`createdAt: invalid
    /// type: string "1", expected i64.`); the message names the record as every job error
    /// does: `jobs[3] (jobId 'a'): ...` in a set, `jobs[3]: ...` when it has no string
    /// `jobId`, `Job 'a': ...` alone.
    pub fn refused_job(at: Option<usize>, job_id: Option<&str>, detail: impl fmt::Display) -> Self {
        Error::new(ErrorKind::RefusedJob {
            at,
            job_id: job_id.map(echo),
            detail: detail.to_string(),
        })
    }

    /// The same error, naming the record's position in its job set.
    pub(crate) fn in_job_set(mut self, position: usize) -> Self {
        if let ErrorKind::InvalidJob { at, .. } = &mut self.kind {
            *at = Some(position);
        }
        self
    }

    pub(crate) fn invalid_job_status(value: &str) -> Self {
        Error::new(ErrorKind::InvalidJobStatus(echo(value)))
    }

    /// The AWS error type this error is sent as: always `ClientException` (HTTP 400), since
    /// every error batchlist reports is the client's.
    pub fn error_type(&self) -> &'static str {
        "ClientException"
    }

    /// The HTTP status code this error is sent with on the restJson1 wire.
    pub fn http_status(&self) -> u16 {
        400
    }

    /// The request member at fault, as a path into the request (`maxResults`,
    /// `filters[0].values`), or `None` when the body as a whole is at fault.
    pub fn member(&self) -> Option<String> {
        use ErrorKind::*;
        match &self.kind {
            MalformedBody(_) | BodyNotAnObject(_) => None,
            DuplicateMember(name) => Some(name.clone()),
            WrongType { path, .. } => Some(path.clone()),
            MissingJobQueue | InvalidJobQueue(_) => Some("jobQueue".into()),
            InvalidJobStatus(_) => Some("jobStatus".into()),
            MaxResultsOutOfRange(_) => Some("maxResults".into()),
            TooManyFilters => Some("filters".into()),
            MissingFilterName(i) | UnknownFilterName(i, _) | RetiredFilterName(i, ..) => {
                Some(format!("filters[{i}].name"))
            }
            NoFilterValue(i) => Some(format!("filters[{i}].values")),
            TooManyFilterValues => Some("filters[0].values".into()),
            InvalidTime { index, .. } => Some(format!("filters[{index}].values[0]")),
            EmptyNextToken | MalformedNextToken | UnsupportedTokenVersion(_) | ForeignNextToken => {
                Some("nextToken".into())
            }
            RefusedJob { at, .. } => at.map(|i| format!("jobs[{i}]")),
            InvalidJob { at, member, .. } => Some(match at {
                Some(i) => format!("jobs[{i}].{member}"),
                None => (*member).to_owned(),
            }),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match &self.kind {
            MalformedBody(detail) => write!(f, "The request body is not valid JSON: {detail}."),
            BodyNotAnObject(found) => {
                write!(f, "The request body must be a JSON object, found {found}.")
            }
            DuplicateMember(name) => {
                write!(f, "The request member {name} appears more than once.")
            }
            WrongType {
                path,
                expected,
                found,
            } => {
                write!(f, "Invalid {path}: expected {expected}, found {found}.")
            }
            MissingJobQueue => {
                f.write_str("jobQueue is required: give the name or ARN of a job queue.")
            }
            InvalidJobQueue(value) => write!(
                f,
                "Invalid jobQueue '{value}': expected a job queue name (1 to 128 letters, numbers, \
                 hyphens and underscores) or an ARN arn:aws:batch:REGION:ACCOUNT:job-queue/NAME."
            ),
            InvalidJobStatus(value) => write!(
                f,
                "Invalid jobStatus '{value}': expected one of SUBMITTED, PENDING, RUNNABLE, \
                 SCHEDULED, STARTING, RUNNING, SUCCEEDED, FAILED."
            ),
            MaxResultsOutOfRange(value) => {
                write!(
                    f,
                    "Invalid maxResults {value}: expected an integer from 1 to 100."
                )
            }
            // AWS's own wording (observed, see spec/README.md R-FILTER-1).
            TooManyFilters => f.write_str("Only one filter key-value pair can be specified."),
            MissingFilterName(i) => write!(
                f,
                "filters[{i}].name is required: one of {}.",
                FILTER_NAMES.join(", ")
            ),
            UnknownFilterName(i, name) => write!(
                f,
                "Invalid filters[{i}].name '{name}': expected one of {} (filter names are case \
                 sensitive).",
                FILTER_NAMES.join(", ")
            ),
            RetiredFilterName(i, name, member) => write!(
                f,
                "Invalid filters[{i}].name '{name}': ListServiceJobs has no {name} filter any \
                 more; give the status in the {member} member instead."
            ),
            NoFilterValue(i) => write!(f, "filters[{i}].values must hold exactly one value."),
            // AWS's own wording (observed, see spec/README.md R-FILTER-2).
            TooManyFilterValues => f.write_str("Filter cannot take more than one value."),
            InvalidTime {
                index,
                filter,
                value,
            } => write!(
                f,
                "Invalid {filter} value '{value}' in filters[{index}].values: expected a decimal \
                 number of milliseconds since 1970-01-01T00:00:00Z, from 0 to 9223372036854775807."
            ),
            EmptyNextToken => f.write_str("Invalid nextToken: the token is empty."),
            MalformedNextToken => f.write_str(
                "Invalid nextToken: the token is malformed or was altered; pass the nextToken of \
                 the previous page unchanged.",
            ),
            UnsupportedTokenVersion(v) => write!(
                f,
                "Invalid nextToken: the token was made by token format version {v}, which this \
                 server does not read."
            ),
            ForeignNextToken => f.write_str(
                "Invalid nextToken: the token belongs to a different query; keep jobQueue, \
                 jobStatus and filters the same while paging.",
            ),
            RefusedJob { at, job_id, detail } => {
                write_record(f, *at, job_id.as_deref())?;
                f.write_str(detail)
            }
            InvalidJob {
                at,
                job_id,
                member,
                problem,
            } => {
                write_record(f, *at, Some(job_id))?;
                match problem {
                    JobProblem::NotAQueueArn(value) => write!(
                        f,
                        "{member} '{value}' is not a job queue ARN \
                         (arn:aws:batch:REGION:ACCOUNT:job-queue/NAME), so no request could list it."
                    ),
                    JobProblem::Empty => write!(f, "{member} is empty."),
                    JobProblem::Negative(v) => write!(
                        f,
                        "{member} {v} is negative: expected milliseconds since \
                         1970-01-01T00:00:00Z, from 0."
                    ),
                    JobProblem::DuplicateOf(first) => write!(
                        f,
                        "{member} appears more than once (first at jobs[{first}]); job IDs must \
                         be unique."
                    ),
                }
            }
        }
    }
}

/// How a message names a job record (R-JOB-2): `jobs[3] (jobId 'a'): `, `jobs[3]: ` without a
/// `jobId`, `Job 'a': ` outside a set.
fn write_record(
    f: &mut fmt::Formatter<'_>,
    at: Option<usize>,
    job_id: Option<&str>,
) -> fmt::Result {
    match (at, job_id) {
        (Some(i), Some(id)) => write!(f, "jobs[{i}] (jobId '{id}'): "),
        (Some(i), None) => write!(f, "jobs[{i}]: "),
        (None, Some(id)) => write!(f, "Job '{id}': "),
        (None, None) => f.write_str("Job: "),
    }
}

impl std::error::Error for Error {}

/// The error's body on the restJson1 wire, `{"message": "..."}`, which endpoints send with the
/// status [`Error::http_status`] and the header `x-amzn-errortype:` [`Error::error_type`]; that
/// is what botocore reads into `ClientException` and its message.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut body = serializer.serialize_struct("Error", 1)?;
        body.serialize_field("message", &self.to_string())?;
        body.end()
    }
}
