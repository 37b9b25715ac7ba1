//! One or more example tests for every rule of spec/README.md, named by rule ID.

mod common;

use batchlist::{
    JobStatus::{self, *},
    ListServiceJobsRequest, ServiceJob, list_service_jobs,
};
use common::*;

/// The job IDs of the first page, and whether a token came with it.
fn page(jobs: &[ServiceJob], r: &ListServiceJobsRequest) -> (Vec<String>, bool) {
    let response = list_service_jobs(jobs, r).unwrap_or_else(|e| panic!("request refused: {e}"));
    let ids = response
        .job_summary_list
        .iter()
        .map(|j| j.job_id.clone())
        .collect();
    (ids, response.next_token.is_some())
}

fn ids(jobs: &[ServiceJob], r: &ListServiceJobsRequest) -> Vec<String> {
    page(jobs, r).0
}

/// Every job ID of a full walk, following tokens.
fn walk(jobs: &[ServiceJob], r: &ListServiceJobsRequest) -> Vec<String> {
    let mut r = r.clone();
    let mut all = Vec::new();
    loop {
        let response = list_service_jobs(jobs, &r).expect("walk step refused");
        all.extend(response.job_summary_list.iter().map(|j| j.job_id.clone()));
        match response.next_token {
            Some(t) => r.next_token = Some(t),
            None => return all,
        }
    }
}

fn error(jobs: &[ServiceJob], r: &ListServiceJobsRequest) -> String {
    match list_service_jobs(jobs, r) {
        Ok(resp) => panic!(
            "expected an error, got {} jobs",
            resp.job_summary_list.len()
        ),
        Err(e) => {
            assert_eq!(e.error_type(), "ClientException");
            assert_eq!(e.http_status(), 400);
            e.to_string()
        }
    }
}

fn decode_error(body: &str) -> String {
    match decode(body) {
        Ok(r) => panic!("expected {body} to be refused, got {r:?}"),
        Err(e) => e.to_string(),
    }
}

/// One job of every status, newest last.
fn every_status() -> Vec<ServiceJob> {
    JobStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| job(&format!("j{i}"), &format!("name-{i}"), *s, 1000 + i as i64))
        .collect()
}

// ---- R-REQ ----

#[test]
fn r_req_1_wrong_types_name_the_member() {
    assert_eq!(
        decode_error(r#"{"jobQueue": "training", "maxResults": "10"}"#),
        "Invalid maxResults: expected an integer from 1 to 100, found a string."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "training", "maxResults": 2.5}"#),
        "Invalid maxResults: expected an integer from 1 to 100, found a non-integer number."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": ["training"]}"#),
        "Invalid jobQueue: expected a string, found a list."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "q", "filters": {"name": "JOB_NAME"}}"#),
        "Invalid filters: expected a list of filters, found an object."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "q", "filters": [{"name": "JOB_NAME", "values": "a"}]}"#),
        "Invalid filters[0].values: expected a list of strings, found a string."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "q", "filters": [{"name": "JOB_NAME", "values": [1]}]}"#),
        "Invalid filters[0].values[0]: expected a string, found an integer."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "q", "filters": ["JOB_NAME"]}"#),
        "Invalid filters[0]: expected an object with name and values, found a string."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "q", "nextToken": 5}"#),
        "Invalid nextToken: expected a string, found an integer."
    );
}

#[test]
fn r_req_1_body_must_be_a_json_object() {
    assert_eq!(
        decode_error("[]"),
        "The request body must be a JSON object, found a list."
    );
    assert_eq!(
        decode_error("\"x\""),
        "The request body must be a JSON object, found a string."
    );
    assert!(decode_error("{\"jobQueue\": ").starts_with("The request body is not valid JSON: "));
    assert!(decode_error("{} {}").starts_with("The request body is not valid JSON: "));
}

#[test]
fn r_req_1_duplicate_members_are_refused() {
    assert_eq!(
        decode_error(r#"{"jobQueue": "a", "jobQueue": "b"}"#),
        "The request member jobQueue appears more than once."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "a", "filters": [{"name": "JOB_NAME", "name": "x"}]}"#),
        "The request member filters[0].name appears more than once."
    );
}

#[test]
fn r_req_1_null_is_absent_and_unknown_members_are_ignored() {
    let r = decode(r#"{"jobQueue": "training", "jobStatus": null, "futureMember": {"x": [1]}}"#)
        .expect("accepted");
    assert_eq!(r, request());
    let jobs = every_status();
    assert_eq!(ids(&jobs, &r), ["j5"]); // null status: the RUNNING default applies
}

#[test]
fn r_req_1_maxresults_beyond_i64_is_out_of_range() {
    let r = decode(r#"{"jobQueue": "training", "maxResults": 9223372036854775808}"#);
    assert_eq!(
        r.unwrap_err().to_string(),
        "Invalid maxResults 9223372036854775808: expected an integer from 1 to 100."
    );
}

#[test]
fn r_req_2_errors_are_reported_in_member_order() {
    let jobs = every_status();
    let bad = ListServiceJobsRequest {
        job_queue: Some("bad queue".into()),
        job_status: Some("running".into()),
        max_results: Some(0),
        next_token: Some("x".into()),
        filters: Some(vec![]),
    };
    assert!(error(&jobs, &bad).starts_with("Invalid jobQueue"));
    let bad = ListServiceJobsRequest {
        job_queue: Some("training".into()),
        ..bad
    };
    assert!(error(&jobs, &bad).starts_with("Invalid jobStatus"));
    let bad = ListServiceJobsRequest {
        job_status: Some("FAILED".into()),
        ..bad
    };
    assert!(error(&jobs, &bad).starts_with("Invalid maxResults"));
    let bad = ListServiceJobsRequest {
        max_results: Some(5),
        filters: Some(vec![
            batchlist::KeyValuesPair::new("JOB_NAME", "a"),
            batchlist::KeyValuesPair::new("JOB_NAME", "b"),
        ]),
        ..bad
    };
    assert_eq!(
        error(&jobs, &bad),
        "Only one filter key-value pair can be specified."
    );
    let bad = ListServiceJobsRequest {
        filters: None,
        ..bad
    };
    assert!(error(&jobs, &bad).starts_with("Invalid nextToken"));
}

#[test]
fn r_req_2_status_is_validated_even_when_a_filter_ignores_it() {
    let r = with_status(with_filter(request(), "JOB_NAME", "a"), "running");
    assert!(error(&every_status(), &r).starts_with("Invalid jobStatus 'running'"));
}

// ---- R-QUEUE ----

#[test]
fn r_queue_1_job_queue_is_required() {
    let r = ListServiceJobsRequest::default();
    assert_eq!(
        error(&every_status(), &r),
        "jobQueue is required: give the name or ARN of a job queue."
    );
}

#[test]
fn r_queue_1_names_and_arns_are_validated() {
    let msg = |q: &str| {
        format!(
            "Invalid jobQueue '{q}': expected a job queue name (1 to 128 letters, numbers, hyphens \
             and underscores) or an ARN arn:aws:batch:REGION:ACCOUNT:job-queue/NAME."
        )
    };
    for bad in [
        "",
        "has space",
        "slash/name",
        "arn:aws:batch:us-east-1:12345678901:job-queue/q", // 11-digit account
        "arn:aws:batch:us-east-1:123456789012:job-queue/",
        "arn:aws:s3:us-east-1:123456789012:job-queue/q",
        "arn:aws:batch:US-EAST-1:123456789012:job-queue/q",
        "arn:aws:batch:us-east-1:123456789012:compute-environment/q",
        "xarn:aws:batch:us-east-1:123456789012:job-queue/q",
    ] {
        let r = ListServiceJobsRequest {
            job_queue: Some(bad.into()),
            ..Default::default()
        };
        assert_eq!(error(&[], &r), msg(bad), "for {bad:?}");
    }
    let long = "q".repeat(129);
    let r = ListServiceJobsRequest {
        job_queue: Some(long.clone()),
        ..Default::default()
    };
    assert_eq!(error(&[], &r), msg(&format!("{}...", "q".repeat(64))));
    for good in [
        "q",
        "Training_Queue-2",
        &"q".repeat(128),
        "arn:aws:batch:us-east-1:123456789012:job-queue/training",
        "arn:aws-cn:batch:cn-north-1:123456789012:job-queue/t",
        "arn:aws-us-gov:batch:us-gov-west-1:123456789012:job-queue/t",
    ] {
        let r = ListServiceJobsRequest {
            job_queue: Some(good.into()),
            ..Default::default()
        };
        assert!(
            list_service_jobs(&[] as &[ServiceJob], &r).is_ok(),
            "{good} refused"
        );
    }
}

#[test]
fn r_queue_2_name_matches_every_region_arn_matches_exactly() {
    let jobs = vec![
        job("us", "a", Running, 3),
        in_queue(job("eu", "a", Running, 2), TRAINING_EU_ARN),
        in_queue(job("other", "a", Running, 1), RESEARCH_ARN),
        in_queue(
            job("suffix", "a", Running, 4),
            "arn:aws:batch:us-east-1:123456789012:job-queue/pre-training",
        ),
    ];
    assert_eq!(ids(&jobs, &request()), ["us", "eu"]);
    let by_arn = ListServiceJobsRequest {
        job_queue: Some(TRAINING_EU_ARN.into()),
        ..request()
    };
    assert_eq!(ids(&jobs, &by_arn), ["eu"]);
    let case = ListServiceJobsRequest {
        job_queue: Some("Training".into()),
        ..request()
    };
    assert!(ids(&jobs, &case).is_empty());
    let unknown = ListServiceJobsRequest {
        job_queue: Some("nope".into()),
        ..request()
    };
    assert_eq!(page(&jobs, &unknown), (vec![], false));
}

// ---- R-STATUS ----

#[test]
fn r_status_1_values_are_exact() {
    let jobs = every_status();
    for (i, s) in JobStatus::ALL.iter().enumerate() {
        assert_eq!(
            ids(&jobs, &with_status(request(), s.as_str())),
            [format!("j{i}")]
        );
    }
    for bad in ["running", "Running", "DONE", "", " RUNNING"] {
        assert_eq!(
            error(&jobs, &with_status(request(), bad)),
            format!(
                "Invalid jobStatus '{bad}': expected one of SUBMITTED, PENDING, RUNNABLE, \
                 SCHEDULED, STARTING, RUNNING, SUCCEEDED, FAILED."
            )
        );
    }
}

#[test]
fn r_status_2_no_status_no_filter_lists_running_only() {
    let mut jobs = every_status();
    jobs.push(job("r2", "x", Running, 5000));
    assert_eq!(ids(&jobs, &request()), ["r2", "j5"]);
}

#[test]
fn r_status_3_status_alone_selects_that_status() {
    let mut jobs = every_status();
    jobs.push(job("f2", "x", Failed, 1));
    assert_eq!(ids(&jobs, &with_status(request(), "FAILED")), ["j7", "f2"]);
}

// ---- R-FILTER ----

#[test]
fn r_filter_1_one_filter_only() {
    let mut r = request();
    r.filters = Some(vec![
        batchlist::KeyValuesPair::new("JOB_NAME", "a"),
        batchlist::KeyValuesPair::new("SHARE_IDENTIFIER", "b"),
    ]);
    assert_eq!(
        error(&[], &r),
        "Only one filter key-value pair can be specified."
    );
}

#[test]
fn r_filter_2_exactly_one_value() {
    let mut r = request();
    r.filters = Some(vec![batchlist::KeyValuesPair {
        name: Some("JOB_NAME".into()),
        values: Some(vec!["a".into(), "b".into()]),
    }]);
    assert_eq!(error(&[], &r), "Filter cannot take more than one value.");
    for values in [None, Some(vec![])] {
        r.filters = Some(vec![batchlist::KeyValuesPair {
            name: Some("JOB_NAME".into()),
            values,
        }]);
        assert_eq!(
            error(&[], &r),
            "filters[0].values must hold exactly one value."
        );
    }
}

#[test]
fn r_filter_3_names_are_case_sensitive_and_known() {
    for bad in ["job_name", "Job_Name", "JOB_DEFINITION", "", "NAME"] {
        assert_eq!(
            error(&[], &with_filter(request(), bad, "x")),
            format!(
                "Invalid filters[0].name '{bad}': expected one of JOB_NAME, BEFORE_CREATED_AT, \
                 AFTER_CREATED_AT, SHARE_IDENTIFIER, QUOTA_SHARE_NAME (filter names are case \
                 sensitive)."
            )
        );
    }
    let mut r = request();
    r.filters = Some(vec![batchlist::KeyValuesPair {
        name: None,
        values: Some(vec!["x".into()]),
    }]);
    assert_eq!(
        error(&[], &r),
        "filters[0].name is required: one of JOB_NAME, BEFORE_CREATED_AT, AFTER_CREATED_AT, \
         SHARE_IDENTIFIER, QUOTA_SHARE_NAME."
    );
}

#[test]
fn r_filter_7_job_status_filter_points_to_the_job_status_member() {
    let retired = "Invalid filters[0].name 'JOB_STATUS': ListServiceJobs has no JOB_STATUS \
                   filter any more; give the status in the jobStatus member instead.";
    let r = with_filter(request(), "JOB_STATUS", "RUNNING");
    assert_eq!(error(&[], &r), retired);
    let err = list_service_jobs(&[] as &[ServiceJob], &r).unwrap_err();
    assert_eq!(err.member().as_deref(), Some("filters[0].name"));
    // Judged as a name: before its values (R-REQ-2), and case sensitive (R-FILTER-3).
    let mut two_values = r.clone();
    two_values.filters.as_mut().unwrap()[0].values = Some(vec!["A".into(), "B".into()]);
    assert_eq!(error(&[], &two_values), retired);
    assert!(
        error(&[], &with_filter(request(), "job_status", "RUNNING"))
            .starts_with("Invalid filters[0].name 'job_status': expected one of JOB_NAME")
    );
    // The same through Filter::new, and the name is not a filter name.
    assert_eq!(
        batchlist::Filter::new("JOB_STATUS", "RUNNING")
            .unwrap_err()
            .to_string(),
        retired
    );
    assert!(!batchlist::FILTER_NAMES.contains(&"JOB_STATUS"));
}

#[test]
fn r_filter_3_filter_name_reads_back_its_wire_name() {
    for name in batchlist::FILTER_NAMES {
        let value = if name.ends_with("CREATED_AT") {
            "5"
        } else {
            "x"
        };
        assert_eq!(batchlist::Filter::new(name, value).unwrap().name(), name);
    }
    use batchlist::{Filter, JobNamePattern};
    let every_variant = [
        Filter::JobName(JobNamePattern::new("x")),
        Filter::BeforeCreatedAt(5),
        Filter::AfterCreatedAt(5),
        Filter::ShareIdentifier("x".into()),
        Filter::QuotaShareName("x".into()),
    ];
    let names: Vec<&str> = every_variant.iter().map(Filter::name).collect();
    assert_eq!(names, batchlist::FILTER_NAMES);
    assert_eq!(
        batchlist::FILTER_NAMES,
        [
            "JOB_NAME",
            "BEFORE_CREATED_AT",
            "AFTER_CREATED_AT",
            "SHARE_IDENTIFIER",
            "QUOTA_SHARE_NAME"
        ]
    );
}

#[test]
fn r_filter_4_empty_filter_list_is_no_filter() {
    let jobs = every_status();
    let mut r = request();
    r.filters = Some(vec![]);
    assert_eq!(ids(&jobs, &r), ["j5"]);
    assert_eq!(ids(&jobs, &with_status(r, "FAILED")), ["j7"]);
}

#[test]
fn r_filter_5_job_name_and_time_filters_ignore_status() {
    let jobs = every_status();
    let all: Vec<String> = (0..8).rev().map(|i| format!("j{i}")).collect();
    let by_name = with_status(with_filter(request(), "JOB_NAME", "name-*"), "FAILED");
    assert_eq!(ids(&jobs, &by_name).len(), 8);
    let before = with_status(
        with_filter(request(), "BEFORE_CREATED_AT", "5000"),
        "RUNNING",
    );
    assert_eq!(ids(&jobs, &before), all);
    let after = with_filter(request(), "AFTER_CREATED_AT", "0");
    assert_eq!(ids(&jobs, &after), all);
}

#[test]
fn r_filter_6_share_and_quota_filters_combine_with_status() {
    let jobs: Vec<ServiceJob> = every_status()
        .into_iter()
        .map(|j| with_quota(with_share(j, "teamA"), "gold"))
        .chain([with_share(job("other", "x", Running, 9), "teamB")])
        .collect();
    let share = with_filter(request(), "SHARE_IDENTIFIER", "teamA");
    assert_eq!(ids(&jobs, &with_status(share.clone(), "RUNNING")), ["j5"]);
    assert_eq!(ids(&jobs, &with_status(share.clone(), "SUBMITTED")), ["j0"]);
    assert_eq!(
        ids(&jobs, &share).len(),
        8,
        "no status: every status matches"
    );
    let quota = with_filter(request(), "QUOTA_SHARE_NAME", "gold");
    assert_eq!(ids(&jobs, &with_status(quota.clone(), "FAILED")), ["j7"]);
    assert_eq!(
        ids(&jobs, &quota).len(),
        8,
        "no status: every status matches"
    );
}

// ---- R-NAME ----

#[test]
fn r_name_1_exact_match_ignores_ascii_case_only() {
    let jobs = vec![
        job("a", "Test1", Running, 4),
        job("b", "test1", Failed, 3),
        job("c", "test10", Running, 2),
        job("d", "TÉST1", Running, 1),
    ];
    let r = with_filter(request(), "JOB_NAME", "test1");
    assert_eq!(ids(&jobs, &r), ["a", "b"]); // doc example: test1 matches Test1 and test1
    let r = with_filter(request(), "JOB_NAME", "tést1");
    assert!(
        ids(&jobs, &r).is_empty(),
        "non-ASCII letters are not case-folded"
    );
    let r = with_filter(request(), "JOB_NAME", "TÉST1");
    assert_eq!(ids(&jobs, &r), ["d"]);
}

#[test]
fn r_name_2_trailing_asterisk_is_a_case_insensitive_prefix() {
    let jobs = vec![
        job("a", "test1", Running, 4),
        job("b", "Test10", Failed, 3),
        job("c", "test2", Running, 2),
        job("d", "xtest1", Running, 1),
    ];
    let r = with_filter(request(), "JOB_NAME", "test1*");
    assert_eq!(ids(&jobs, &r), ["a", "b"]); // doc example: test1* matches test1 and Test10
    let r = with_filter(request(), "JOB_NAME", "TEST*");
    assert_eq!(ids(&jobs, &r), ["a", "b", "c"]);
    let r = with_filter(request(), "JOB_NAME", "*");
    assert_eq!(ids(&jobs, &r).len(), 4, "* alone matches every name");
}

#[test]
fn r_name_3_other_asterisks_are_literal() {
    let jobs = vec![job("a", "train", Running, 2), job("b", "tr*in", Running, 1)];
    assert_eq!(
        ids(&jobs, &with_filter(request(), "JOB_NAME", "tr*in")),
        ["b"]
    );
    assert_eq!(
        ids(&jobs, &with_filter(request(), "JOB_NAME", "tr**")),
        ["b"]
    );
    assert!(ids(&jobs, &with_filter(request(), "JOB_NAME", "*rain")).is_empty());
}

// ---- R-TIME ----

#[test]
fn r_time_1_values_are_decimal_epoch_millis() {
    let jobs = every_status();
    for filter in ["BEFORE_CREATED_AT", "AFTER_CREATED_AT"] {
        for bad in [
            "abc",
            "",
            "-1",
            "+5",
            " 5",
            "1.5",
            "1e3",
            "9223372036854775808",
            "0x10",
        ] {
            assert_eq!(
                error(&jobs, &with_filter(request(), filter, bad)),
                format!(
                    "Invalid {filter} value '{bad}' in filters[0].values: expected a decimal \
                     number of milliseconds since 1970-01-01T00:00:00Z, from 0 to \
                     9223372036854775807."
                )
            );
        }
        for good in ["0", "0001003", "9223372036854775807"] {
            assert!(list_service_jobs(&jobs, &with_filter(request(), filter, good)).is_ok());
        }
    }
}

#[test]
fn r_time_2_before_created_at_is_strict() {
    let jobs = every_status(); // created 1000..=1007
    let r = with_filter(request(), "BEFORE_CREATED_AT", "1002");
    assert_eq!(ids(&jobs, &r), ["j1", "j0"]);
    let r = with_filter(request(), "BEFORE_CREATED_AT", "0001002");
    assert_eq!(
        ids(&jobs, &r),
        ["j1", "j0"],
        "leading zeros are the same number"
    );
}

#[test]
fn r_time_3_after_created_at_is_strict() {
    let jobs = every_status();
    let r = with_filter(request(), "AFTER_CREATED_AT", "1005");
    assert_eq!(ids(&jobs, &r), ["j7", "j6"]);
    let r = with_filter(request(), "AFTER_CREATED_AT", "9223372036854775807");
    assert!(ids(&jobs, &r).is_empty());
}

// ---- R-SHARE, R-QUOTA ----

#[test]
fn r_share_1_share_identifier_is_exact_and_case_sensitive() {
    let jobs = vec![
        with_share(job("a", "x", Running, 3), "teamA"),
        with_share(job("b", "x", Running, 2), "TeamA"),
        job("c", "x", Running, 1),
    ];
    assert_eq!(
        ids(&jobs, &with_filter(request(), "SHARE_IDENTIFIER", "teamA")),
        ["a"]
    );
    assert!(ids(&jobs, &with_filter(request(), "SHARE_IDENTIFIER", "team*")).is_empty());
    assert!(ids(&jobs, &with_filter(request(), "SHARE_IDENTIFIER", "")).is_empty());
}

#[test]
fn r_quota_1_quota_share_name_is_exact_and_case_sensitive() {
    let jobs = vec![
        with_quota(job("a", "x", Running, 3), "gold"),
        with_quota(job("b", "x", Running, 2), "Gold"),
        job("c", "x", Running, 1),
    ];
    assert_eq!(
        ids(&jobs, &with_filter(request(), "QUOTA_SHARE_NAME", "gold")),
        ["a"]
    );
    assert!(ids(&jobs, &with_filter(request(), "QUOTA_SHARE_NAME", "silver")).is_empty());
}

// ---- R-ORDER ----

#[test]
fn r_order_1_newest_first_ties_by_job_id() {
    let jobs = vec![
        job("b", "x", Running, 5),
        job("a", "x", Running, 5),
        job("c", "x", Running, 9),
        job("B", "x", Running, 5),
        job("old", "x", Running, -3),
    ];
    assert_eq!(ids(&jobs, &request()), ["c", "B", "a", "b", "old"]);
}

#[test]
fn r_order_2_job_name_groups_alphabetical_then_newest() {
    let jobs = vec![
        job("1", "train-b", Running, 10),
        job("2", "train-a", Failed, 5),
        job("3", "Train-a", Running, 20),
        job("4", "train-a", Succeeded, 30),
        job("5", "train-B", Running, 1),
        job("6", "train-a", Running, 30),
    ];
    let r = with_filter(request(), "JOB_NAME", "train*");
    // groups: Train-a, train-a, train-B, train-b (folded name, then exact bytes: 'T' < 't',
    // 'B' < 'b'); inside a group newest first, ties by jobId.
    assert_eq!(ids(&jobs, &r), ["3", "4", "6", "2", "5", "1"]);
}

#[test]
fn r_order_1_other_filters_are_not_grouped() {
    let jobs = vec![job("1", "b", Running, 1), job("2", "a", Running, 2)];
    assert_eq!(
        ids(&jobs, &with_filter(request(), "AFTER_CREATED_AT", "0")),
        ["2", "1"]
    );
}

// ---- R-PAGE ----

#[test]
fn r_page_1_max_results_bounds_and_default() {
    let jobs: Vec<ServiceJob> = (0..150)
        .map(|i| job(&format!("{i:03}"), "x", Running, i))
        .collect();
    assert_eq!(page(&jobs, &request()).0.len(), 100, "default page is 100");
    assert_eq!(page(&jobs, &with_max(request(), 1)).0, ["149"]);
    assert_eq!(page(&jobs, &with_max(request(), 100)).0.len(), 100);
    for bad in [0, -1, 101, i64::MAX, i64::MIN] {
        assert_eq!(
            error(&jobs, &with_max(request(), bad)),
            format!("Invalid maxResults {bad}: expected an integer from 1 to 100.")
        );
    }
}

#[test]
fn r_page_2_token_only_when_more_results() {
    let jobs: Vec<ServiceJob> = (0..4)
        .map(|i| job(&i.to_string(), "x", Running, i))
        .collect();
    assert_eq!(
        page(&jobs, &with_max(request(), 3)),
        (vec!["3".into(), "2".into(), "1".into()], true)
    );
    assert!(
        !page(&jobs, &with_max(request(), 4)).1,
        "exactly full: no token"
    );
    assert!(!page(&jobs, &with_max(request(), 5)).1);
    assert!(!page(&[], &request()).1);
}

#[test]
fn r_page_3_walk_returns_every_job_once_in_order() {
    let jobs: Vec<ServiceJob> = (0..23)
        .map(|i| job(&format!("{i:02}"), "x", Running, i / 3))
        .collect();
    let full = ids(&jobs, &request());
    for max in 1..=24 {
        assert_eq!(
            walk(&jobs, &with_max(request(), max)),
            full,
            "maxResults {max}"
        );
    }
}

#[test]
fn r_page_3_jobs_added_or_removed_between_pages_are_not_repeated_or_skipped() {
    let mut jobs: Vec<ServiceJob> = (0..10)
        .map(|i| job(&format!("{i}"), "x", Running, i * 10))
        .collect();
    let first = list_service_jobs(&jobs, &with_max(request(), 4)).unwrap();
    let seen: Vec<_> = first
        .job_summary_list
        .iter()
        .map(|j| j.job_id.clone())
        .collect();
    assert_eq!(seen, ["9", "8", "7", "6"]);
    // A newer job arrives (its place is before the cursor), an older one arrives (after it),
    // and an already-returned job and a not-yet-returned job are removed.
    jobs.push(job("new", "x", Running, 1000));
    jobs.push(job("late", "x", Running, 55));
    jobs.retain(|j| j.job_id != "8" && j.job_id != "2");
    let mut r = with_max(request(), 4);
    r.next_token = first.next_token;
    let rest = walk(&jobs, &r);
    assert_eq!(rest, ["late", "5", "4", "3", "1", "0"]);
}

#[test]
fn r_page_3_max_results_may_change_between_pages() {
    let jobs: Vec<ServiceJob> = (0..10)
        .map(|i| job(&format!("{i}"), "x", Running, i))
        .collect();
    let first = list_service_jobs(&jobs, &with_max(request(), 3)).unwrap();
    let mut r = with_max(request(), 5);
    r.next_token = first.next_token;
    assert_eq!(
        page(&jobs, &r),
        (
            vec!["6".into(), "5".into(), "4".into(), "3".into(), "2".into()],
            true
        )
    );
}

// ---- R-TOKEN ----

fn first_token(jobs: &[ServiceJob], r: &ListServiceJobsRequest) -> String {
    list_service_jobs(jobs, &with_max(r.clone(), 1))
        .unwrap()
        .next_token
        .expect("a token")
}

const FOREIGN: &str = "Invalid nextToken: the token belongs to a different query; keep jobQueue, \
                       jobStatus and filters the same while paging.";
const MALFORMED: &str = "Invalid nextToken: the token is malformed or was altered; pass the \
                         nextToken of the previous page unchanged.";

#[test]
fn r_token_1_token_is_bound_to_the_query() {
    let jobs: Vec<ServiceJob> = (0..5)
        .map(|i| with_share(job(&format!("{i}"), "train", Running, i), "teamA"))
        .collect();
    let token = first_token(&jobs, &request());
    let others = [
        with_status(request(), "FAILED"),
        ListServiceJobsRequest {
            job_queue: Some(TRAINING_ARN.into()),
            ..request()
        },
        ListServiceJobsRequest {
            job_queue: Some("research".into()),
            ..request()
        },
        with_filter(request(), "JOB_NAME", "train"),
        with_filter(request(), "SHARE_IDENTIFIER", "teamA"),
    ];
    for other in others {
        let r = ListServiceJobsRequest {
            next_token: Some(token.clone()),
            ..other
        };
        assert_eq!(error(&jobs, &r), FOREIGN, "{r:?}");
    }
}

#[test]
fn r_token_1_equivalent_queries_share_tokens() {
    let jobs: Vec<ServiceJob> = (0..5)
        .map(|i| job(&format!("{i}"), "Train", Running, i))
        .collect();
    // RUNNING given explicitly and by default select the same jobs.
    let token = first_token(&jobs, &request());
    let r = ListServiceJobsRequest {
        next_token: Some(token),
        ..with_status(request(), "RUNNING")
    };
    assert_eq!(ids(&jobs, &r), ["3", "2", "1", "0"]);
    // JOB_NAME ignores status, and its value is case-folded.
    let token = first_token(&jobs, &with_filter(request(), "JOB_NAME", "TRAIN"));
    let r = ListServiceJobsRequest {
        next_token: Some(token),
        ..with_status(with_filter(request(), "JOB_NAME", "train"), "FAILED")
    };
    assert_eq!(ids(&jobs, &r), ["3", "2", "1", "0"]);
}

#[test]
fn r_token_2_empty_altered_and_invented_tokens_are_refused() {
    let jobs: Vec<ServiceJob> = (0..5)
        .map(|i| job(&format!("{i}"), "x", Running, i))
        .collect();
    let token = first_token(&jobs, &request());
    let with_token = |t: &str| ListServiceJobsRequest {
        next_token: Some(t.into()),
        ..request()
    };
    assert_eq!(
        error(&jobs, &with_token("")),
        "Invalid nextToken: the token is empty."
    );
    let truncated = &token[..token.len() - 1];
    let mut flipped = token.clone().into_bytes();
    flipped[12] = if flipped[12] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    for bad in [
        truncated,
        &flipped,
        "garbage",
        "eyJuZXh0VG9rZW4iOiAiVDEifQ==",
        "AAAA",
        "!!!!",
    ] {
        assert_eq!(error(&jobs, &with_token(bad)), MALFORMED, "{bad}");
    }
    assert_eq!(error(&jobs, &with_token(&format!("{token}A"))), MALFORMED);
}

#[test]
fn r_token_4_tokens_are_stateless_and_reusable() {
    let jobs: Vec<ServiceJob> = (0..5)
        .map(|i| job(&format!("{i}"), "x", Running, i))
        .collect();
    let token = first_token(&jobs, &request());
    let r = ListServiceJobsRequest {
        next_token: Some(token),
        ..with_max(request(), 2)
    };
    let once = page(&jobs, &r);
    let twice = page(&jobs, &r);
    assert_eq!(once, twice);
    assert_eq!(once.0, ["3", "2"]);
}

// ---- R-RESP ----

#[test]
fn r_resp_1_members_serialize_as_the_wire_does() {
    let mut full = with_quota(
        with_share(job("id-1", "train", Failed, 42), "teamA"),
        "gold",
    );
    full.job_arn = Some("arn:aws:batch:us-east-1:123456789012:service-job/id-1".into());
    full.status_reason = Some("boom".into());
    full.scheduled_at = Some(43);
    full.started_at = Some(44);
    full.stopped_at = Some(45);
    full.is_terminated = true;
    full.capacity_usage = Some(vec![batchlist::ServiceJobCapacityUsage {
        capacity_unit: Some("ml.p4d.24xlarge".into()),
        quantity: Some(2.0),
    }]);
    full.latest_attempt = Some(batchlist::LatestServiceJobAttempt {
        service_resource_id: Some(batchlist::ServiceResourceId {
            name: "TrainingJobArn".into(),
            value: "arn:aws:sagemaker:us-east-1:123456789012:training-job/t".into(),
        }),
    });
    let sparse = job("id-2", "eval", Failed, 41);
    let r = with_status(with_max(request(), 1), "FAILED");
    let response = list_service_jobs(&[full, sparse], &r).unwrap();
    let text = serde_json::to_string(&response).unwrap();
    let token = response.next_token.clone().unwrap();
    assert_eq!(
        text,
        format!(
            concat!(
                r#"{{"jobSummaryList":[{{"latestAttempt":{{"serviceResourceId":{{"name":"TrainingJobArn","#,
                r#""value":"arn:aws:sagemaker:us-east-1:123456789012:training-job/t"}}}},"#,
                r#""capacityUsage":[{{"capacityUnit":"ml.p4d.24xlarge","quantity":2.0}}],"createdAt":42,"#,
                r#""jobArn":"arn:aws:batch:us-east-1:123456789012:service-job/id-1","jobId":"id-1","#,
                r#""jobName":"train","scheduledAt":43,"serviceJobType":"SAGEMAKER_TRAINING","#,
                r#""shareIdentifier":"teamA","quotaShareName":"gold","status":"FAILED","#,
                r#""statusReason":"boom","startedAt":44,"stoppedAt":45,"isTerminated":true}}],"#,
                r#""nextToken":"{}"}}"#
            ),
            token
        )
    );
    let r = ListServiceJobsRequest {
        next_token: Some(token),
        ..r
    };
    let last =
        serde_json::to_string(&list_service_jobs(&[job("id-2", "eval", Failed, 41)], &r).unwrap())
            .unwrap();
    assert_eq!(
        last,
        r#"{"jobSummaryList":[{"createdAt":41,"jobId":"id-2","jobName":"eval","serviceJobType":"SAGEMAKER_TRAINING","status":"FAILED"}]}"#
    );
}

#[test]
fn r_resp_1_filtered_answers_keep_every_member() {
    let mut j = job("a", "train", Running, 1);
    j.started_at = Some(2);
    j.status_reason = Some("why".into());
    let response = list_service_jobs(&[j], &with_filter(request(), "JOB_NAME", "train")).unwrap();
    assert_eq!(response.job_summary_list[0].started_at, Some(2));
    assert_eq!(
        response.job_summary_list[0].status_reason.as_deref(),
        Some("why")
    );
}

// ---- R-JOB ----

#[test]
fn r_job_1_job_files_need_the_members_the_rules_read() {
    let ok =
        r#"[{"jobQueue": "q", "jobId": "a", "jobName": "n", "status": "RUNNING", "createdAt": 1}]"#;
    let jobs: Vec<ServiceJob> = serde_json::from_str(ok).unwrap();
    assert_eq!(jobs[0].service_job_type, "SAGEMAKER_TRAINING");
    for missing in ["jobQueue", "jobId", "jobName", "status", "createdAt"] {
        let v: serde_json::Value = serde_json::from_str(ok).unwrap();
        let mut obj = v[0].as_object().unwrap().clone();
        obj.remove(missing);
        let text = serde_json::to_string(&[obj]).unwrap();
        let err = serde_json::from_str::<Vec<ServiceJob>>(&text)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("missing field `{missing}`")), "{err}");
    }
}

#[test]
fn r_job_1_unreadable_records_are_named_like_invalid_ones() {
    let named = batchlist::Error::refused_job(Some(3), Some("a"), "createdAt: missing.");
    assert_eq!(
        named.to_string(),
        "jobs[3] (jobId 'a'): createdAt: missing."
    );
    assert_eq!(named.member().as_deref(), Some("jobs[3]"));
    assert_eq!(
        batchlist::Error::refused_job(Some(0), None, "expected an object.").to_string(),
        "jobs[0]: expected an object."
    );
    assert_eq!(
        batchlist::Error::refused_job(None, Some("b"), "status: unknown.").to_string(),
        "Job 'b': status: unknown."
    );
    // A long jobId is cut as every echoed value is.
    let long = "x".repeat(100);
    let cut = batchlist::Error::refused_job(Some(1), Some(&long), "d.").to_string();
    assert_eq!(cut, format!("jobs[1] (jobId '{}...'): d.", "x".repeat(64)));
    assert_eq!(batchlist::echo(&long), format!("{}...", "x".repeat(64)));
    assert_eq!(batchlist::echo("short"), "short");
}

#[test]
fn r_req_1_an_endpoint_reads_an_empty_body_as_an_empty_object() {
    for empty in [&b""[..], b" ", b"\r\n\t "] {
        assert_eq!(batchlist::request_body(empty), b"{}");
        let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(empty));
        let request = batchlist::decode_request(&mut de).expect("{} is a request");
        assert_eq!(
            error(&[], &request),
            "jobQueue is required: give the name or ARN of a job queue."
        );
    }
    assert_eq!(batchlist::request_body(b" {} "), b" {} ");
    assert_eq!(batchlist::request_body(b"x"), b"x");
}

#[test]
fn r_req_1_errors_go_on_the_wire_as_a_message_body() {
    let err =
        list_service_jobs(&[] as &[ServiceJob], &ListServiceJobsRequest::default()).unwrap_err();
    assert_eq!(
        serde_json::to_string(&err).unwrap(),
        r#"{"message":"jobQueue is required: give the name or ARN of a job queue."}"#
    );
    assert_eq!(
        (err.http_status(), err.error_type()),
        (400, "ClientException")
    );
}

#[test]
fn r_job_2_loaders_refuse_records_no_request_could_list() {
    let arn = "arn:aws:batch:us-east-1:123456789012:job-queue/training";
    let good = ServiceJob::new(arn, "a", "train", Running, 0);
    assert_eq!(batchlist::check_job(&good), Ok(()));
    let refused = |job: ServiceJob| batchlist::check_job(&job).unwrap_err();

    let bare = refused(ServiceJob::new("training", "a", "train", Running, 1));
    assert_eq!(bare.member().as_deref(), Some("jobQueue"));
    assert_eq!(
        bare.to_string(),
        "Job 'a': jobQueue 'training' is not a job queue ARN \
         (arn:aws:batch:REGION:ACCOUNT:job-queue/NAME), so no request could list it."
    );
    let other_resource = arn.replace("job-queue", "compute-environment");
    assert_eq!(
        refused(ServiceJob::new(other_resource, "a", "n", Running, 1))
            .member()
            .as_deref(),
        Some("jobQueue")
    );
    assert_eq!(
        refused(ServiceJob::new(arn, "", "n", Running, 1)).to_string(),
        "Job '': jobId is empty."
    );
    assert_eq!(
        refused(ServiceJob::new(arn, "a", "", Running, 1)).to_string(),
        "Job 'a': jobName is empty."
    );
    assert_eq!(
        refused(ServiceJob::new(arn, "a", "n", Running, -1)).to_string(),
        "Job 'a': createdAt -1 is negative: expected milliseconds since \
         1970-01-01T00:00:00Z, from 0."
    );
    // The queue is checked first, then jobId, jobName, createdAt.
    assert_eq!(
        refused(ServiceJob::new("q", "", "", Running, -1))
            .member()
            .as_deref(),
        Some("jobQueue")
    );

    // A set names the record by position and stops at the first bad one.
    let set = vec![
        good.clone(),
        ServiceJob::new(arn, "b", "n", Running, 1),
        ServiceJob::new(arn, "a", "n", Running, 2),
        ServiceJob::new(arn, "c", "", Running, 3),
    ];
    let err = batchlist::check_jobs(&set).unwrap_err();
    assert_eq!(err.member().as_deref(), Some("jobs[2].jobId"));
    assert_eq!(
        err.to_string(),
        "jobs[2] (jobId 'a'): jobId appears more than once (first at jobs[0]); job IDs must be \
         unique."
    );
    let err = batchlist::check_jobs(&set[1..]).unwrap_err();
    assert_eq!(err.to_string(), "jobs[2] (jobId 'c'): jobName is empty.");
    assert_eq!(batchlist::check_jobs(&set[..2]), Ok(()));
}

#[test]
fn r_req_2_inside_a_filter_name_then_values_then_value() {
    let mut r = request();
    let pair = |name: Option<&str>, values: &[&str]| batchlist::KeyValuesPair {
        name: name.map(Into::into),
        values: Some(values.iter().map(|v| v.to_string()).collect()),
    };
    r.filters = Some(vec![pair(Some("job_name"), &["a", "b"])]);
    assert!(error(&[], &r).starts_with("Invalid filters[0].name 'job_name'"));
    r.filters = Some(vec![pair(None, &["a", "b"])]);
    assert!(error(&[], &r).starts_with("filters[0].name is required"));
    r.filters = Some(vec![pair(Some("BEFORE_CREATED_AT"), &["x", "y"])]);
    assert_eq!(error(&[], &r), "Filter cannot take more than one value.");
    r.filters = Some(vec![pair(Some("BEFORE_CREATED_AT"), &[])]);
    assert_eq!(
        error(&[], &r),
        "filters[0].values must hold exactly one value."
    );
    // Several filters win over anything wrong inside them.
    r.filters = Some(vec![pair(None, &[]), pair(Some("x"), &["1", "2"])]);
    assert_eq!(
        error(&[], &r),
        "Only one filter key-value pair can be specified."
    );
}

#[test]
fn r_req_2_body_shape_duplicates_first_then_members_in_body_order() {
    assert_eq!(
        decode_error(r#"{"maxResults": "x", "jobQueue": 1, "maxResults": 2}"#),
        "The request member maxResults appears more than once."
    );
    assert_eq!(
        decode_error(r#"{"maxResults": "x", "jobQueue": 1}"#),
        "Invalid maxResults: expected an integer from 1 to 100, found a string."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": 1, "maxResults": "x"}"#),
        "Invalid jobQueue: expected a string, found an integer."
    );
}

#[test]
fn r_page_1_integers_past_u64_are_out_of_range_not_fractions() {
    assert_eq!(
        decode_error(r#"{"jobQueue": "training", "maxResults": 18446744073709551616}"#),
        "Invalid maxResults 18446744073709551616: expected an integer from 1 to 100."
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "training", "maxResults": -1e300}"#),
        format!(
            "Invalid maxResults {}...: expected an integer from 1 to 100.",
            format!("{:.0}", -1e300_f64)
                .chars()
                .take(64)
                .collect::<String>()
        )
    );
    assert_eq!(
        decode_error(r#"{"jobQueue": "training", "maxResults": 10.0}"#),
        "Invalid maxResults: expected an integer from 1 to 100, found a non-integer number."
    );
}
