//! The vector file format (`spec/vectors/README.md`): reading, and checking every case before
//! anything runs, so that a typo in a vector is reported as such rather than as a failure of
//! the implementation under test.

use batchlist::ServiceJob;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The format version this harness reads (`meta.format`).
pub const FORMAT_VERSION: u64 = 1;

/// The members a fixture job may have: those of a batchlist job-file record.
const JOB_MEMBERS: [&str; 16] = [
    "jobQueue",
    "jobArn",
    "jobId",
    "jobName",
    "serviceJobType",
    "status",
    "statusReason",
    "createdAt",
    "scheduledAt",
    "startedAt",
    "stoppedAt",
    "shareIdentifier",
    "quotaShareName",
    "capacityUsage",
    "latestAttempt",
    "isTerminated",
];

/// One vector file: what it is, its named job sets, and its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VectorFile {
    /// What the file is.
    pub meta: Meta,
    /// Named job sets, each a list of job-file records.
    #[serde(default)]
    pub fixtures: BTreeMap<String, Vec<Value>>,
    /// The cases, run in order.
    pub cases: Vec<Case>,
}

/// The first member of every file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Meta {
    /// The format version, [`FORMAT_VERSION`].
    pub format: u64,
    /// The rule area; every case name starts with `AREA/`.
    pub area: String,
    /// What the file checks.
    pub description: String,
    /// Which spec the expectations follow (`spec/README.md`).
    #[serde(default)]
    pub spec: Option<String>,
    /// When true, the file pins batchlist's own token bytes and is run only against batchlist.
    #[serde(default)]
    pub batchlist_only: bool,
}

/// One case: a single request, a walk, or a list of steps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Case {
    /// Unique name across all files, `AREA/what-it-checks`.
    pub name: String,
    /// The rule IDs the case checks.
    pub rules: Vec<String>,
    /// Why the case exists or what it shows.
    #[serde(default)]
    pub note: Option<String>,
    /// Where the expectation comes from when it records AWS behaviour (`observed: ...`).
    #[serde(default)]
    pub source: Option<String>,
    /// The name of the job set the case runs over; no jobs when absent.
    #[serde(default)]
    pub fixture: Option<String>,
    /// The request body as a JSON object (or any JSON value).
    #[serde(default)]
    pub request: Option<Value>,
    /// The request body as exact text, for bodies a JSON value cannot express.
    #[serde(default)]
    pub raw_request: Option<String>,
    /// Turns the case into a walk: follow `nextToken` until it ends.
    #[serde(default)]
    pub walk: Option<Walk>,
    /// What the single request or the walk must give.
    #[serde(default)]
    pub expect: Option<Expect>,
    /// A sequence of requests over a changing job set.
    #[serde(default)]
    pub steps: Option<Vec<Step>>,
}

/// How to walk a query.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Walk {
    /// The `maxResults` of every page request; the request's own when absent.
    #[serde(default)]
    pub max_results: Option<i64>,
}

/// One request of a step case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Step {
    /// What the step shows.
    #[serde(default)]
    pub note: Option<String>,
    /// Job IDs removed from the job set before the request.
    #[serde(default)]
    pub remove_jobs: Vec<String>,
    /// Jobs added to the job set before the request (after `removeJobs`).
    #[serde(default)]
    pub add_jobs: Vec<Value>,
    /// The request body.
    #[serde(default)]
    pub request: Option<Value>,
    /// The request body as exact text.
    #[serde(default)]
    pub raw_request: Option<String>,
    /// Index of an earlier step whose response's `nextToken` is sent as this request's
    /// `nextToken`.
    #[serde(default)]
    pub next_token_from: Option<usize>,
    /// What the request must give.
    pub expect: Expect,
}

/// An expectation: a page, a walk's result, or an error.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expect {
    /// The job IDs of the page (or of the whole walk), in order.
    #[serde(default)]
    pub job_ids: Option<Vec<String>>,
    /// Whether the page has a `nextToken` (single requests and steps only).
    #[serde(default)]
    pub has_next_token: Option<bool>,
    /// The number of jobs of each page of a walk.
    #[serde(default)]
    pub page_sizes: Option<Vec<usize>>,
    /// The page's `jobSummaryList`, member for member (single requests and steps only).
    #[serde(default)]
    pub job_summary_list: Option<Vec<Value>>,
    /// The exact `nextToken` text: only in `batchlistOnly` files.
    #[serde(default)]
    pub next_token: Option<String>,
    /// The error the request must be refused with.
    #[serde(default)]
    pub error: Option<ExpectedError>,
}

/// An expected error.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExpectedError {
    /// The error type, `ClientException`.
    #[serde(rename = "type")]
    pub error_type: String,
    /// The exact message.
    #[serde(default)]
    pub message: Option<String>,
    /// The start of the message, where the rest is a parser's own text.
    #[serde(default)]
    pub message_prefix: Option<String>,
}

/// A request body: a JSON value, or exact text.
#[derive(Debug, Clone, PartialEq)]
pub enum WireRequest {
    /// A JSON value, written out by the harness (member order may change).
    Json(Value),
    /// Text sent byte for byte.
    Raw(String),
}

impl WireRequest {
    /// The body as text.
    pub fn body(&self) -> String {
        match self {
            WireRequest::Json(v) => v.to_string(),
            WireRequest::Raw(s) => s.clone(),
        }
    }
}

/// A loaded, checked file.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// The file name, `status.json`.
    pub file_name: String,
    /// Its content.
    pub file: VectorFile,
}

/// Every vector file of a run, checked.
#[derive(Debug, Clone, Default)]
pub struct Suite {
    /// The files, sorted by name.
    pub files: Vec<LoadedFile>,
}

/// The vector files compiled into this crate, so that `run_conform` works from any
/// directory. `tests/vectors.rs` checks that this list and `spec/vectors/` agree.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "batchlist-tokens.json",
        include_str!("../../spec/vectors/batchlist-tokens.json"),
    ),
    (
        "created-at.json",
        include_str!("../../spec/vectors/created-at.json"),
    ),
    (
        "job-name.json",
        include_str!("../../spec/vectors/job-name.json"),
    ),
    (
        "ordering-grouping.json",
        include_str!("../../spec/vectors/ordering-grouping.json"),
    ),
    (
        "pagination-walks.json",
        include_str!("../../spec/vectors/pagination-walks.json"),
    ),
    ("queue.json", include_str!("../../spec/vectors/queue.json")),
    (
        "quota-share.json",
        include_str!("../../spec/vectors/quota-share.json"),
    ),
    (
        "response.json",
        include_str!("../../spec/vectors/response.json"),
    ),
    (
        "share-identifier.json",
        include_str!("../../spec/vectors/share-identifier.json"),
    ),
    (
        "status.json",
        include_str!("../../spec/vectors/status.json"),
    ),
    (
        "validation-errors.json",
        include_str!("../../spec/vectors/validation-errors.json"),
    ),
];

impl Suite {
    /// The vector files compiled into this crate ([`EMBEDDED`]).
    ///
    /// # Errors
    /// Every problem found in every file.
    pub fn embedded() -> Result<Suite, Vec<String>> {
        Suite::from_texts(EMBEDDED.iter().map(|(n, t)| (n.to_string(), t.to_string())))
    }

    /// Every `*.json` file of a directory.
    ///
    /// # Errors
    /// An unreadable directory or file, and every problem found in every file.
    pub fn from_dir(dir: &Path) -> Result<Suite, Vec<String>> {
        let names = list_vector_files(dir).map_err(|e| vec![e])?;
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        for name in names {
            match std::fs::read_to_string(dir.join(&name)) {
                Ok(text) => texts.push((name, text)),
                Err(e) => errors.push(format!("{name}: cannot read: {e}")),
            }
        }
        let suite = Suite::from_texts(texts);
        match (suite, errors.is_empty()) {
            (Ok(s), true) => Ok(s),
            (Ok(_), false) => Err(errors),
            (Err(mut more), _) => {
                errors.append(&mut more);
                Err(errors)
            }
        }
    }

    /// Files given as `(file name, text)`.
    ///
    /// # Errors
    /// Every problem found: JSON errors, unknown members, invalid cases, duplicate case names.
    pub fn from_texts(
        texts: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Suite, Vec<String>> {
        let mut errors = Vec::new();
        let mut files = Vec::new();
        for (file_name, text) in texts {
            match serde_json::from_str::<VectorFile>(&text) {
                Ok(file) => {
                    errors.extend(
                        check_file(&file)
                            .into_iter()
                            .map(|e| format!("{file_name}: {e}")),
                    );
                    files.push(LoadedFile { file_name, file });
                }
                Err(e) => errors.push(format!("{file_name}: {e}")),
            }
        }
        let mut seen = BTreeMap::new();
        for f in &files {
            for case in &f.file.cases {
                if let Some(other) = seen.insert(case.name.clone(), f.file_name.clone()) {
                    errors.push(format!(
                        "{}: duplicate case name {:?} (also in {other})",
                        f.file_name, case.name
                    ));
                }
            }
        }
        files.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        if errors.is_empty() {
            Ok(Suite { files })
        } else {
            Err(errors)
        }
    }

    /// Every rule ID cited by a case.
    pub fn rules_cited(&self) -> BTreeSet<String> {
        self.files
            .iter()
            .flat_map(|f| f.file.cases.iter())
            .flat_map(|c| c.rules.iter().cloned())
            .collect()
    }

    /// The number of cases.
    pub fn case_count(&self) -> usize {
        self.files.iter().map(|f| f.file.cases.len()).sum()
    }
}

/// The `*.json` file names of a directory, sorted.
///
/// # Errors
/// The directory cannot be read.
pub fn list_vector_files(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn is_rule_id(s: &str) -> bool {
    let mut parts = s.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("R"), Some(area), Some(n), None)
            if !area.is_empty()
                && area.bytes().all(|b| b.is_ascii_uppercase())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
    )
}

/// Checks one job of a fixture or an `addJobs` list; returns its ID.
fn check_job(job: &Value) -> Result<String, String> {
    let Value::Object(members) = job else {
        return Err(format!("a job must be an object, found {job}"));
    };
    for key in members.keys() {
        if !JOB_MEMBERS.contains(&key.as_str()) {
            return Err(format!("unknown job member {key:?}"));
        }
    }
    let parsed: ServiceJob =
        serde_json::from_value(job.clone()).map_err(|e| format!("invalid job {job}: {e}"))?;
    Ok(parsed.job_id)
}

fn check_ids(jobs: &[Value], ids: &mut BTreeSet<String>, what: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for job in jobs {
        match check_job(job) {
            Ok(id) => {
                if !ids.insert(id.clone()) {
                    errors.push(format!("{what}: duplicate job ID {id:?}"));
                }
            }
            Err(e) => errors.push(format!("{what}: {e}")),
        }
    }
    errors
}

fn check_request(request: &Option<Value>, raw: &Option<String>, what: &str) -> Vec<String> {
    match (request, raw) {
        (Some(_), None) | (None, Some(_)) => Vec::new(),
        _ => vec![format!(
            "{what}: give exactly one of request and rawRequest"
        )],
    }
}

fn check_expect(expect: &Expect, walk: bool, batchlist_only: bool, what: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let mut err = |m: &str| errors.push(format!("{what}: {m}"));
    if let Some(e) = &expect.error {
        if expect.job_ids.is_some()
            || expect.has_next_token.is_some()
            || expect.page_sizes.is_some()
            || expect.job_summary_list.is_some()
            || expect.next_token.is_some()
        {
            err("an error expectation has no other member");
        }
        if e.message.is_some() == e.message_prefix.is_some() {
            err("an error gives exactly one of message and messagePrefix");
        }
        if walk {
            err("a walk cannot expect an error");
        }
        return errors;
    }
    if expect.job_ids.is_none() {
        err("expect needs jobIds or error");
    }
    if walk {
        if expect.has_next_token.is_some() || expect.job_summary_list.is_some() {
            err("a walk expects jobIds and pageSizes only");
        }
    } else {
        if expect.has_next_token.is_none() {
            err("a single request expects hasNextToken");
        }
        if expect.page_sizes.is_some() {
            err("pageSizes belongs to walks");
        }
    }
    if expect.next_token.is_some() && !batchlist_only {
        err("an exact nextToken is only allowed in a batchlistOnly file");
    }
    if let (Some(ids), Some(list)) = (&expect.job_ids, &expect.job_summary_list) {
        let listed: Vec<_> = list
            .iter()
            .map(|j| j.get("jobId").and_then(Value::as_str))
            .collect();
        if listed != ids.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>() {
            err("jobSummaryList and jobIds disagree");
        }
    }
    if let (Some(ids), Some(sizes)) = (&expect.job_ids, &expect.page_sizes)
        && sizes.iter().sum::<usize>() != ids.len()
    {
        err("pageSizes do not add up to the number of jobIds");
    }
    errors
}

fn check_file(file: &VectorFile) -> Vec<String> {
    let mut errors = Vec::new();
    let meta = &file.meta;
    if meta.format != FORMAT_VERSION {
        errors.push(format!(
            "meta.format is {}, this harness reads {FORMAT_VERSION}",
            meta.format
        ));
    }
    let mut fixture_ids = BTreeMap::new();
    for (name, jobs) in &file.fixtures {
        let mut ids = BTreeSet::new();
        errors.extend(check_ids(jobs, &mut ids, &format!("fixture {name}")));
        fixture_ids.insert(name.clone(), ids);
    }
    let mut used = BTreeSet::new();
    for case in &file.cases {
        let what = format!("case {:?}", case.name);
        if !case.name.starts_with(&format!("{}/", meta.area)) {
            errors.push(format!("{what}: the name must start with {}/", meta.area));
        }
        if case.rules.is_empty() {
            errors.push(format!("{what}: rules is empty"));
        }
        for r in &case.rules {
            if !is_rule_id(r) {
                errors.push(format!("{what}: {r:?} is not a rule ID like R-STATUS-2"));
            }
        }
        let mut ids = match &case.fixture {
            None => BTreeSet::new(),
            Some(name) => {
                used.insert(name.clone());
                match fixture_ids.get(name) {
                    Some(ids) => ids.clone(),
                    None => {
                        errors.push(format!("{what}: no fixture named {name:?}"));
                        BTreeSet::new()
                    }
                }
            }
        };
        match &case.steps {
            Some(steps) => {
                if case.request.is_some()
                    || case.raw_request.is_some()
                    || case.walk.is_some()
                    || case.expect.is_some()
                {
                    errors.push(format!(
                        "{what}: a step case has no request, rawRequest, walk or expect of its own"
                    ));
                }
                if steps.is_empty() {
                    errors.push(format!("{what}: steps is empty"));
                }
                for (i, step) in steps.iter().enumerate() {
                    let swhat = format!("{what} step {i}");
                    for id in &step.remove_jobs {
                        if !ids.remove(id) {
                            errors.push(format!(
                                "{swhat}: removeJobs names {id:?}, not in the job set"
                            ));
                        }
                    }
                    errors.extend(check_ids(&step.add_jobs, &mut ids, &swhat));
                    errors.extend(check_request(&step.request, &step.raw_request, &swhat));
                    if let Some(from) = step.next_token_from {
                        if from >= i {
                            errors
                                .push(format!("{swhat}: nextTokenFrom must name an earlier step"));
                        }
                        match &step.request {
                            Some(Value::Object(m)) if !m.contains_key("nextToken") => {}
                            _ => errors.push(format!(
                                "{swhat}: nextTokenFrom needs a JSON object request without nextToken"
                            )),
                        }
                    }
                    errors.extend(check_expect(
                        &step.expect,
                        false,
                        meta.batchlist_only,
                        &swhat,
                    ));
                }
            }
            None => {
                errors.extend(check_request(&case.request, &case.raw_request, &what));
                if case.walk.is_some() {
                    match &case.request {
                        Some(Value::Object(m)) if !m.contains_key("nextToken") => {}
                        _ => errors.push(format!(
                            "{what}: a walk needs a JSON object request without nextToken"
                        )),
                    }
                }
                match &case.expect {
                    Some(e) => errors.extend(check_expect(
                        e,
                        case.walk.is_some(),
                        meta.batchlist_only,
                        &what,
                    )),
                    None => errors.push(format!("{what}: expect is missing")),
                }
            }
        }
    }
    for name in file.fixtures.keys() {
        if !used.contains(name) {
            errors.push(format!("fixture {name:?} is used by no case"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(cases: &str) -> String {
        format!(
            r#"{{"meta": {{"format": 1, "area": "t", "description": "test"}},
                "fixtures": {{"one": [{{"jobQueue": "arn:aws:batch:us-east-1:123456789012:job-queue/q",
                  "jobId": "a", "jobName": "n", "status": "RUNNING", "createdAt": 1}}]}},
                "cases": [{cases}]}}"#
        )
    }

    const GOOD: &str = r#"{"name": "t/ok", "rules": ["R-STATUS-2"], "fixture": "one",
        "request": {"jobQueue": "q"}, "expect": {"jobIds": ["a"], "hasNextToken": false}}"#;

    #[test]
    fn a_good_file_loads() {
        let suite = Suite::from_texts([("t.json".into(), file(GOOD))]).unwrap();
        assert_eq!(suite.case_count(), 1);
    }

    #[test]
    fn duplicate_case_names_are_refused() {
        let errors =
            Suite::from_texts([("a.json".into(), file(GOOD)), ("b.json".into(), file(GOOD))])
                .unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("duplicate case name")),
            "{errors:?}"
        );
    }

    #[test]
    fn unknown_members_are_refused() {
        let typo = GOOD.replace("hasNextToken", "hasNextTokn");
        let errors = Suite::from_texts([("t.json".into(), file(&typo))]).unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("hasNextTokn")),
            "{errors:?}"
        );
        let job_typo = file(GOOD).replace("createdAt", "createAt");
        let errors = Suite::from_texts([("t.json".into(), job_typo)]).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("createAt")), "{errors:?}");
    }

    #[test]
    fn inconsistent_cases_are_refused() {
        for (bad, why) in [
            (
                GOOD.replace(r#""fixture": "one""#, r#""fixture": "two""#),
                "no fixture",
            ),
            (GOOD.replace(r#""t/ok""#, r#""x/ok""#), "must start with"),
            (
                GOOD.replace(r#", "hasNextToken": false"#, ""),
                "hasNextToken",
            ),
            (GOOD.replace("R-STATUS-2", "STATUS-2"), "not a rule ID"),
        ] {
            let errors = Suite::from_texts([("t.json".into(), file(&bad))]).unwrap_err();
            assert!(errors.iter().any(|e| e.contains(why)), "{why}: {errors:?}");
        }
    }
}
