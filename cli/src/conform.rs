//! `batchlist conform` and `batchlist adapter`: checking an implementation of ListServiceJobs
//! against the conformance vectors of `spec/vectors/`, and batchlist's own adapter for that
//! check (protocol: `spec/vectors/README.md`).

use clap::Args;
use std::process::ExitCode;

/// Arguments of `batchlist conform`.
#[derive(Args)]
pub struct ConformArgs {
    /// The adapter command, run with `sh -c` and kept running: one JSON line per request on
    /// its stdin, one JSON line per answer on its stdout. `batchlist adapter` is batchlist's own.
    #[arg(long, value_name = "COMMAND")]
    adapter: String,
    /// Run only the cases whose name contains this text (for example `job-name/`).
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
}

/// Runs the vectors against the adapter and prints a table per rule area; fails when any
/// case fails.
pub fn run(args: ConformArgs) -> ExitCode {
    let report = batchlist_conform::run_conform(&args.adapter, args.filter.as_deref());
    if report.stopped.is_some() {
        // The adapter could not start or died: one message, on stderr, and a failed run.
        eprint!("{report}");
        return ExitCode::FAILURE;
    }
    print!("{report}");
    if report.is_success() && !report.results.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Serves batchlist's own adapter on stdin and stdout until stdin ends.
pub fn adapter() -> ExitCode {
    match batchlist_conform::run_adapter(std::io::stdin().lock(), std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batchlist adapter: {e}");
            ExitCode::FAILURE
        }
    }
}
