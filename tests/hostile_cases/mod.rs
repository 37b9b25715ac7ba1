//! The table of hostile `ListServiceJobs` requests, shared by `tests/hostile.rs` (the core:
//! `decode_request` + `list_service_jobs`, as an endpoint calls them) and by
//! `cli/tests/hostile_serve.rs` (the same bodies over HTTP to `batchlist serve`).
//!
//! Each row is a body and what must come back: an exact message, and the request member it
//! names; or a page, by job IDs. Where `serve` answers differently by design (its 1 MiB body
//! limit, and restJson1's empty body meaning `{}`), the row says so.
#![allow(dead_code)] // each test binary uses a different part

use batchlist::{JobStatus, ListServiceJobsRequest, ServiceJob, list_service_jobs};

pub const TRAINING_ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
pub const RESEARCH_ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/research";

/// `serve`'s API body limit (documented in `cli/src/serve.rs`: larger bodies are HTTP 413).
pub const SERVE_BODY_LIMIT: usize = 1 << 20;

/// What a request must get back.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// A `ClientException` (HTTP 400) with exactly this message, naming `names` (a request
    /// member, as `Error::member` gives it), or no member when the body as a whole is at fault.
    Error {
        message: String,
        names: Option<&'static str>,
    },
    /// A page: these job IDs in order, and whether a `nextToken` follows.
    Page { ids: Vec<&'static str>, more: bool },
    /// HTTP 413, `ClientException`, for a body over `serve`'s limit.
    TooLarge,
}

pub struct Case {
    pub name: &'static str,
    pub body: Vec<u8>,
    /// What the core answers.
    pub core: Expect,
    /// What `serve` answers, when it differs from the core by design.
    pub serve: Option<Expect>,
}

impl Case {
    /// What `serve` must answer.
    pub fn serve_expect(&self) -> &Expect {
        self.serve.as_ref().unwrap_or(&self.core)
    }
}

fn job(id: &str, queue: &str, name: &str, status: JobStatus, created_at: i64) -> ServiceJob {
    ServiceJob::new(queue, id, name, status, created_at)
}

/// The jobs every row runs against (and that `serve` is started with).
pub fn jobs() -> Vec<ServiceJob> {
    vec![
        job("job-a", TRAINING_ARN, "train-1", JobStatus::Running, 3_000),
        job("job-b", TRAINING_ARN, "train-2", JobStatus::Running, 2_000),
        job("job-c", TRAINING_ARN, "eval-1", JobStatus::Running, 1_000),
        job("job-d", TRAINING_ARN, "train-3", JobStatus::Failed, 4_000),
        job("job-e", RESEARCH_ARN, "train-9", JobStatus::Running, 5_000),
    ]
}

fn err(message: impl Into<String>, names: Option<&'static str>) -> Expect {
    Expect::Error {
        message: message.into(),
        names,
    }
}

fn page(ids: &[&'static str], more: bool) -> Expect {
    Expect::Page {
        ids: ids.to_vec(),
        more,
    }
}

fn not_json(detail: &str) -> Expect {
    err(
        format!("The request body is not valid JSON: {detail}."),
        None,
    )
}

fn case(name: &'static str, body: impl Into<Vec<u8>>, core: Expect) -> Case {
    Case {
        name,
        body: body.into(),
        core,
        serve: None,
    }
}

/// The first 64 characters of `value` and `...`, as messages echo long values.
fn cut(value: &str) -> String {
    format!("{}...", value.chars().take(64).collect::<String>())
}

const TIME_RANGE: &str = "expected a decimal number of milliseconds since 1970-01-01T00:00:00Z, \
                          from 0 to 9223372036854775807.";
const FOREIGN: &str = "Invalid nextToken: the token belongs to a different query; keep jobQueue, \
                       jobStatus and filters the same while paging.";
const MALFORMED: &str = "Invalid nextToken: the token is malformed or was altered; pass the \
                         nextToken of the previous page unchanged.";
const BAD_QUEUE: &str = "': expected a job queue name (1 to 128 letters, numbers, hyphens and \
                         underscores) or an ARN arn:aws:batch:REGION:ACCOUNT:job-queue/NAME.";

/// The token after the first job of `training`'s RUNNING jobs (job-a), one job a page.
pub fn first_token() -> String {
    let request = ListServiceJobsRequest {
        job_queue: Some("training".into()),
        max_results: Some(1),
        ..Default::default()
    };
    list_service_jobs(&jobs(), &request)
        .expect("the first page")
        .next_token
        .expect("a token: three jobs match")
}

/// `{"jobQueue":"training", <members>}`.
fn training(members: &str) -> Vec<u8> {
    format!(r#"{{"jobQueue":"training",{members}}}"#).into_bytes()
}

fn time_filter(name: &str, value: &str) -> Vec<u8> {
    training(&format!(
        r#""filters":[{{"name":"{name}","values":["{value}"]}}]"#
    ))
}

pub fn cases() -> Vec<Case> {
    let token = first_token();
    // One bit of the payload flipped: the middle character's 6-bit value with its low bit
    // inverted (URL-safe base64 alphabet), so the token is still well-formed base64.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut flipped = token.clone().into_bytes();
    let mid = flipped.len() / 2;
    let value = ALPHABET.iter().position(|&c| c == flipped[mid]).unwrap();
    flipped[mid] = ALPHABET[value ^ 1];
    let flipped = String::from_utf8(flipped).unwrap();
    let with_token = |members: &str, t: &str| training(&format!(r#"{members}"nextToken":"{t}""#));

    let deep = 5_000;
    let deep_list = format!("{}{}", "[".repeat(deep), "]".repeat(deep));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(deep), "}".repeat(deep));
    let shallow = format!("{}{}", "[".repeat(100), "]".repeat(100));

    let mb = 1_000_000;
    let big_name = "x".repeat(mb);
    let big_digits = "9".repeat(mb);
    let ten_mb = 10 * mb;
    let long_key = "k".repeat(400_000); // twice still fits serve's 1 MiB limit
    // 10 MB of distinct unknown members: refusing duplicates must not cost a quadratic scan.
    let many_members: String = (0..ten_mb / 16)
        .map(|i| format!(r#""m{i:010}":0,"#))
        .collect();

    vec![
        // --- bytes that are not JSON
        case(
            "invalid UTF-8 in a string",
            &b"{\"jobQueue\":\"train\xffing\"}"[..],
            not_json("invalid unicode code point at line 1 column 19"),
        ),
        case(
            "invalid UTF-8 outside a string",
            &b"\xff{\"jobQueue\":\"training\"}"[..],
            not_json("expected value at line 1 column 1"),
        ),
        case(
            "a UTF-8 byte order mark",
            "\u{feff}{\"jobQueue\":\"training\"}",
            not_json("expected value at line 1 column 1"),
        ),
        case(
            "a lone surrogate escape",
            r#"{"jobQueue":"\ud800"}"#,
            not_json("unexpected end of hex escape at line 1 column 20"),
        ),
        case(
            "trailing characters",
            r#"{"jobQueue":"training"} {}"#,
            not_json("trailing characters at line 1 column 25"),
        ),
        case(
            "a truncated body",
            r#"{"jobQueue":"training","maxRes"#,
            not_json("EOF while parsing a string at line 1 column 30"),
        ),
        Case {
            name: "an empty body",
            body: Vec::new(),
            core: not_json("EOF while parsing a value at line 1 column 0"),
            // restJson1: no body is `{}` (cli/src/serve.rs, or_empty_object).
            serve: Some(err(
                "jobQueue is required: give the name or ARN of a job queue.",
                Some("jobQueue"),
            )),
        },
        // --- nesting
        case(
            "a body nested 5000 lists deep",
            deep_list.clone(),
            not_json("recursion limit exceeded at line 1 column 128"),
        ),
        case(
            "an unknown member nested 5000 lists deep",
            training(&format!(r#""x":{deep_list}"#)),
            not_json("recursion limit exceeded at line 1 column 154"),
        ),
        case(
            "an unknown member nested 5000 objects deep",
            training(&format!(r#""x":{deep_object}"#)),
            not_json("recursion limit exceeded at line 1 column 658"),
        ),
        case(
            "an unknown member nested 100 lists deep is ignored",
            training(&format!(r#""x":{shallow}"#)),
            page(&["job-a", "job-b", "job-c"], false),
        ),
        // --- size
        Case {
            name: "a 10 MB unknown member",
            body: training(&format!(r#""x":"{}""#, "y".repeat(ten_mb))),
            core: page(&["job-a", "job-b", "job-c"], false),
            serve: Some(Expect::TooLarge),
        },
        Case {
            name: "10 MB of distinct unknown members",
            body: training(&format!(r#"{many_members}"z":0"#)),
            core: page(&["job-a", "job-b", "job-c"], false),
            serve: Some(Expect::TooLarge),
        },
        Case {
            name: "a 10 MB jobQueue",
            body: format!(r#"{{"jobQueue":"{}"}}"#, "q".repeat(ten_mb)).into_bytes(),
            core: err(
                format!("Invalid jobQueue '{}{BAD_QUEUE}", cut(&"q".repeat(65))),
                Some("jobQueue"),
            ),
            serve: Some(Expect::TooLarge),
        },
        case(
            "a 1 MB JOB_NAME filter",
            time_filter("JOB_NAME", &big_name),
            page(&[], false),
        ),
        case(
            "a 1 MB JOB_NAME prefix",
            time_filter("JOB_NAME", &format!("{big_name}*")),
            page(&[], false),
        ),
        case(
            "a 1 MB BEFORE_CREATED_AT value",
            time_filter("BEFORE_CREATED_AT", &big_digits),
            err(
                format!(
                    "Invalid BEFORE_CREATED_AT value '{}' in filters[0].values: {TIME_RANGE}",
                    cut(&big_digits)
                ),
                Some("filters[0].values[0]"),
            ),
        ),
        case(
            "a 1 MB filter name",
            training(&format!(
                r#""filters":[{{"name":"{big_name}","values":["1"]}}]"#
            )),
            err(
                format!(
                    "Invalid filters[0].name '{}': expected one of JOB_NAME, BEFORE_CREATED_AT, \
                     AFTER_CREATED_AT, SHARE_IDENTIFIER, QUOTA_SHARE_NAME (filter names are \
                     case sensitive).",
                    cut(&big_name)
                ),
                Some("filters[0].name"),
            ),
        ),
        case(
            "a 1 MB jobStatus",
            training(&format!(r#""jobStatus":"{big_name}""#)),
            err(
                format!(
                    "Invalid jobStatus '{}': expected one of SUBMITTED, PENDING, RUNNABLE, \
                     SCHEDULED, STARTING, RUNNING, SUCCEEDED, FAILED.",
                    cut(&big_name)
                ),
                Some("jobStatus"),
            ),
        ),
        case(
            "a 1 MB nextToken",
            training(&format!(r#""nextToken":"{}""#, "A".repeat(mb))),
            err(MALFORMED, Some("nextToken")),
        ),
        case(
            "a 1 MB member name given twice",
            training(&format!(r#""{long_key}":1,"{long_key}":2"#)),
            err(
                format!(
                    "The request member {} appears more than once.",
                    cut(&long_key)
                ),
                Some("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk..."),
            ),
        ),
        // --- numbers
        case(
            "maxResults 0",
            training(r#""maxResults":0"#),
            err(
                "Invalid maxResults 0: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults -1",
            training(r#""maxResults":-1"#),
            err(
                "Invalid maxResults -1: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults 101",
            training(r#""maxResults":101"#),
            err(
                "Invalid maxResults 101: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults 2^63",
            training(r#""maxResults":9223372036854775808"#),
            err(
                "Invalid maxResults 9223372036854775808: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults -2^63",
            training(r#""maxResults":-9223372036854775808"#),
            err(
                "Invalid maxResults -9223372036854775808: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            // serde_json reads an integer beyond u64 as a float; still out of range (R-PAGE-1).
            "maxResults 2^64, beyond every integer type",
            training(r#""maxResults":18446744073709551616"#),
            err(
                "Invalid maxResults 18446744073709551616: expected an integer from 1 to 100.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults 1e400, beyond f64",
            training(r#""maxResults":1e400"#),
            not_json("number out of range at line 1 column 41"),
        ),
        case(
            "maxResults 1.0",
            training(r#""maxResults":1.0"#),
            err(
                "Invalid maxResults: expected an integer from 1 to 100, found a non-integer \
                 number.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults as a string",
            training(r#""maxResults":"5""#),
            err(
                "Invalid maxResults: expected an integer from 1 to 100, found a string.",
                Some("maxResults"),
            ),
        ),
        case(
            "maxResults 1, the lower bound",
            training(r#""maxResults":1"#),
            page(&["job-a"], true),
        ),
        case(
            "a time beyond i64",
            time_filter("AFTER_CREATED_AT", "9223372036854775808"),
            err(
                format!(
                    "Invalid AFTER_CREATED_AT value '9223372036854775808' in filters[0].values: \
                     {TIME_RANGE}"
                ),
                Some("filters[0].values[0]"),
            ),
        ),
        case(
            "the largest time",
            time_filter("BEFORE_CREATED_AT", "9223372036854775807"),
            page(&["job-d", "job-a", "job-b", "job-c"], false),
        ),
        case(
            "a negative time",
            time_filter("BEFORE_CREATED_AT", "-1"),
            err(
                format!("Invalid BEFORE_CREATED_AT value '-1' in filters[0].values: {TIME_RANGE}"),
                Some("filters[0].values[0]"),
            ),
        ),
        case(
            "a fractional time",
            time_filter("AFTER_CREATED_AT", "1500.5"),
            err(
                format!(
                    "Invalid AFTER_CREATED_AT value '1500.5' in filters[0].values: {TIME_RANGE}"
                ),
                Some("filters[0].values[0]"),
            ),
        ),
        case(
            "a time in exponent form",
            time_filter("AFTER_CREATED_AT", "1e3"),
            err(
                format!("Invalid AFTER_CREATED_AT value '1e3' in filters[0].values: {TIME_RANGE}"),
                Some("filters[0].values[0]"),
            ),
        ),
        case(
            "a time as a JSON number",
            training(r#""filters":[{"name":"AFTER_CREATED_AT","values":[1500]}]"#),
            err(
                "Invalid filters[0].values[0]: expected a string, found an integer.",
                Some("filters[0].values[0]"),
            ),
        ),
        // --- types
        case(
            "a string where the filter list belongs",
            training(r#""filters":"JOB_NAME""#),
            err(
                "Invalid filters: expected a list of filters, found a string.",
                Some("filters"),
            ),
        ),
        case(
            "a string where the values list belongs",
            training(r#""filters":[{"name":"JOB_NAME","values":"train*"}]"#),
            err(
                "Invalid filters[0].values: expected a list of strings, found a string.",
                Some("filters[0].values"),
            ),
        ),
        case(
            "a list where jobQueue's string belongs",
            r#"{"jobQueue":["training"]}"#,
            err(
                "Invalid jobQueue: expected a string, found a list.",
                Some("jobQueue"),
            ),
        ),
        case(
            "a number as nextToken",
            training(r#""nextToken":12"#),
            err(
                "Invalid nextToken: expected a string, found an integer.",
                Some("nextToken"),
            ),
        ),
        case(
            "a list as the body",
            r#"[{"jobQueue":"training"}]"#,
            err(
                "The request body must be a JSON object, found a list.",
                None,
            ),
        ),
        case(
            "null as the body",
            "null",
            err("The request body must be a JSON object, found null.", None),
        ),
        case(
            "a NUL in jobQueue",
            r#"{"jobQueue":"train\u0000ing"}"#,
            err(
                format!("Invalid jobQueue 'train\u{0}ing{BAD_QUEUE}"),
                Some("jobQueue"),
            ),
        ),
        // --- duplicates and unknown members
        case(
            "jobQueue twice",
            r#"{"jobQueue":"research","jobQueue":"training"}"#,
            err(
                "The request member jobQueue appears more than once.",
                Some("jobQueue"),
            ),
        ),
        case(
            "a filter name twice",
            training(r#""filters":[{"name":"JOB_NAME","name":"x","values":["a"]}]"#),
            err(
                "The request member filters[0].name appears more than once.",
                Some("filters[0].name"),
            ),
        ),
        case(
            "members differing in case are not duplicates; the unknown one is ignored",
            r#"{"jobqueue":"research","jobQueue":"training"}"#,
            page(&["job-a", "job-b", "job-c"], false),
        ),
        case(
            "unknown members",
            training(r#""foo":1,"bar":{"x":[null,true]},"Filters":"x""#),
            page(&["job-a", "job-b", "job-c"], false),
        ),
        case(
            "null members are absent",
            training(r#""jobStatus":null,"filters":null,"maxResults":null"#),
            page(&["job-a", "job-b", "job-c"], false),
        ),
        // --- tokens
        case(
            "the next page's token",
            with_token(r#""maxResults":1,"#, &token),
            page(&["job-b"], true),
        ),
        case(
            "a token with another maxResults",
            with_token(r#""maxResults":5,"#, &token),
            page(&["job-b", "job-c"], false),
        ),
        case(
            "a token from another queue",
            format!(r#"{{"jobQueue":"research","nextToken":"{token}"}}"#),
            err(FOREIGN, Some("nextToken")),
        ),
        case(
            "a token from the same queue by ARN",
            format!(r#"{{"jobQueue":"{TRAINING_ARN}","nextToken":"{token}"}}"#),
            err(FOREIGN, Some("nextToken")),
        ),
        case(
            "a token from another status",
            with_token(r#""jobStatus":"FAILED","#, &token),
            err(FOREIGN, Some("nextToken")),
        ),
        case(
            "a token from another filter",
            with_token(
                r#""filters":[{"name":"SHARE_IDENTIFIER","values":["teamA"]}],"#,
                &token,
            ),
            err(FOREIGN, Some("nextToken")),
        ),
        case(
            "a bit-flipped token",
            with_token("", &flipped),
            err(MALFORMED, Some("nextToken")),
        ),
        case(
            "a truncated token",
            with_token("", &token[..token.len() - 1]),
            err(MALFORMED, Some("nextToken")),
        ),
        case(
            "a token with padding",
            with_token("", &format!("{token}=")),
            err(MALFORMED, Some("nextToken")),
        ),
        case(
            "an empty token",
            with_token("", ""),
            err("Invalid nextToken: the token is empty.", Some("nextToken")),
        ),
    ]
}
