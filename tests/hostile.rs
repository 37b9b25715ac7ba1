//! Hostile requests at the core, as an endpoint runs them: `decode_request` over serde_json,
//! `Deserializer::end`, then `list_service_jobs`. The table is in `hostile_cases/mod.rs`
//! (shared with `cli/tests/hostile_serve.rs`); every row must give exactly its message, naming
//! its member, or exactly its page, within a time bound, on a thread with a small stack (so a
//! recursion that serde_json's depth limit did not stop would overflow it).

mod hostile_cases;

use batchlist::{Error, ListServiceJobsResponse, ServiceJob, decode_request, list_service_jobs};
use hostile_cases::{Expect, cases, jobs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous for a debug build on a busy 2-core machine; a quadratic scan of a 10 MB body
/// takes minutes.
const ROW_TIME_LIMIT: Duration = Duration::from_secs(20);
/// Half the default test-thread stack.
const ROW_STACK: usize = 1 << 20;
/// No message longer than this many characters reaches a client.
const MAX_MESSAGE_CHARS: usize = 400;

fn answer(body: &[u8], jobs: &[ServiceJob]) -> Result<ListServiceJobsResponse, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let request = decode_request(&mut de)?;
    de.end().map_err(Error::malformed_body)?;
    list_service_jobs(jobs, &request)
}

/// Checks one answer against its row; `Err` says what is wrong.
fn check(got: Result<ListServiceJobsResponse, Error>, expect: &Expect) -> Result<(), String> {
    match (got, expect) {
        (Err(e), Expect::Error { message, names }) => {
            let text = e.to_string();
            if text.chars().count() > MAX_MESSAGE_CHARS {
                return Err(format!(
                    "a message of {} characters: {}...",
                    text.chars().count(),
                    text.chars().take(120).collect::<String>()
                ));
            }
            if &text != message {
                return Err(format!("message\n  got:  {text}\n  want: {message}"));
            }
            if e.error_type() != "ClientException" || e.http_status() != 400 {
                return Err(format!("{} {}", e.error_type(), e.http_status()));
            }
            if e.member().as_deref() != *names {
                return Err(format!("member {:?}, want {names:?}", e.member()));
            }
            // `filters[0].values[0]` is named as "in filters[0].values".
            if let Some(member) = names
                && !text.contains(member.trim_end_matches("[0]"))
            {
                return Err(format!("the message does not name {member}"));
            }
            Ok(())
        }
        (Ok(response), Expect::Page { ids, more }) => {
            let got: Vec<&str> = response
                .job_summary_list
                .iter()
                .map(|j| j.job_id.as_str())
                .collect();
            if &got != ids || response.next_token.is_some() != *more {
                return Err(format!(
                    "page {got:?} (token: {}), want {ids:?} (token: {more})",
                    response.next_token.is_some()
                ));
            }
            Ok(())
        }
        (Err(e), want) => Err(format!("error {e}, want {want:?}")),
        (Ok(response), want) => Err(format!(
            "a page of {} jobs, want {want:?}",
            response.job_summary_list.len()
        )),
    }
}

#[test]
fn hostile_requests_get_exact_bounded_answers_at_the_core() {
    let rows = cases();
    assert!(rows.len() >= 40, "the table lost rows: {}", rows.len());
    let mut failures = Vec::new();
    for row in rows {
        assert_ne!(row.core, Expect::TooLarge, "the core has no body limit");
        let (send, receive) = mpsc::channel();
        let body = row.body.clone();
        let started = Instant::now();
        std::thread::Builder::new()
            .stack_size(ROW_STACK)
            .spawn(move || {
                let _ = send.send(answer(&body, &jobs()));
            })
            .expect("a thread");
        let outcome = match receive.recv_timeout(ROW_TIME_LIMIT) {
            Ok(got) => check(got, &row.core),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                Err(format!("no answer within {ROW_TIME_LIMIT:?}"))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err("the evaluation panicked or overflowed".into())
            }
        };
        if let Err(what) = outcome {
            failures.push(format!(
                "{} ({} bytes, {:.1?}): {what}",
                row.name,
                row.body.len(),
                started.elapsed()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
