//! botocore's paginator semantics: resume tokens byte-identical to botocore 1.44.8's (every
//! literal below was printed by Python's `base64.b64encode(json.dumps(...))`), MaxItems cuts
//! inside and on the boundary of pages, and resuming from botocore's own tokens.

use batchlist::{
    FullResult, JobStatus, KeyValuesPair, ListServiceJobsRequest, PaginationConfig,
    PaginationError, Paginator, ResumeToken, ServiceJob, list_service_jobs, paginate,
};

fn token(next_token: Option<&str>, truncate_amount: Option<u64>) -> ResumeToken {
    ResumeToken {
        next_token: next_token.map(str::to_owned),
        truncate_amount,
    }
}

/// One page of the fake service: its items and its nextToken.
type FakePage = Result<(Vec<u32>, Option<String>), PaginationError>;

/// A service over items `0..total` whose tokens are `T<offset>`, with a default page of 3.
fn service(total: u32) -> impl FnMut(Option<&str>, Option<u32>) -> FakePage {
    move |next_token, page_size| {
        let start: u32 = next_token.map_or(0, |t| t[1..].parse().expect("a T<n> token"));
        let end = (start + page_size.unwrap_or(3)).min(total);
        let next = (end < total).then(|| format!("T{end}"));
        Ok(((start..end).collect(), next))
    }
}

fn walk(
    total: u32,
    max_items: Option<u64>,
    page_size: Option<u32>,
    start: Option<&str>,
) -> FullResult<u32> {
    let config = PaginationConfig {
        max_items,
        page_size,
        starting_token: start.map(str::to_owned),
    };
    paginate(config, service(total)).expect("the walk succeeds")
}

#[test]
fn r_paginate_3_encodes_the_reference_examples_byte_for_byte() {
    assert_eq!(
        token(Some("T1"), None).encode(),
        "eyJuZXh0VG9rZW4iOiAiVDEifQ=="
    );
    assert_eq!(
        token(Some("T1"), Some(1)).encode(),
        "eyJuZXh0VG9rZW4iOiAiVDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="
    );
    assert_eq!(
        token(None, Some(2)).encode(),
        "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
    );
}

#[test]
fn r_paginate_3_escapes_strings_as_python_json_dumps_does() {
    // json.dumps("a\"b\\c\n\x01\x7f\u00e9\u20ac\U0001F600/\t\b\f\r") escapes quote, backslash,
    // control characters, DEL and all non-ASCII (astral as a surrogate pair), not '/'.
    let text = "a\"b\\c\n\u{1}\u{7f}\u{e9}\u{20ac}\u{1F600}/\t\u{8}\u{c}\r";
    let encoded = token(Some(text), Some(12)).encode();
    assert_eq!(
        encoded,
        "eyJuZXh0VG9rZW4iOiAiYVwiYlxcY1xuXHUwMDAxXHUwMDdmXHUwMGU5XHUyMGFjXHVkODNkXHVkZTAwL1x0XGJcZlxyIiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMTJ9"
    );
    assert_eq!(
        ResumeToken::parse(&encoded),
        Ok(token(Some(text), Some(12)))
    );
}

#[test]
fn r_paginate_6_parses_botocore_tokens_in_any_key_order_and_spacing() {
    assert_eq!(
        ResumeToken::parse("eyJuZXh0VG9rZW4iOiAiVDEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="),
        Ok(token(Some("T1"), Some(1)))
    );
    assert_eq!(
        ResumeToken::parse("eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="),
        Ok(token(None, Some(2)))
    );
    // base64 of '{ "boto_truncate_amount" :1 ,"nextToken":"T1" }\n'
    assert_eq!(
        ResumeToken::parse("eyAiYm90b190cnVuY2F0ZV9hbW91bnQiIDoxICwibmV4dFRva2VuIjoiVDEiIH0K"),
        Ok(token(Some("T1"), Some(1)))
    );
}

#[test]
fn r_paginate_6_reads_the_legacy_token_form() {
    assert_eq!(ResumeToken::parse("T5___3"), Ok(token(Some("T5"), Some(3))));
    assert_eq!(ResumeToken::parse("None___2"), Ok(token(None, Some(2))));
}

#[test]
fn r_paginate_6_reads_anything_else_as_a_raw_service_token() {
    // What botocore's _parse_starting_token does with a token that is neither form: the
    // decode fails (ValueError), the legacy split finds no index, and the whole text becomes
    // the service nextToken. Decoded JSON of another shape is not a resume token either.
    for raw in [
        "",
        "garbage",
        "T5___x",                   // an index that is not a number
        "T5___",                    // no index at all
        "eyJmb28iOiAxfQ==",         // {"foo": 1}
        "eyJuZXh0VG9rZW4iOiA1fQ==", // {"nextToken": 5}
        "eyJuZXh0VG9rZW4iOiAiYSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IC0xfQ==", // amount -1
        "eyJuZXh0VG9rZW4iOiAiXHVkODAweCJ9", // lone surrogate
        "eyJuZXh0VG9rZW4iOiAiVDEifQ", // padding missing
        "AaA_dZ3rfn6hAQAAAZt2230ZAAAAJDc3ODA1MjJkLTkxZjAtNDRlNi04ODY1LTkzMDRkYWY5ZTlkNQ", // a service token
    ] {
        assert_eq!(ResumeToken::parse(raw), Ok(token(Some(raw), None)), "{raw}");
    }
    assert_eq!(ResumeToken::parse("None"), Ok(token(None, None)));
    let long = "x".repeat(200);
    assert_eq!(ResumeToken::parse(&long), Ok(token(Some(&long), None)));
}

#[test]
fn r_paginate_6_refuses_a_token_with_more_than_one_separator_as_botocore_does() {
    for bad in ["a___b___1", "a___b___c", "______"] {
        let err = ResumeToken::parse(bad).expect_err(bad);
        assert_eq!(err, PaginationError::BadStartingToken(bad.to_owned()));
        assert_eq!(err.to_string(), format!("Bad starting token: {bad}"));
    }
    let long = format!("{}___b___c", "x".repeat(200));
    assert_eq!(
        ResumeToken::parse(&long).unwrap_err(),
        PaginationError::BadStartingToken(format!("{}...", "x".repeat(64)))
    );
}

#[test]
fn r_paginate_6_a_raw_starting_token_requests_its_page_whole() {
    // T4 is the fake service's own token for the page starting at item 4.
    let result = walk(10, Some(3), Some(2), Some("T4"));
    assert_eq!(result.items, [4, 5, 6]);
    // The cut falls inside the page T6 requested: botocore's resume token for it.
    assert_eq!(result.next_token, Some(token(Some("T6"), Some(1)).encode()));
    // A cut inside the raw token's own page resumes in it, from the raw token.
    let result = walk(10, Some(1), Some(2), Some("T4"));
    assert_eq!(result.items, [4]);
    assert_eq!(result.next_token, Some(token(Some("T4"), Some(1)).encode()));
}

#[test]
fn r_paginate_2_a_walk_without_max_items_returns_everything_and_no_token() {
    let result = walk(10, None, Some(4), None);
    assert_eq!(result.items, (0..10).collect::<Vec<_>>());
    assert_eq!(result.next_token, None);
}

#[test]
fn r_paginate_2_a_cut_inside_the_first_page_resumes_from_a_null_token() {
    let result = walk(10, Some(3), Some(4), None);
    assert_eq!(result.items, vec![0, 1, 2]);
    assert_eq!(
        result.next_token.as_deref(),
        Some("eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==")
    );
    let rest = walk(10, None, Some(4), result.next_token.as_deref());
    assert_eq!(rest.items, (3..10).collect::<Vec<_>>());
}

#[test]
fn r_paginate_2_a_cut_inside_a_later_page_records_the_token_that_requested_it() {
    let result = walk(10, Some(6), Some(4), None);
    assert_eq!(result.items, (0..6).collect::<Vec<_>>());
    // {"nextToken": "T4", "boto_truncate_amount": 2}
    assert_eq!(
        result.next_token.as_deref(),
        Some("eyJuZXh0VG9rZW4iOiAiVDQiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==")
    );
}

#[test]
fn r_paginate_2_a_cut_on_a_page_boundary_is_the_pages_own_token() {
    let result = walk(10, Some(4), Some(4), None);
    assert_eq!(result.items, vec![0, 1, 2, 3]);
    assert_eq!(
        result.next_token.as_deref(),
        Some("eyJuZXh0VG9rZW4iOiAiVDQifQ==")
    );
    // MaxItems equal to everything: no token, since the service has no more.
    assert_eq!(walk(8, Some(8), Some(4), None).next_token, None);
}

#[test]
fn r_paginate_4_resuming_slices_the_first_page_only() {
    // From {"T4", 2}: page T4 is 4..8, sliced to 6, 7; page T8 is cut after 8.
    let start = "eyJuZXh0VG9rZW4iOiAiVDQiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==";
    let result = walk(10, Some(3), Some(4), Some(start));
    assert_eq!(result.items, vec![6, 7, 8]);
    // {"nextToken": "T8", "boto_truncate_amount": 1}: the first page's slice is not carried.
    assert_eq!(
        result.next_token.as_deref(),
        Some("eyJuZXh0VG9rZW4iOiAiVDgiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==")
    );
}

#[test]
fn r_paginate_4_a_cut_inside_the_resumed_page_adds_the_starting_slice() {
    // From {"T4", 1}: page T4 sliced to 5, 6, 7; MaxItems 2 keeps 5, 6 and resumes at 1 + 2.
    let start = ResumeToken {
        next_token: Some("T4".into()),
        truncate_amount: Some(1),
    }
    .encode();
    let result = walk(10, Some(2), Some(4), Some(&start));
    assert_eq!(result.items, vec![5, 6]);
    assert_eq!(
        result.next_token.as_deref(),
        Some("eyJuZXh0VG9rZW4iOiAiVDQiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ==")
    );
}

#[test]
fn r_paginate_6_resuming_from_a_legacy_token() {
    let result = walk(10, None, Some(4), Some("T4___3"));
    assert_eq!(result.items, vec![7, 8, 9]);
}

#[test]
fn r_paginate_4_every_split_of_every_walk_resumes_to_the_whole_list() {
    for total in 0..12u32 {
        for page_size in 1..6u32 {
            for max_items in 1..14u64 {
                let mut seen = Vec::new();
                let mut start: Option<String> = None;
                for _ in 0..100 {
                    let part = walk(total, Some(max_items), Some(page_size), start.as_deref());
                    assert!(part.items.len() as u64 <= max_items);
                    seen.extend(part.items);
                    start = part.next_token;
                    if start.is_none() {
                        break;
                    }
                }
                assert_eq!(
                    seen,
                    (0..total).collect::<Vec<_>>(),
                    "total {total}, page {page_size}, max {max_items}"
                );
            }
        }
    }
}

#[test]
fn r_paginate_5_the_same_token_twice_is_botocores_error() {
    let stuck = |_: Option<&str>, _: Option<u32>| Ok((vec![1], Some("X".to_owned())));
    let err = paginate::<u32, PaginationError, _>(PaginationConfig::default(), stuck).unwrap_err();
    assert_eq!(err, PaginationError::RepeatedNextToken("X".into()));
    assert_eq!(
        err.to_string(),
        "The same next token was received twice: {'nextToken': 'X'}"
    );
}

#[test]
fn r_paginate_5_an_empty_service_token_ends_the_walk() {
    let mut calls = 0;
    let result = paginate::<u32, PaginationError, _>(PaginationConfig::default(), |_, _| {
        calls += 1;
        Ok((vec![1, 2], Some(String::new())))
    })
    .unwrap();
    assert_eq!(
        (result.items, result.next_token, calls),
        (vec![1, 2], None, 1)
    );
}

#[test]
fn r_paginate_1_the_state_machine_sends_page_size_and_tokens() {
    let config = PaginationConfig {
        max_items: Some(5),
        page_size: Some(2),
        starting_token: None,
    };
    let mut paginator = Paginator::new(config).unwrap();
    let mut sent = Vec::new();
    let mut fetch = service(10);
    while let Some(request) = paginator.next_request() {
        sent.push((request.next_token.map(str::to_owned), request.page_size));
        let (items, next) = fetch(request.next_token, request.page_size).unwrap();
        paginator.receive(items, next).unwrap();
    }
    assert_eq!(
        sent,
        vec![
            (None, Some(2)),
            (Some("T2".to_owned()), Some(2)),
            (Some("T4".to_owned()), Some(2)),
        ]
    );
    assert!(paginator.is_done());
    assert_eq!(
        paginator.resume_position(),
        Some(&token(Some("T4"), Some(1)))
    );
    assert_eq!(paginator.receive(vec![99], None), Ok(Vec::new()));
}

#[test]
fn r_paginate_6_a_bad_starting_token_fails_before_any_request() {
    let config = PaginationConfig {
        starting_token: Some("a___b___c".into()),
        ..Default::default()
    };
    assert!(matches!(
        Paginator::new(config),
        Err(PaginationError::BadStartingToken(_))
    ));
}

#[derive(Debug)]
enum WalkError {
    Pagination(PaginationError),
    Service(batchlist::Error),
}

impl From<PaginationError> for WalkError {
    fn from(e: PaginationError) -> Self {
        WalkError::Pagination(e)
    }
}

fn engine_walk(
    jobs: &[ServiceJob],
    request: &ListServiceJobsRequest,
    config: PaginationConfig,
) -> Result<FullResult<String>, WalkError> {
    paginate(config, |next_token, page_size| {
        let request = ListServiceJobsRequest {
            next_token: next_token.map(str::to_owned),
            max_results: page_size.map(i64::from),
            ..request.clone()
        };
        let page = list_service_jobs(jobs, &request).map_err(WalkError::Service)?;
        let ids = page
            .job_summary_list
            .into_iter()
            .map(|j| j.job_id)
            .collect();
        Ok((ids, page.next_token))
    })
}

// `SyntheticJobs` is a feature: on in this workspace, and under `cargo test --all-features`
// in the published package.
#[cfg(feature = "synthetic")]
#[test]
fn r_paginate_1_walks_the_engine_with_any_page_size_to_the_same_list() {
    let jobs: Vec<ServiceJob> = batchlist::SyntheticJobs::new(2_000, 7).collect();
    let request = ListServiceJobsRequest {
        job_queue: Some("training".into()),
        filters: Some(vec![KeyValuesPair::new("JOB_NAME", "train*")]),
        ..Default::default()
    };
    let whole = engine_walk(&jobs, &request, PaginationConfig::default()).unwrap();
    assert!(whole.items.len() > 100, "the walk spans several pages");
    for (page_size, max_items) in [(7, 50), (100, 33), (1, 5), (13, 13)] {
        let mut seen = Vec::new();
        let mut starting_token = None;
        loop {
            let config = PaginationConfig {
                max_items: Some(max_items),
                page_size: Some(page_size),
                starting_token,
            };
            let part = engine_walk(&jobs, &request, config).unwrap();
            seen.extend(part.items);
            starting_token = part.next_token;
            if starting_token.is_none() {
                break;
            }
        }
        assert_eq!(seen, whole.items, "page {page_size}, max {max_items}");
    }
}

#[test]
fn engine_errors_end_the_walk() {
    let jobs = vec![ServiceJob::new(
        "arn:aws:batch:us-east-1:123456789012:job-queue/q",
        "a",
        "n",
        JobStatus::Running,
        1,
    )];
    let request = ListServiceJobsRequest {
        job_queue: Some("q".into()),
        ..Default::default()
    };
    let config = PaginationConfig {
        page_size: Some(101),
        ..Default::default()
    };
    match engine_walk(&jobs, &request, config) {
        Err(WalkError::Service(e)) => {
            assert_eq!(
                e.to_string(),
                "Invalid maxResults 101: expected an integer from 1 to 100."
            )
        }
        Err(WalkError::Pagination(e)) => panic!("expected a service error, got {e}"),
        Ok(result) => panic!("expected a service error, got {result:?}"),
    }
}
