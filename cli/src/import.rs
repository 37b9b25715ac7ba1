//! `batchlist import --db URL --jobs FILE`: a job file into a SQLite or PostgreSQL database,
//! in batches inside one transaction, with a progress bar on a terminal.
//!
//! The file is read and checked by the same loader as every other command (`job_file`, which
//! applies `batchlist::check_jobs`), so a bad record is refused with the same message, before
//! the database is opened. A job ID already in the database refuses the whole file. Either
//! way nothing is written.

use crate::job_file;
use crate::{EXIT_OTHER, EXIT_USAGE};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct ImportArgs {
    /// The database: `sqlite:PATH` (created when missing) or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, value_name = "URL")]
    db: String,
    /// The job file to import: a JSON array of job records, as `batchlist gen` writes.
    #[arg(long, value_name = "FILE")]
    jobs: PathBuf,
}

pub fn run(args: ImportArgs) -> ExitCode {
    // The URL first: a mistyped scheme is named before a large file is read.
    if let Err(e) = batchlist_sql::Location::parse(&args.db) {
        eprintln!("{e}");
        return ExitCode::from(EXIT_USAGE);
    }
    let jobs = match job_file::load(Some(&args.jobs)) {
        Ok(jobs) => jobs,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let store = match batchlist_sql::Store::open(&args.db) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // A bar only for a person watching: none when either stream goes to a file or a pipe.
    let watched = std::io::stderr().is_terminal() && std::io::stdout().is_terminal();
    let bar = if watched {
        ProgressBar::with_draw_target(Some(jobs.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} jobs ({percent}%), {eta} left")
    {
        bar.set_style(style);
    }
    let started = Instant::now();
    let result = store.load_with_progress(&jobs, &mut |done| bar.set_position(done as u64));
    bar.finish_and_clear();
    match result {
        Ok(stored) => {
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "imported {} jobs into {} in {seconds:.1} s ({:.0} jobs/s); it holds {stored} jobs",
                jobs.len(),
                store.describe(),
                jobs.len() as f64 / seconds.max(1e-9)
            );
            ExitCode::SUCCESS
        }
        Err(e @ (batchlist_sql::Error::Backend(_) | batchlist_sql::Error::Open { .. })) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_OTHER)
        }
        Err(e) => {
            eprintln!("invalid job file {}: {e}", args.jobs.display());
            ExitCode::from(EXIT_USAGE)
        }
    }
}
