//! Conformance vectors for AWS Batch `ListServiceJobs`, and the harness that runs them.
//!
//! The vectors live in `spec/vectors/*.json` (format: `spec/vectors/README.md`). This crate
//! reads them, checks each case before running it (unknown members, duplicate names and
//! dangling references are errors), runs them against a [`Subject`] and reports every failure
//! with what was expected and what came back.
//!
//! Two subjects come with it: [`InProcess`], the batchlist core, and [`External`], any
//! implementation behind the adapter protocol: a long-running command that reads one JSON
//! line per request on stdin and writes one JSON line per answer on stdout.
//!
//! ```
//! use batchlist_conform::{InProcess, RunOptions, Suite, run_suite};
//!
//! let suite = Suite::embedded().expect("the vectors are valid");
//! let report = run_suite(&suite, &mut InProcess, RunOptions::default());
//! assert!(report.is_success(), "{report}");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod run;
mod subject;
mod vectors;

pub use run::{CaseResult, Report, RunOptions, run_suite};
pub use subject::{External, InProcess, Outcome, Subject, answer, parse_answer_line, request_line};
pub use vectors::{
    Case, EMBEDDED, Expect, ExpectedError, FORMAT_VERSION, LoadedFile, Meta, Step, Suite,
    VectorFile, Walk, WireRequest, list_vector_files,
};

use serde_json::{Value, json};
use std::io::{self, BufRead, Write};

/// Runs the portable vectors compiled into this crate against an adapter command (run with
/// `sh -c`), keeping only the cases whose name contains `filter`. Files that pin batchlist's
/// own token bytes are left out. Never panics on a misbehaving adapter: its failures are in
/// the report.
pub fn run_conform(adapter_command: &str, filter: Option<&str>) -> Report {
    let mut subject = External::new(adapter_command);
    match Suite::embedded() {
        Ok(suite) => run_suite(
            &suite,
            &mut subject,
            RunOptions {
                filter,
                include_batchlist_only: false,
            },
        ),
        Err(errors) => Report {
            subject: subject.describe(),
            errors,
            ..Report::default()
        },
    }
}

/// Answers one protocol line: the line batchlist's adapter writes back.
pub fn adapter_answer(line: &str) -> Value {
    let message: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return json!({"adapterError": format!("the line is not JSON: {e}")}),
    };
    let jobs = match message.get("fixture") {
        Some(Value::Array(jobs)) => jobs.as_slice(),
        _ => return json!({"adapterError": "the line has no fixture list"}),
    };
    let body = match (message.get("request"), message.get("rawRequest")) {
        (Some(request), None) => request.to_string(),
        (None, Some(Value::String(raw))) => raw.clone(),
        _ => {
            return json!({"adapterError": "the line needs exactly one of request and rawRequest (a string)"});
        }
    };
    match answer(jobs, &body) {
        Outcome::Response(response) => json!({"response": response}),
        Outcome::Error {
            error_type,
            message,
        } => json!({"error": {"type": error_type, "message": message}}),
        Outcome::Broken(e) => json!({"adapterError": e}),
    }
}

/// batchlist's own adapter: reads protocol lines from `input` until it ends and answers each
/// with the batchlist core on `output`, one line each, flushed.
///
/// # Errors
/// Reading `input` or writing `output` fails.
pub fn run_adapter<R: BufRead, W: Write>(input: R, mut output: W) -> io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        writeln!(output, "{}", adapter_answer(&line))?;
        output.flush()?;
    }
    Ok(())
}
