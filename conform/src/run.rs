//! Running cases against a subject, and the report of a run.

use crate::subject::{Outcome, Subject};
use crate::vectors::{Case, Expect, Step, Suite, WireRequest};
use serde_json::Value;
use std::fmt;

/// How many failures of each area a printed report shows.
const SHOWN_PER_AREA: usize = 3;

/// The result of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// The file the case is in.
    pub file: String,
    /// The file's rule area.
    pub area: String,
    /// The case name.
    pub name: String,
    /// The rules it checks.
    pub rules: Vec<String>,
    /// `None` when it passed; else what went wrong, with expected and actual.
    pub failure: Option<String>,
}

/// The result of a run: every case run, and every file run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// What was checked.
    pub subject: String,
    /// Every case run, in file and case order.
    pub results: Vec<CaseResult>,
    /// The files run (loaded and their matching cases run), by file name.
    pub files_run: Vec<String>,
    /// Files left out, with the reason (for example, batchlist-only token files for an
    /// external adapter).
    pub files_skipped: Vec<(String, String)>,
    /// Cases left out by the name filter.
    pub filtered_out: usize,
    /// Problems with the vectors themselves; a run with any is a failed run.
    pub errors: Vec<String>,
    /// Why the run stopped before its last case: the subject could not start or died
    /// ([`Subject::stopped`](crate::Subject::stopped)). A stopped run is a failed run.
    pub stopped: Option<String>,
}

impl Report {
    /// The failed cases.
    pub fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.results.iter().filter(|r| r.failure.is_some())
    }

    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.failure.is_none()).count()
    }

    /// How many cases failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// True when every case run passed and the vectors had no problem.
    pub fn is_success(&self) -> bool {
        self.errors.is_empty() && self.failed() == 0 && self.stopped.is_none()
    }

    /// Per area, in file order: `(area, passed, failed)`.
    pub fn areas(&self) -> Vec<(String, usize, usize)> {
        let mut rows: Vec<(String, usize, usize)> = Vec::new();
        for r in &self.results {
            let i = match rows.iter().position(|row| row.0 == r.area) {
                Some(i) => i,
                None => {
                    rows.push((r.area.clone(), 0, 0));
                    rows.len() - 1
                }
            };
            if r.failure.is_none() {
                rows[i].1 += 1;
            } else {
                rows[i].2 += 1;
            }
        }
        rows
    }

    /// Every failure, one per line, for a test's panic message.
    pub fn failure_list(&self) -> String {
        let mut out = String::new();
        if let Some(why) = &self.stopped {
            out.push_str(&format!("stopped: {why}\n"));
        }
        for e in &self.errors {
            out.push_str(&format!("vector error: {e}\n"));
        }
        for r in self.failures() {
            out.push_str(&format!(
                "{} [{}] ({}): {}\n",
                r.name,
                r.rules.join(", "),
                r.file,
                r.failure.as_deref().unwrap_or("")
            ));
        }
        out
    }
}

impl fmt::Display for Report {
    /// A table per rule area, then the first failures of each area; with `{:#}`, every
    /// failure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(why) = &self.stopped {
            // One message, not a failure per case: nothing after this was run.
            return writeln!(
                f,
                "conformance of {}: stopped after {} of the cases: {why}",
                self.subject,
                self.results.len()
            );
        }
        let shown = if f.alternate() {
            usize::MAX
        } else {
            SHOWN_PER_AREA
        };
        writeln!(
            f,
            "conformance of {}: {} cases, {} passed, {} failed",
            self.subject,
            self.results.len(),
            self.passed(),
            self.failed()
        )?;
        writeln!(
            f,
            "{:<22} {:>6} {:>7} {:>7}",
            "area", "cases", "passed", "failed"
        )?;
        for (area, passed, failed) in self.areas() {
            writeln!(
                f,
                "{area:<22} {:>6} {passed:>7} {failed:>7}",
                passed + failed
            )?;
        }
        for (file, why) in &self.files_skipped {
            writeln!(f, "skipped {file}: {why}")?;
        }
        if self.filtered_out > 0 {
            writeln!(f, "{} cases left out by the name filter", self.filtered_out)?;
        }
        for e in &self.errors {
            writeln!(f, "vector error: {e}")?;
        }
        for (area, _, failed) in self.areas() {
            if failed == 0 {
                continue;
            }
            writeln!(f, "first failures in {area}:")?;
            for r in self.failures().filter(|r| r.area == area).take(shown) {
                writeln!(
                    f,
                    "  {} [{}]: {}",
                    r.name,
                    r.rules.join(", "),
                    r.failure.as_deref().unwrap_or("")
                )?;
            }
            if failed > shown {
                writeln!(f, "  ... and {} more", failed - shown)?;
            }
        }
        Ok(())
    }
}

/// Which files and cases a run takes.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Only cases whose name contains this.
    pub filter: Option<&'a str>,
    /// Also run `batchlistOnly` files (batchlist's own token bytes).
    pub include_batchlist_only: bool,
}

/// Runs every case of `suite` (that `options` selects) against `subject`, collecting every
/// failure.
pub fn run_suite(suite: &Suite, subject: &mut dyn Subject, options: RunOptions<'_>) -> Report {
    let mut report = Report {
        subject: subject.describe(),
        ..Report::default()
    };
    for loaded in &suite.files {
        let file = &loaded.file;
        if file.meta.batchlist_only && !options.include_batchlist_only {
            report.files_skipped.push((
                loaded.file_name.clone(),
                "pins batchlist's own token bytes".into(),
            ));
            continue;
        }
        report.files_run.push(loaded.file_name.clone());
        for case in &file.cases {
            if options.filter.is_some_and(|f| !case.name.contains(f)) {
                report.filtered_out += 1;
                continue;
            }
            let jobs = match &case.fixture {
                Some(name) => match file.fixtures.get(name) {
                    Some(jobs) => jobs.clone(),
                    None => {
                        report
                            .errors
                            .push(format!("{}: no fixture {name}", case.name));
                        continue;
                    }
                },
                None => Vec::new(),
            };
            let failure = run_case(case, jobs, subject).err();
            report.results.push(CaseResult {
                file: loaded.file_name.clone(),
                area: file.meta.area.clone(),
                name: case.name.clone(),
                rules: case.rules.clone(),
                failure,
            });
            if let Some(why) = subject.stopped() {
                report.stopped = Some(why);
                return report;
            }
        }
    }
    report
}

fn wire(request: &Option<Value>, raw: &Option<String>) -> Result<WireRequest, String> {
    match (request, raw) {
        (Some(v), None) => Ok(WireRequest::Json(v.clone())),
        (None, Some(s)) => Ok(WireRequest::Raw(s.clone())),
        _ => Err("invalid vector: give exactly one of request and rawRequest".into()),
    }
}

fn run_case(case: &Case, jobs: Vec<Value>, subject: &mut dyn Subject) -> Result<(), String> {
    if let Some(steps) = &case.steps {
        return run_steps(steps, jobs, subject);
    }
    let request = wire(&case.request, &case.raw_request)?;
    let expect = case
        .expect
        .as_ref()
        .ok_or("invalid vector: expect is missing")?;
    match &case.walk {
        Some(walk) => run_walk(&request, walk.max_results, &jobs, expect, subject),
        None => check_page(&subject.call(&jobs, &request), expect).map(|_| ()),
    }
}

/// The `nextToken` of a response: a non-empty string, or `None` when absent, null or empty.
fn next_token(response: &Value) -> Result<Option<String>, String> {
    match response.get("nextToken") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("nextToken must be a string, got {other}")),
    }
}

/// The job IDs of a response.
fn job_ids(response: &Value) -> Result<Vec<String>, String> {
    let Some(list) = response.get("jobSummaryList").and_then(Value::as_array) else {
        return Err(format!("response has no jobSummaryList list: {response}"));
    };
    list.iter()
        .map(|j| {
            j.get("jobId")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("a jobSummaryList entry has no string jobId: {j}"))
        })
        .collect()
}

fn show_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Response(r) => match job_ids(r) {
            Ok(ids) => format!(
                "jobIds {ids:?}{}",
                match next_token(r) {
                    Ok(Some(_)) => " with a nextToken",
                    _ => " without nextToken",
                }
            ),
            Err(e) => e,
        },
        Outcome::Error {
            error_type,
            message,
        } => format!("error {error_type} {message:?}"),
        Outcome::Broken(e) => format!("no answer: {e}"),
    }
}

/// Checks one answer against a page or error expectation; returns the page's token.
fn check_page(outcome: &Outcome, expect: &Expect) -> Result<Option<String>, String> {
    if let Some(want) = &expect.error {
        return match outcome {
            Outcome::Error {
                error_type,
                message,
            } => {
                let mut problems = Vec::new();
                if *error_type != want.error_type {
                    problems.push(format!(
                        "expected error type {:?}, but got {error_type:?}",
                        want.error_type
                    ));
                }
                if let Some(m) = &want.message
                    && m != message
                {
                    problems.push(format!("expected message {m:?}, but got {message:?}"));
                }
                if let Some(p) = &want.message_prefix
                    && !message.starts_with(p.as_str())
                {
                    problems.push(format!(
                        "expected a message starting {p:?}, but got {message:?}"
                    ));
                }
                if problems.is_empty() {
                    Ok(None)
                } else {
                    Err(problems.join("; "))
                }
            }
            other => Err(format!(
                "expected error {} {:?}, but got {}",
                want.error_type,
                want.message
                    .as_deref()
                    .or(want.message_prefix.as_deref())
                    .unwrap_or(""),
                show_outcome(other)
            )),
        };
    }
    let Outcome::Response(response) = outcome else {
        return Err(format!(
            "expected jobIds {:?}, but got {}",
            expect.job_ids.as_deref().unwrap_or_default(),
            show_outcome(outcome)
        ));
    };
    let ids = job_ids(response)?;
    let token = next_token(response)?;
    let mut problems = Vec::new();
    if let Some(want) = &expect.job_ids
        && *want != ids
    {
        problems.push(format!("expected jobIds {want:?}, but got {ids:?}"));
    }
    if let Some(want) = expect.has_next_token
        && want != token.is_some()
    {
        problems.push(if want {
            "expected a nextToken, but got none".to_owned()
        } else {
            format!(
                "expected no nextToken, but got {:?}",
                token.as_deref().unwrap_or("")
            )
        });
    }
    if let Some(want) = &expect.job_summary_list {
        let got = response
            .get("jobSummaryList")
            .cloned()
            .unwrap_or(Value::Null);
        if got != Value::Array(want.clone()) {
            problems.push(format!(
                "expected jobSummaryList {}, but got {got}",
                Value::Array(want.clone())
            ));
        }
    }
    if let Some(want) = &expect.next_token
        && Some(want) != token.as_ref()
    {
        problems.push(format!("expected nextToken {want:?}, but got {token:?}"));
    }
    if problems.is_empty() {
        Ok(token)
    } else {
        Err(problems.join("; "))
    }
}

fn with_member(request: &WireRequest, key: &str, value: Value) -> Result<WireRequest, String> {
    match request {
        WireRequest::Json(Value::Object(m)) => {
            let mut m = m.clone();
            m.insert(key.to_owned(), value);
            Ok(WireRequest::Json(Value::Object(m)))
        }
        _ => Err("invalid vector: walks and nextTokenFrom need a JSON object request".into()),
    }
}

fn run_walk(
    request: &WireRequest,
    max_results: Option<i64>,
    jobs: &[Value],
    expect: &Expect,
    subject: &mut dyn Subject,
) -> Result<(), String> {
    let first = match max_results {
        Some(n) => with_member(request, "maxResults", n.into())?,
        None => request.clone(),
    };
    let mut all = Vec::new();
    let mut sizes = Vec::new();
    let mut token: Option<String> = None;
    // A page that makes progress holds at least one job, so a walk that has not ended after
    // one page per job (and one more) repeats itself.
    let limit = jobs.len() + 1;
    loop {
        let page_request = match &token {
            Some(t) => with_member(&first, "nextToken", t.clone().into())?,
            None => first.clone(),
        };
        let page = sizes.len() + 1;
        let outcome = subject.call(jobs, &page_request);
        let Outcome::Response(response) = &outcome else {
            return Err(format!(
                "page {page} of the walk: expected a page, but got {} (after jobIds {all:?})",
                show_outcome(&outcome)
            ));
        };
        let ids = job_ids(response).map_err(|e| format!("page {page}: {e}"))?;
        sizes.push(ids.len());
        all.extend(ids);
        token = next_token(response).map_err(|e| format!("page {page}: {e}"))?;
        if token.is_none() {
            break;
        }
        if sizes.len() >= limit {
            return Err(format!(
                "the walk did not end after {} pages over {} jobs (jobIds so far {all:?})",
                sizes.len(),
                jobs.len()
            ));
        }
    }
    let mut problems = Vec::new();
    if let Some(want) = &expect.job_ids
        && *want != all
    {
        problems.push(format!("expected walk jobIds {want:?}, but got {all:?}"));
    }
    if let Some(want) = &expect.page_sizes
        && *want != sizes
    {
        problems.push(format!("expected page sizes {want:?}, but got {sizes:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn run_steps(
    steps: &[Step],
    mut jobs: Vec<Value>,
    subject: &mut dyn Subject,
) -> Result<(), String> {
    let mut tokens: Vec<Option<String>> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        jobs.retain(|j| {
            let id = j.get("jobId").and_then(Value::as_str).unwrap_or("");
            !step.remove_jobs.iter().any(|r| r == id)
        });
        jobs.extend(step.add_jobs.iter().cloned());
        let mut request =
            wire(&step.request, &step.raw_request).map_err(|e| format!("step {i}: {e}"))?;
        if let Some(from) = step.next_token_from {
            let Some(Some(token)) = tokens.get(from) else {
                return Err(format!(
                    "step {i}: step {from} gave no nextToken to follow (its expectation must say \
                     hasNextToken true)"
                ));
            };
            request = with_member(&request, "nextToken", token.clone().into())
                .map_err(|e| format!("step {i}: {e}"))?;
        }
        let outcome = subject.call(&jobs, &request);
        let token = check_page(&outcome, &step.expect).map_err(|e| format!("step {i}: {e}"))?;
        tokens.push(token);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subject::InProcess;

    /// A subject that answers like the core but reverses each page: every order case must fail.
    struct Reversed;
    impl Subject for Reversed {
        fn describe(&self) -> String {
            "reversed".into()
        }
        fn call(&mut self, jobs: &[Value], request: &WireRequest) -> Outcome {
            match InProcess.call(jobs, request) {
                Outcome::Response(mut r) => {
                    if let Some(Value::Array(list)) = r.get_mut("jobSummaryList") {
                        list.reverse();
                    }
                    Outcome::Response(r)
                }
                other => other,
            }
        }
    }

    /// A subject that never answers by the protocol.
    struct Mute;
    impl Subject for Mute {
        fn describe(&self) -> String {
            "mute".into()
        }
        fn call(&mut self, _: &[Value], _: &WireRequest) -> Outcome {
            Outcome::Broken("nothing".into())
        }
    }

    fn suite() -> Suite {
        Suite::embedded().expect("embedded vectors load")
    }

    #[test]
    fn a_wrong_subject_fails_and_every_failure_is_listed() {
        let suite = suite();
        let report = run_suite(&suite, &mut Reversed, RunOptions::default());
        assert!(!report.is_success());
        assert!(report.failed() > 10, "{report}");
        assert_eq!(report.failure_list().lines().count(), report.failed());
        let report = run_suite(&suite, &mut Mute, RunOptions::default());
        assert_eq!(report.passed(), 0, "{report}");
        assert!(report.to_string().contains("first failures in status"));
    }

    #[test]
    fn the_filter_selects_by_name() {
        let suite = suite();
        let options = RunOptions {
            filter: Some("status/"),
            include_batchlist_only: false,
        };
        let report = run_suite(&suite, &mut InProcess, options);
        assert!(report.results.iter().all(|r| r.name.contains("status/")));
        assert!(report.filtered_out > 0);
        assert!(!report.results.is_empty());
    }
}
