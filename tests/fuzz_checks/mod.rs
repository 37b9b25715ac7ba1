//! The checks the fuzz targets run, one function per target. `tests/fuzz_regressions.rs`
//! includes this file by path, so every committed input replays through exactly the same
//! checks under plain `cargo test`.
//!
//! Only std, `batchlist`, `base64` and `serde_json` are used (no `arbitrary`): those are
//! dependencies the main crate's tests already have, so the replay test needs no new
//! dependency. [`Bytes`] plays the part of `arbitrary::Unstructured`: it turns the fuzzer's
//! bytes into structured choices, and reads zeros once they run out.
//!
//! The oracle here is written from `spec/README.md` and `spec/token-format.md`, not from the
//! crate's code: filter every job, sort everything, slice.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use batchlist::{
    Cursor, Error, JobStatus, KeyValuesPair, ListServiceJobsRequest, ListServiceJobsResponse,
    PaginationConfig, PaginationError, Paginator, Query, ResumeToken, ServiceJob, decode_request,
    evaluate, list_service_jobs, parse_request,
};
use std::cmp::Reverse;

/// The longest message a client may get back, in characters: the longest fixed text
/// (an unknown filter name) is about 210 characters, plus a 64-character echo.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// Structured choices from the fuzzer's bytes.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }

    /// The next byte, or 0 past the end.
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// Eight bytes, big-endian, zero-filled past the end.
    pub fn u64(&mut self) -> u64 {
        (0..8).fold(0, |acc, _| (acc << 8) | u64::from(self.u8()))
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::from(u16::from_be_bytes([self.u8(), self.u8()])) % n
        }
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// At most `n` bytes.
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

// ---------------------------------------------------------------------------------------
// Errors

/// Every error is a `ClientException` (HTTP 400) with a short, non-empty sentence that names
/// the member at fault, when there is one.
pub fn check_error(e: &Error) {
    let message = e.to_string();
    assert_eq!(e.error_type(), "ClientException", "{message}");
    assert_eq!(e.http_status(), 400, "{message}");
    assert!(!message.trim().is_empty(), "empty message");
    assert!(message.ends_with('.'), "not a sentence: {message}");
    let chars = message.chars().count();
    assert!(
        chars <= MAX_MESSAGE_CHARS,
        "message of {chars} characters (over {MAX_MESSAGE_CHARS}): {}...",
        message.chars().take(200).collect::<String>()
    );
    if let Some(member) = e.member() {
        // The member's root (`filters` of `filters[0].values`) is named; AWS's verbatim
        // wordings say "filter" or "Filter", hence the folded singular.
        let root = member.split(['[', '.']).next().unwrap_or("");
        let root = root.strip_suffix('s').unwrap_or(root).to_ascii_lowercase();
        assert!(
            message.to_ascii_lowercase().contains(&root),
            "message does not name {member}: {message}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The oracle

const JOB_QUEUES: [&str; 7] = [
    "arn:aws:batch:us-east-1:123456789012:job-queue/training",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
    "arn:aws:batch:us-east-1:123456789012:job-queue/Training",
    "arn:aws:batch:us-east-1:123456789012:job-queue/research",
    "arn:aws:batch:us-east-1:123456789012:job-queue/xtraining",
    "arn:aws:batch:us-east-1:123456789012:job-queue/a:job-queue/training",
    "training",
];
const REQUEST_QUEUES: [&str; 6] = [
    "training",
    "Training",
    "arn:aws:batch:us-east-1:123456789012:job-queue/training",
    "research",
    "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
    "xtraining",
];
const NAME_PARTS: [&str; 12] = [
    "train", "Train", "TRAIN", "-", "1", "10", "eval", "*", "\u{e9}", "\u{c9}", "_", "",
];
const SHARES: [&str; 3] = ["teamA", "teamB", "TEAMA"];
const TIMES: [i64; 8] = [i64::MIN, -1, 0, 1, 2, 3, i64::MAX - 1, i64::MAX];
const FILTER_NAMES: [&str; 5] = [
    "JOB_NAME",
    "BEFORE_CREATED_AT",
    "AFTER_CREATED_AT",
    "SHARE_IDENTIFIER",
    "QUOTA_SHARE_NAME",
];

/// A query as the oracle reads it: the request's members, before any rule is applied.
#[derive(Debug, Clone)]
pub struct Spec {
    pub queue: String,
    pub status: Option<JobStatus>,
    /// Index into `FILTER_NAMES`, and the one value.
    pub filter: Option<(usize, String)>,
}

impl Spec {
    fn request(&self, max_results: Option<i64>) -> ListServiceJobsRequest {
        ListServiceJobsRequest {
            job_queue: Some(self.queue.clone()),
            job_status: self.status.map(|s| s.as_str().to_owned()),
            max_results,
            next_token: None,
            filters: self
                .filter
                .as_ref()
                .map(|(f, v)| vec![KeyValuesPair::new(FILTER_NAMES[*f], v.clone())]),
        }
    }

    fn grouped(&self) -> bool {
        matches!(self.filter, Some((0, _)))
    }

    /// The status in effect (R-STATUS-2, R-FILTER-5, R-FILTER-6); `None` is any.
    fn status_in_effect(&self) -> Option<JobStatus> {
        match &self.filter {
            None => Some(self.status.unwrap_or(JobStatus::Running)),
            Some((3 | 4, _)) => self.status,
            Some(_) => None,
        }
    }

    /// spec/token-format.md, "Canonical query text".
    fn canonical(&self) -> String {
        let status = self.status_in_effect().map_or("*", JobStatus::as_str);
        let filter = match &self.filter {
            None => String::new(),
            Some((0, v)) => format!("JOB_NAME={}", v.to_ascii_lowercase()),
            Some((f @ (1 | 2), v)) => format!("{}={}", FILTER_NAMES[*f], v.parse::<i64>().unwrap()),
            Some((f, v)) => format!("{}={v}", FILTER_NAMES[*f]),
        };
        format!("queue={}\nstatus={status}\nfilter={filter}\n", self.queue)
    }

    fn matches(&self, j: &ServiceJob) -> bool {
        let queue_ok = if self.queue.starts_with("arn:") {
            j.job_queue == self.queue
        } else {
            j.job_queue.ends_with(&format!(":job-queue/{}", self.queue))
        };
        let status_ok = self.status_in_effect().is_none_or(|s| j.status == s);
        let filter_ok = match &self.filter {
            None => true,
            Some((0, p)) => {
                let name = j.job_name.to_ascii_lowercase();
                match p.strip_suffix('*') {
                    Some(prefix) => name.starts_with(&prefix.to_ascii_lowercase()),
                    None => name == p.to_ascii_lowercase(),
                }
            }
            Some((1, t)) => j.created_at < t.parse::<i64>().unwrap(),
            Some((2, t)) => j.created_at > t.parse::<i64>().unwrap(),
            Some((3, s)) => j.share_identifier.as_deref() == Some(s.as_str()),
            Some((_, s)) => j.quota_share_name.as_deref() == Some(s.as_str()),
        };
        queue_ok && status_ok && filter_ok
    }
}

/// A job's place in the results (R-ORDER-1, R-ORDER-2): smaller comes first.
type SortKey = (Vec<u8>, Vec<u8>, Reverse<i64>, Vec<u8>);

fn sort_key(grouped: bool, name: &str, created_at: i64, id: &str) -> SortKey {
    let (folded, exact) = if grouped {
        (
            name.to_ascii_lowercase().into_bytes(),
            name.as_bytes().to_vec(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    (folded, exact, Reverse(created_at), id.as_bytes().to_vec())
}

/// The IDs of every job `spec` selects that comes after `after`, in result order.
fn oracle(jobs: &[ServiceJob], spec: &Spec, after: Option<&SortKey>) -> Vec<String> {
    let grouped = spec.grouped();
    let mut hits: Vec<(SortKey, String)> = jobs
        .iter()
        .filter(|j| spec.matches(j))
        .map(|j| {
            let key = sort_key(grouped, &j.job_name, j.created_at, &j.job_id);
            (key, j.job_id.clone())
        })
        .filter(|(key, _)| after.is_none_or(|a| key > a))
        .collect();
    hits.sort();
    hits.into_iter().map(|(_, id)| id).collect()
}

fn ids(response: &ListServiceJobsResponse) -> Vec<String> {
    response
        .job_summary_list
        .iter()
        .map(|j| j.job_id.clone())
        .collect()
}

fn job(id: String, queue: &str, name: String, status: JobStatus, created_at: i64) -> ServiceJob {
    ServiceJob::new(queue.to_owned(), id, name, status, created_at)
}

fn name_from(b: &mut Bytes<'_>) -> String {
    let parts = 1 + b.below(3);
    (0..parts).map(|_| b.pick(&NAME_PARTS)).collect()
}

fn time_from(b: &mut Bytes<'_>) -> i64 {
    match b.u8() {
        0..=199 => i64::from(b.u8() % 8),
        _ => b.pick(&TIMES),
    }
}

/// A job with ID `id` whose other members collide often with other jobs'.
fn job_from(b: &mut Bytes<'_>, id: String) -> ServiceJob {
    let queue = b.pick(&JOB_QUEUES);
    let name = name_from(b);
    let status = b.pick(&JobStatus::ALL);
    let created_at = time_from(b);
    let mut j = job(id, queue, name, status, created_at);
    j.share_identifier = SHARES.get(b.below(4)).map(|s| s.to_string());
    j.quota_share_name = ["gold", "silver"].get(b.below(3)).map(|s| s.to_string());
    j
}

fn spec_from(b: &mut Bytes<'_>) -> Spec {
    let queue = b.pick(&REQUEST_QUEUES).to_owned();
    let status = match b.below(9) {
        8 => None,
        i => Some(JobStatus::ALL[i]),
    };
    let filter = match b.below(6) {
        0 => None,
        1 => {
            let mut p = name_from(b);
            if b.u8().is_multiple_of(2) {
                p.push('*');
            }
            Some((0, p))
        }
        f @ (2 | 3) => {
            let t = match b.u8() % 4 {
                0 => i64::MAX,
                _ => i64::from(b.u8() % 8),
            };
            // Leading zeros are digits too (R-TIME-1).
            let zeros = "0".repeat(usize::from(b.u8() % 3));
            Some((f - 1, format!("{zeros}{t}")))
        }
        4 => Some((3, b.pick(&SHARES).to_owned())),
        _ => Some((4, b.pick(&["gold", "silver", "bronze"]).to_owned())),
    };
    Spec {
        queue,
        status,
        filter,
    }
}

/// A few jobs for the token and request targets to page over.
fn fixture_jobs() -> Vec<ServiceJob> {
    let rows: [(&str, &str, JobStatus, i64, Option<&str>); 8] = [
        ("a", "train-1", JobStatus::Running, 5, Some("teamA")),
        ("b", "Train-1", JobStatus::Running, 5, None),
        ("c", "train-2", JobStatus::Failed, 7, Some("teamA")),
        ("d", "eval", JobStatus::Running, i64::MAX, None),
        ("e", "train", JobStatus::Succeeded, i64::MIN, Some("teamB")),
        ("f", "TRAIN-10", JobStatus::Running, 0, Some("teamA")),
        ("g", "train-1", JobStatus::Running, 5, None),
        ("h", "x", JobStatus::Submitted, 3, None),
    ];
    rows.iter()
        .map(|&(id, name, status, t, share)| {
            let mut j = job(id.into(), JOB_QUEUES[0], name.into(), status, t);
            j.share_identifier = share.map(str::to_owned);
            j
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Target: evaluate

/// `evaluate` (through `list_service_jobs`) over jobs and a query built from `data`, against
/// the oracle: the first page, then a walk to the end in which the page size changes and jobs
/// are added, removed or change status between pages. Each page must be exactly the oracle's
/// next jobs after the last job returned (R-PAGE-3), with a token exactly when more follow
/// (R-PAGE-2).
pub fn check_evaluate(data: &[u8]) -> &'static str {
    let mut b = Bytes::new(data);
    let count = b.below(48);
    let mut jobs: Vec<ServiceJob> = (0..count)
        .map(|i| {
            // Unique IDs whose byte order is unrelated to the order of generation.
            let salt = b.u8();
            job_from(&mut b, format!("{salt:02x}-{i}"))
        })
        .collect();
    let spec = spec_from(&mut b);
    let mut request = spec.request(None);
    let grouped = spec.grouped();
    let mut after: Option<SortKey> = None;
    let mut added = 0;
    for step in 0.. {
        assert!(step < 10_000, "the walk does not end");
        if step > 0 {
            match b.below(5) {
                1 => {
                    let j = job_from(&mut b, format!("new-{added}"));
                    added += 1;
                    jobs.push(j);
                }
                2 if !jobs.is_empty() => {
                    let i = b.below(jobs.len());
                    jobs.swap_remove(i);
                }
                3 if !jobs.is_empty() => {
                    let i = b.below(jobs.len());
                    jobs[i].status = b.pick(&JobStatus::ALL);
                }
                _ => {}
            }
        }
        // Mostly small pages; 100 once the input runs out, so walks stay short.
        let max = match b.u8() {
            0 => 100,
            1..=199 => 1 + usize::from(b.u8() % 6),
            _ => 1 + b.below(100),
        };
        // No maxResults on the first page is the default of 100 (R-PAGE-1).
        request.max_results = (step > 0 || max != 100).then_some(max as i64);
        let response = list_service_jobs(&jobs, &request)
            .unwrap_or_else(|e| panic!("step {step}: refused {request:?}: {e}"));
        let expected = oracle(&jobs, &spec, after.as_ref());
        let want = &expected[..expected.len().min(max)];
        assert_eq!(ids(&response), want, "step {step}: {spec:?}");
        assert_eq!(
            response.next_token.is_some(),
            expected.len() > max,
            "step {step}: nextToken presence"
        );
        let Some(token) = response.next_token else {
            return if step == 0 { "one page" } else { "walked" };
        };
        let last = response
            .job_summary_list
            .last()
            .expect("a token after a page");
        after = Some(sort_key(
            grouped,
            &last.job_name,
            last.created_at.expect("createdAt"),
            &last.job_id,
        ));
        request.next_token = Some(token);
    }
    unreachable!()
}

// ---------------------------------------------------------------------------------------
// Target: token

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn with_checksum(mut payload: Vec<u8>) -> Vec<u8> {
    let sum = fnv1a(&payload);
    payload.extend_from_slice(&sum.to_be_bytes());
    payload
}

/// The sort key a token resumes after, read from its bytes as spec/token-format.md says.
fn token_key(token: &str) -> SortKey {
    let bytes = URL_SAFE_NO_PAD
        .decode(token)
        .expect("an accepted token is base64");
    let p = &bytes[..bytes.len() - 8];
    let grouped = p[9] == 1;
    let created_at = i64::from_be_bytes(p[10..18].try_into().unwrap());
    let id_len = u32::from_be_bytes(p[18..22].try_into().unwrap()) as usize;
    let id = std::str::from_utf8(&p[22..22 + id_len]).unwrap();
    let name = if grouped {
        let at = 22 + id_len;
        let len = u32::from_be_bytes(p[at..at + 4].try_into().unwrap()) as usize;
        std::str::from_utf8(&p[at + 4..at + 4 + len]).unwrap()
    } else {
        ""
    };
    sort_key(grouped, name, created_at, id)
}

fn token_specs() -> [Spec; 5] {
    let spec = |queue: &str, status: Option<JobStatus>, filter: Option<(usize, &str)>| Spec {
        queue: queue.to_owned(),
        status,
        filter: filter.map(|(f, v)| (f, v.to_owned())),
    };
    [
        spec("training", None, None),
        spec(JOB_QUEUES[0], Some(JobStatus::Failed), None),
        spec("training", Some(JobStatus::Failed), Some((0, "Train*"))),
        spec("training", Some(JobStatus::Running), Some((3, "teamA"))),
        spec("training", None, Some((2, "007"))),
    ]
}

/// `Cursor::from_token` on a token built from `data` for one of a few queries. The first
/// byte picks the query, the second how the rest becomes a token: as text (mode 0), as a
/// payload given a valid checksum (mode 1), or as the fields after a valid version,
/// fingerprint and order for that query (mode 2), so the fuzzer reaches past the checksum.
///
/// A refused token gets a clean `nextToken` error; an accepted one writes back to the same
/// text (R-TOKEN-3) and pages from exactly where its key says (R-PAGE-3).
pub fn check_token(data: &[u8]) -> &'static str {
    let mut b = Bytes::new(data);
    let specs = token_specs();
    let spec = specs[b.below(specs.len())].clone();
    let query = Query::from_request(&spec.request(None)).expect("a valid query");
    let token = match b.u8() % 3 {
        0 => String::from_utf8_lossy(b.rest()).into_owned(),
        1 => URL_SAFE_NO_PAD.encode(with_checksum(b.rest().to_vec())),
        _ => {
            let mut payload = vec![1];
            payload.extend_from_slice(&fnv1a(spec.canonical().as_bytes()).to_be_bytes());
            payload.push(u8::from(spec.grouped()));
            payload.extend_from_slice(b.rest());
            URL_SAFE_NO_PAD.encode(with_checksum(payload))
        }
    };
    match Cursor::from_token(&token, &query) {
        Err(e) => {
            check_error(&e);
            assert_eq!(e.member().as_deref(), Some("nextToken"), "{e}");
            assert!(e.to_string().starts_with("Invalid nextToken: "), "{e}");
            "refused"
        }
        Ok(cursor) => {
            assert_eq!(
                cursor.to_token(&query).as_str(),
                token,
                "an accepted token does not write back to itself"
            );
            let jobs = fixture_jobs();
            let page = evaluate(&jobs, &query, Some(&cursor));
            let got: Vec<String> = page.jobs().iter().map(|j| j.job_id.clone()).collect();
            let expected = oracle(&jobs, &spec, Some(&token_key(&token)));
            assert_eq!(got, expected, "the page after an accepted token");
            "accepted"
        }
    }
}

// ---------------------------------------------------------------------------------------
// Target: request

/// The whole front of an endpoint on arbitrary bytes: `decode_request` with serde_json (then
/// `end`, refusing trailing characters), and `parse_request`. Never a panic; every refusal a
/// clean error (see [`check_error`]); a body is refused as not JSON exactly when serde_json
/// cannot read it as a value; serde's `Deserialize` agrees with `decode_request`; an accepted
/// request pages over the fixture jobs within its `maxResults`, and its token reads back.
pub fn check_request(data: &[u8]) -> &'static str {
    let mut de = serde_json::Deserializer::from_slice(data);
    let decoded = decode_request(&mut de).and_then(|r| {
        de.end().map_err(Error::malformed_body)?;
        Ok(r)
    });
    let is_json = serde_json::from_slice::<serde_json::Value>(data).is_ok();
    let via_serde = serde_json::from_slice::<ListServiceJobsRequest>(data);
    assert_eq!(
        via_serde.as_ref().ok(),
        decoded.as_ref().ok(),
        "Deserialize and decode_request disagree"
    );
    let request = match decoded {
        Err(e) => {
            check_error(&e);
            // Refused as not JSON only if serde_json cannot read it either. (The converse does
            // not hold: in `1 x` the value is refused as not an object before `end` sees `x`.)
            let not_json = e
                .to_string()
                .starts_with("The request body is not valid JSON: ");
            assert!(
                !not_json || !is_json,
                "serde_json reads a body refused as not JSON: {e}"
            );
            return "not a request";
        }
        Ok(request) => request,
    };
    assert!(is_json);
    // What was decoded encodes and decodes to itself.
    let again = serde_json::to_vec(&request).expect("a request serializes");
    let mut de = serde_json::Deserializer::from_slice(&again);
    assert_eq!(decode_request(&mut de).as_ref(), Ok(&request));
    let (query, cursor) = match parse_request(&request) {
        Err(e) => {
            check_error(&e);
            assert!(
                e.member().is_some(),
                "a validation error names no member: {e}"
            );
            return "invalid";
        }
        Ok(parsed) => parsed,
    };
    let jobs = fixture_jobs();
    let page = evaluate(&jobs, &query, cursor.as_ref());
    assert!(page.jobs().len() <= query.max_results());
    assert!(page.jobs().iter().all(|j| query.matches(*j)));
    if let Some(token) = page.next_token() {
        Cursor::from_token(token.as_str(), &query).expect("our own token reads back");
    }
    "valid"
}

// ---------------------------------------------------------------------------------------
// Target: paginator

const SERVICE_TOKENS: [&str; 6] = ["", "None", "T1", "T2", "T\u{e9}\"\\", "x"];

fn bounded_pagination_error(e: &PaginationError) {
    let message = e.to_string();
    assert!(!message.is_empty());
    if let PaginationError::BadStartingToken(_) = e {
        assert!(message.starts_with("Bad starting token: "), "{message}");
        assert!(
            message.chars().count() <= MAX_MESSAGE_CHARS,
            "message of {} characters",
            message.chars().count()
        );
    }
}

/// botocore's starting token and paginator on arbitrary input. The first byte picks how the
/// starting token is made: none, arbitrary text through `ResumeToken::parse` (which must then
/// write a token that reads back to the same position), or an encoded arbitrary position
/// (which must read back exactly). Then the paginator is fed an arbitrary sequence of pages
/// and service tokens: it never panics, never yields more than `MaxItems` items, yields each
/// page's items as one contiguous run, never sends the token `"None"`, stops when it says so,
/// and any resume token it gives reads back to its position.
pub fn check_paginator(data: &[u8]) -> &'static str {
    let mut b = Bytes::new(data);
    let starting_token = match b.u8() % 4 {
        0 => None,
        1 => {
            let len = usize::from(b.u8());
            let text = String::from_utf8_lossy(b.take(len)).into_owned();
            match ResumeToken::parse(&text) {
                Ok(position) => {
                    assert_eq!(ResumeToken::parse(&position.encode()), Ok(position));
                }
                Err(e) => bounded_pagination_error(&e),
            }
            Some(text)
        }
        2 => {
            let len = usize::from(b.u8() % 64);
            let text = String::from_utf8_lossy(b.take(len)).into_owned();
            let position = ResumeToken {
                next_token: (!b.u8().is_multiple_of(4)).then_some(text),
                truncate_amount: match b.u8() % 4 {
                    0 => None,
                    1 => Some(b.u64()),
                    _ => Some(u64::from(b.u8() % 10)),
                },
            };
            let encoded = position.encode();
            assert_eq!(ResumeToken::parse(&encoded), Ok(position), "{encoded}");
            Some(encoded)
        }
        _ => {
            // botocore's legacy TOKEN___N form.
            let token = b.pick(&SERVICE_TOKENS);
            Some(format!("{token}___{}", b.u8() % 10))
        }
    };
    let max_items = match b.u8() % 4 {
        0 => None,
        1 => Some(b.u64()),
        _ => Some(u64::from(b.u8() % 20)),
    };
    let page_size = (b.u8().is_multiple_of(2)).then(|| u32::from(b.u8()));
    let config = PaginationConfig {
        max_items,
        page_size,
        starting_token,
    };
    let mut paginator = match Paginator::new(config) {
        Ok(p) => p,
        Err(e) => {
            bounded_pagination_error(&e);
            return "bad starting token";
        }
    };
    let mut yielded: u64 = 0;
    for step in 0..64u32 {
        let Some(request) = paginator.next_request() else {
            assert!(paginator.is_done());
            let extra = paginator.receive(vec![1u32, 2, 3], Some("T9".into()));
            assert_eq!(extra, Ok(Vec::new()), "items after the walk ended");
            if let Some(position) = paginator.resume_position() {
                let token = paginator.resume_token().expect("an encoded resume token");
                assert_eq!(ResumeToken::parse(&token).as_ref(), Ok(position));
            }
            return "walk ended";
        };
        assert_ne!(request.next_token, Some("None"), "sent the token None");
        assert_eq!(request.page_size, page_size);
        let sent = request.next_token.map(str::to_owned);
        let n = u32::from(b.u8() % 8);
        let items: Vec<u32> = (0..n).collect();
        let next_token = match b.u8() % 8 {
            0 => None,
            1 => sent,
            2 => Some(format!("T{step}")),
            _ => Some(b.pick(&SERVICE_TOKENS).to_owned()),
        };
        match paginator.receive(items, next_token) {
            Ok(out) => {
                assert!(out.len() <= n as usize);
                assert!(out.windows(2).all(|w| w[1] == w[0] + 1), "{out:?}");
                yielded += out.len() as u64;
                if let Some(max) = max_items {
                    assert!(yielded <= max, "yielded {yielded} of at most {max}");
                }
            }
            Err(e) => {
                assert!(matches!(e, PaginationError::RepeatedNextToken(_)));
                bounded_pagination_error(&e);
                assert!(paginator.is_done());
                assert!(paginator.next_request().is_none());
                return "repeated token";
            }
        }
        if b.is_empty() && !paginator.is_done() {
            return "input ran out";
        }
    }
    "64 pages"
}
