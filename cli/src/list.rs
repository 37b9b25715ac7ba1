//! `batchlist list-service-jobs`: the aws cli's `aws batch list-service-jobs`, with the
//! engine as the service and botocore's paginator (`batchlist::paginate`) in front of it.

use crate::{EXIT_OTHER, EXIT_SERVICE, EXIT_USAGE, job_file, shorthand, table};
use batchlist::{
    ListServiceJobsRequest, ListServiceJobsResponse, PaginationConfig, PaginationError, ServiceJob,
    ServiceJobSummary, list_service_jobs, paginate,
};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ListArgs {
    /// The name or ARN of the job queue.
    #[arg(long)]
    job_queue: Option<String>,
    /// The status to list (without a filter, RUNNING when not given).
    #[arg(long)]
    job_status: Option<String>,
    /// One filter: shorthand `name=JOB_NAME,values=train*` or JSON
    /// `[{"name":"JOB_NAME","values":["train*"]}]`.
    #[arg(long, num_args = 1..)]
    filters: Option<Vec<String>>,
    /// The most jobs to print over all pages; a NextToken follows when more remain.
    #[arg(long)]
    max_items: Option<u64>,
    /// The page size requested from the service (sent as maxResults).
    #[arg(long)]
    page_size: Option<u32>,
    /// The NextToken of an earlier call, to carry on from there.
    #[arg(long)]
    starting_token: Option<String>,
    /// Make one service call and print its raw answer (with nextToken).
    #[arg(long)]
    no_paginate: bool,
    /// With one raw call: maxResults as sent to the service (turns pagination off).
    #[arg(long)]
    max_results: Option<i64>,
    /// With one raw call: the service's nextToken (turns pagination off).
    #[arg(long)]
    next_token: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Json)]
    output: Output,
    /// A job file (JSON array of job records) instead of the bundled sample.
    #[arg(long, value_name = "FILE")]
    jobs: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Json,
    Table,
}

/// What `build_full_result` gives, printed by the aws cli for a paginated call.
#[derive(Serialize)]
struct PaginatedOutput<'a> {
    #[serde(rename = "jobSummaryList")]
    job_summary_list: &'a [ServiceJobSummary],
    #[serde(rename = "NextToken", skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
}

enum Failure {
    Service(batchlist::Error),
    Pagination(PaginationError),
}

impl From<PaginationError> for Failure {
    fn from(e: PaginationError) -> Self {
        Failure::Pagination(e)
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("\n{message}");
    ExitCode::from(EXIT_USAGE)
}

/// JSON as the aws cli prints it: `json.dumps(indent=4, ensure_ascii=False)`.
fn print_json<T: Serialize>(value: &T) -> ExitCode {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    if let Err(e) = value.serialize(&mut ser) {
        eprintln!("\ncannot write the result: {e}");
        return ExitCode::from(EXIT_OTHER);
    }
    out.push(b'\n');
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\ncannot write the result: {e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}

fn fail(failure: Failure) -> ExitCode {
    match failure {
        Failure::Service(e) => {
            // The aws cli's wording for a service error, and its exit code.
            eprintln!(
                "\nAn error occurred ({}) when calling the ListServiceJobs operation: {e}",
                e.error_type()
            );
            ExitCode::from(EXIT_SERVICE)
        }
        Failure::Pagination(e @ PaginationError::RepeatedNextToken(_)) => {
            eprintln!("\nError during pagination: {e}");
            ExitCode::from(EXIT_OTHER)
        }
        Failure::Pagination(e) => {
            eprintln!("\n{e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
}

pub fn run(args: ListArgs) -> ExitCode {
    // The aws cli turns pagination off when the service's own paging members are given,
    // and refuses to mix that with the paginator's arguments (its wording; its exit code
    // is 255, batchlist's is the usage code 252).
    let raw_call = args.no_paginate || args.max_results.is_some() || args.next_token.is_some();
    if raw_call {
        let mixed: Vec<&str> = [
            ("--max-items", args.max_items.is_some()),
            ("--page-size", args.page_size.is_some()),
            ("--starting-token", args.starting_token.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect();
        if !mixed.is_empty() {
            return usage_error(&format!(
                "Error during pagination: Cannot specify --no-paginate along with pagination \
                 arguments: {}",
                mixed.join(", ")
            ));
        }
    }
    let filters = match args
        .filters
        .as_deref()
        .map(shorthand::parse_filters)
        .transpose()
    {
        Ok(filters) => filters,
        Err(e) => return usage_error(&format!("Error parsing parameter '--filters': {e}")),
    };
    let jobs = match job_file::load(args.jobs.as_deref()) {
        Ok(jobs) => jobs,
        Err(e) => return usage_error(&e),
    };
    let request = ListServiceJobsRequest {
        job_queue: args.job_queue,
        job_status: args.job_status,
        max_results: args.max_results,
        next_token: args.next_token,
        filters,
    };
    if raw_call {
        return match list_service_jobs(&jobs, &request) {
            Ok(response) => show_raw(&response, args.output),
            Err(e) => fail(Failure::Service(e)),
        };
    }
    let config = PaginationConfig {
        max_items: args.max_items,
        page_size: args.page_size,
        starting_token: args.starting_token,
    };
    match walk(&jobs, &request, config) {
        Ok(result) => match args.output {
            Output::Json => print_json(&PaginatedOutput {
                job_summary_list: &result.items,
                next_token: result.next_token.as_deref(),
            }),
            Output::Table => write_stdout(
                table::render(
                    &result.items,
                    result.next_token.as_deref().map(|t| ("NextToken", t)),
                )
                .as_bytes(),
            ),
        },
        Err(failure) => fail(failure),
    }
}

fn walk(
    jobs: &[ServiceJob],
    request: &ListServiceJobsRequest,
    config: PaginationConfig,
) -> Result<batchlist::FullResult<ServiceJobSummary>, Failure> {
    paginate(config, |next_token, page_size| {
        let page_request = ListServiceJobsRequest {
            next_token: next_token.map(str::to_owned),
            max_results: page_size.map(i64::from),
            ..request.clone()
        };
        let page = list_service_jobs(jobs, &page_request).map_err(Failure::Service)?;
        Ok((page.job_summary_list, page.next_token))
    })
}

fn show_raw(response: &ListServiceJobsResponse, output: Output) -> ExitCode {
    match output {
        Output::Json => print_json(response),
        Output::Table => write_stdout(
            table::render(
                &response.job_summary_list,
                response.next_token.as_deref().map(|t| ("nextToken", t)),
            )
            .as_bytes(),
        ),
    }
}
