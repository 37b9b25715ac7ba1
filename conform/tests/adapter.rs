//! Runs the portable vectors against batchlist's own adapter as an external process, through
//! the JSON-lines adapter protocol, exactly as `batchlist conform --adapter` would.

use batchlist_conform::{External, Outcome, Subject, WireRequest, run_conform};
use serde_json::json;

const ADAPTER: &str = env!("CARGO_BIN_EXE_batchlist-adapter");

#[test]
fn our_adapter_passes_every_portable_vector() {
    let report = run_conform(&format!("'{ADAPTER}'"), None);
    println!("{report}");
    assert!(!report.results.is_empty());
    assert!(report.is_success(), "{}", report.failure_list());
    assert!(
        report
            .files_skipped
            .iter()
            .any(|(f, _)| f == "batchlist-tokens.json")
    );
}

#[test]
fn a_broken_adapter_is_reported_not_a_panic() {
    for command in [
        "echo not-json",
        "exit 3",
        "cat",
        "echo '{\"response\": 5}'",
        "no-such-command-xyz",
    ] {
        let report = run_conform(command, Some("status/default"));
        assert!(!report.results.is_empty(), "{command}");
        assert_eq!(report.passed(), 0, "{command}: {report}");
        assert!(!report.is_success());
    }
}

#[test]
fn an_adapter_that_cannot_start_or_dies_stops_the_run_once_with_its_stderr() {
    for (command, said) in [
        ("no-such-command-xyz", "no-such-command-xyz: not found"),
        (
            "printf 'cannot open the %s\\n' database >&2; exit 3",
            "cannot open the database",
        ),
    ] {
        let report = run_conform(command, None);
        assert_eq!(
            report.results.len(),
            1,
            "{command}: one case, then the run stops"
        );
        let why = report.stopped.as_deref().expect("the run stopped");
        assert!(
            why.starts_with("the adapter exited (exit status: "),
            "{why}"
        );
        assert!(why.contains(said), "{why}");
        assert!(!report.is_success());
        let printed = report.to_string();
        assert_eq!(printed.matches(said).count(), 1, "said once: {printed}");
        assert!(printed.starts_with("conformance of adapter"), "{printed}");
    }
    // An adapter that answers once and then exits: the first case is judged, then the stop.
    let report = run_conform("read line; echo not-json", None);
    assert_eq!(report.results.len(), 2);
    assert!(
        report.results[0]
            .failure
            .as_deref()
            .unwrap()
            .contains("not JSON")
    );
    assert!(
        report
            .stopped
            .as_deref()
            .unwrap()
            .contains("exited (exit status: 0)")
    );
}

#[test]
fn a_hung_adapter_times_out() {
    let mut subject = External::new("sleep 5").with_timeout(std::time::Duration::from_millis(200));
    let outcome = subject.call(&[], &WireRequest::Json(json!({"jobQueue": "q"})));
    assert!(
        matches!(outcome, Outcome::Broken(ref e) if e.contains("did not answer")),
        "{outcome:?}"
    );
}
