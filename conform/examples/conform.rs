//! Runs the portable vectors against an adapter and prints every failure, not only the
//! first of each area: `cargo run -p batchlist-conform --example conform -- 'COMMAND' [FILTER]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(command) = args.next() else {
        eprintln!("usage: conform 'ADAPTER COMMAND' [FILTER]");
        return ExitCode::from(2);
    };
    let filter = args.next();
    let report = batchlist_conform::run_conform(&command, filter.as_deref());
    print!("{report:#}");
    if report.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
