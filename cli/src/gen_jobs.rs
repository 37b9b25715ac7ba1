//! `batchlist gen`: a synthetic job file from `batchlist::SyntheticJobs`, streamed, so
//! millions of jobs take seconds and constant memory.

use crate::EXIT_OTHER;
use batchlist::SyntheticJobs;
use clap::Args;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct GenArgs {
    /// How many jobs.
    #[arg(long)]
    count: u64,
    /// The seed: the same count and seed give the same file on every machine.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where to write; standard output when not given.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// How often progress is redrawn, in jobs.
const PROGRESS_EVERY: u64 = 1 << 16;

/// Writes `[`, one job per line, `]`: valid JSON that also diffs and greps line by line.
fn write_jobs(out: &mut impl Write, count: u64, seed: u64, progress: bool) -> std::io::Result<()> {
    if count == 0 {
        return out.write_all(b"[]\n");
    }
    out.write_all(b"[\n")?;
    for (i, job) in (0u64..).zip(SyntheticJobs::new(count, seed)) {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &job)?;
        if progress && (i + 1) % PROGRESS_EVERY == 0 {
            eprint!("\rgenerated {} of {count} jobs", i + 1);
        }
    }
    out.write_all(b"\n]\n")?;
    out.flush()
}

pub fn run(args: GenArgs) -> ExitCode {
    let progress = std::io::stderr().is_terminal();
    let result = match &args.out {
        Some(path) => File::create(path).and_then(|file| {
            write_jobs(
                &mut BufWriter::with_capacity(1 << 20, file),
                args.count,
                args.seed,
                progress,
            )
        }),
        None => write_jobs(
            &mut BufWriter::with_capacity(1 << 20, std::io::stdout().lock()),
            args.count,
            args.seed,
            progress,
        ),
    };
    if progress && args.count >= PROGRESS_EVERY {
        eprintln!("\rgenerated {0} of {0} jobs", args.count);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let target = args
                .out
                .as_ref()
                .map_or("standard output".to_owned(), |p| p.display().to_string());
            eprintln!("\ncannot write the job file to {target}: {e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}
