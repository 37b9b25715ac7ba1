//! `batchlist`: AWS Batch `ListServiceJobs` from the command line and over HTTP, on the
//! `batchlist` engine.
//!
//! - `list-service-jobs` answers like `aws batch list-service-jobs`, on a job file;
//! - `gen` writes a deterministic synthetic job file;
//! - `serve` is a restJson1 endpoint that boto3, the aws cli and the AWS SDKs can call.

mod conform;
mod gen_jobs;
mod import;
mod job_file;
mod list;
mod output;
mod serve;
mod service_job;
mod shorthand;
mod store;
mod store_sql;
mod submit;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The aws cli's exit code for a usage error (bad or conflicting arguments).
pub const EXIT_USAGE: u8 = 252;
/// The aws cli's exit code for an error the service returned.
pub const EXIT_SERVICE: u8 = 254;
/// The aws cli's exit code for any other failure (pagination errors, I/O).
pub const EXIT_OTHER: u8 = 255;

#[derive(Parser)]
#[command(
    name = "batchlist",
    version,
    about = "AWS Batch ListServiceJobs, executable"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List service jobs like `aws batch list-service-jobs`, on the bundled sample jobs or
    /// on `--jobs FILE`.
    ListServiceJobs(list::ListArgs),
    /// Write a deterministic synthetic job file (a JSON array of job records).
    Gen(gen_jobs::GenArgs),
    /// Serve the Batch restJson1 API (ListServiceJobs, SubmitServiceJob, DescribeServiceJob,
    /// TerminateServiceJob) over HTTP.
    Serve(serve::ServeArgs),
    /// Load a job file into a SQLite or PostgreSQL database for `serve --db`.
    Import(import::ImportArgs),
    /// Check an implementation against the conformance vectors through its adapter command.
    Conform(conform::ConformArgs),
    /// batchlist's own conformance adapter: JSON lines on stdin and stdout.
    Adapter,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are not errors; everything else is a usage error, with
            // the aws cli's exit code rather than clap's 2.
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::ListServiceJobs(args) => list::run(args),
        Command::Gen(args) => gen_jobs::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
        Command::Conform(args) => conform::run(args),
        Command::Adapter => conform::adapter(),
    }
}
