//! The public accessors that stores and embedders build on (a SQL store compiles queries
//! from them), each checked against what the rules say it returns.

use batchlist::{
    Cursor, Filter, JobNamePattern, JobQueue, JobStatus, Query, ServiceJob, evaluate, fold_job_name,
};

const ARN: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";

fn query(queue: &str, filter: Option<Filter>) -> Query {
    Query::new(JobQueue::parse(queue).unwrap(), None, filter)
}

#[test]
fn job_queue_parts_and_display() {
    let by_name = JobQueue::parse("training").unwrap();
    assert_eq!(by_name.name(), "training");
    assert_eq!(by_name.as_str(), "training");
    assert_eq!(by_name.to_string(), "training");
    assert!(!by_name.is_arn());

    let by_arn = JobQueue::parse(ARN).unwrap();
    assert_eq!(by_arn.name(), "training");
    assert_eq!(by_arn.as_str(), ARN);
    assert_eq!(by_arn.to_string(), ARN);
    assert!(by_arn.is_arn());
}

#[test]
fn name_of_arn_is_the_name_part_of_a_queue_arn_only() {
    assert_eq!(JobQueue::name_of_arn(ARN), Some("training"));
    for not_a_queue_arn in [
        "training",
        "",
        "arn:aws:batch:us-east-1:123456789012:job-queue/",
        "arn:aws:batch:us-east-1:123456789012:compute-environment/training",
        "arn:aws:batch:us-east-1:12345678901:job-queue/training",
        "arn:aws:batch:us-east-1:123456789012:job-queue/a/b",
    ] {
        assert_eq!(
            JobQueue::name_of_arn(not_a_queue_arn),
            None,
            "{not_a_queue_arn}"
        );
    }
    // A request by name matches exactly the jobs whose ARN has that name (R-QUEUE-2).
    let q = JobQueue::parse("training").unwrap();
    for arn in [
        ARN,
        "arn:aws:batch:eu-west-1:123456789012:job-queue/training-2",
    ] {
        assert_eq!(
            q.matches(arn),
            JobQueue::name_of_arn(arn) == Some("training")
        );
    }
}

#[test]
fn folding_lowercases_ascii_letters_only() {
    assert_eq!(fold_job_name("Train-LLM_7b"), "train-llm_7b");
    assert_eq!(fold_job_name("ÉTÉ-Run"), "ÉtÉ-run");
    let exact = JobNamePattern::new("Train-1");
    assert_eq!((exact.folded(), exact.is_prefix()), ("train-1", false));
    let prefix = JobNamePattern::new("TRAIN*");
    assert_eq!((prefix.folded(), prefix.is_prefix()), ("train", true));
    // A name matches exactly when its fold equals the pattern's (or starts with it).
    for name in ["train-1", "TRAIN-1", "train-10", "trai", "ÉTÉ"] {
        assert_eq!(exact.matches(name), fold_job_name(name) == exact.folded());
        assert_eq!(
            prefix.matches(name),
            fold_job_name(name).starts_with(prefix.folded())
        );
    }
}

#[test]
fn cursor_exposes_the_key_of_the_last_job() {
    let job = ServiceJob::new(ARN, "id-7", "Train-7", JobStatus::Running, 1_234);
    let newest = query("training", None);
    assert!(!newest.groups_by_name());
    let c = Cursor::after(&newest, &job);
    assert_eq!(
        (c.created_at(), c.job_id(), c.job_name()),
        (1_234, "id-7", None)
    );

    let named = query("training", Some(Filter::new("JOB_NAME", "train*").unwrap()));
    assert!(named.groups_by_name());
    let c = Cursor::after(&named, &job);
    assert_eq!(c.job_name(), Some("Train-7"));
    // The token carries the same key back.
    let token = c.to_token(&named);
    let read = Cursor::from_token(token.as_str(), &named).unwrap();
    assert_eq!(
        (read.created_at(), read.job_id(), read.job_name()),
        (1_234, "id-7", Some("Train-7"))
    );
}

#[test]
fn next_token_text_is_the_same_every_way_it_is_read() {
    let jobs: Vec<ServiceJob> = (0..3)
        .map(|i| ServiceJob::new(ARN, format!("{i}"), "n", JobStatus::Running, i))
        .collect();
    let q = query("training", None).with_max_results(1).unwrap();
    let page = evaluate(&jobs, &q, None);
    let token = page.next_token().expect("more pages").clone();
    assert!(!token.as_str().is_empty());
    assert_eq!(token.to_string(), token.as_str());
    assert_eq!(token.clone().into_string(), token.as_str());
    assert_eq!(
        page.to_response().next_token.as_deref(),
        Some(token.as_str())
    );
}

#[cfg(feature = "synthetic")]
#[test]
fn synthetic_jobs_end_where_the_set_ends_and_never_panic() {
    use batchlist::SyntheticJobs;
    let set = SyntheticJobs::new(3, 42);
    assert_eq!(set.len(), 3);
    let all: Vec<ServiceJob> = set.clone().collect();
    assert_eq!(all.len(), 3);
    assert_eq!(set.job(2).as_ref(), Some(&all[2]));
    assert_eq!(set.job(3), None);
    assert_eq!(set.job(u64::MAX), None);
    // Counts past what i64 milliseconds can date are cut, so every job up to the end exists.
    let huge = SyntheticJobs::new(u64::MAX, 1);
    assert_eq!(huge.len() as u64, SyntheticJobs::MAX_COUNT);
    let last = huge
        .job(SyntheticJobs::MAX_COUNT - 1)
        .expect("the last job exists");
    assert!(last.created_at > 0);
    assert_eq!(huge.job(SyntheticJobs::MAX_COUNT), None);
    assert!(batchlist::check_jobs(&all).is_ok());
}
