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
fn a_hung_adapter_times_out() {
    let mut subject = External::new("sleep 5").with_timeout(std::time::Duration::from_millis(200));
    let outcome = subject.call(&[], &WireRequest::Json(json!({"jobQueue": "q"})));
    assert!(
        matches!(outcome, Outcome::Broken(ref e) if e.contains("did not answer")),
        "{outcome:?}"
    );
}
