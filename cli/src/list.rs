//! `batchlist list-service-jobs`: the aws cli's `aws batch list-service-jobs`, with the
//! engine as the service and botocore's paginator (`batchlist::paginate`) in front of it.

use crate::{EXIT_OTHER, EXIT_SERVICE, EXIT_USAGE, job_file, output, shorthand, table};
use batchlist::{
    ListServiceJobsRequest, ListServiceJobsResponse, PaginationConfig, PaginationError, Paginator,
    ServiceJob, ServiceJobSummary, list_service_jobs,
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
    /// Output format: json and text as the aws cli prints them, or a table for people.
    #[arg(long, value_enum, default_value_t = Output::Json)]
    output: Output,
    /// A JMESPath expression applied to the result, where the aws cli applies it (json: to
    /// the whole result; text: to each page, then to the NextToken).
    #[arg(long, value_name = "JMESPATH")]
    query: Option<String>,
    /// A job file (JSON array of job records) instead of the bundled sample; `-` reads
    /// standard input.
    #[arg(long, value_name = "FILE")]
    jobs: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Json,
    Text,
    Table,
}

/// What `build_full_result` gives, printed by the aws cli for a paginated call.
#[derive(Serialize)]
struct PaginatedOutput<'a, J: Serialize> {
    #[serde(rename = "jobSummaryList")]
    job_summary_list: &'a [J],
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

/// Text made for stdout, or the failure to make it.
fn print(text: Result<String, String>) -> ExitCode {
    match text {
        Ok(text) => write_stdout(text.as_bytes()),
        Err(e) => {
            eprintln!("\ncannot write the result: {e}");
            ExitCode::from(EXIT_OTHER)
        }
    }
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
    let query = match args
        .query
        .as_deref()
        .map(output::Query::compile)
        .transpose()
    {
        Ok(query) => query,
        Err(e) => return usage_error(&e),
    };
    if query.is_some() && args.output == Output::Table {
        return usage_error(
            "--query works with --output json and text; the table is batchlist's own layout.",
        );
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
            Ok(response) => print(show_raw(&response, args.output, query.as_ref())),
            Err(e) => fail(Failure::Service(e)),
        };
    }
    if args.max_items == Some(0) {
        // The aws cli's warning (awscli/customizations/paginate.py), on stderr.
        eprintln!("warning: Non-positive values for --max-items may result in undefined behavior.");
    }
    let config = PaginationConfig {
        max_items: args.max_items,
        page_size: args.page_size,
        starting_token: args.starting_token,
    };
    match walk(&jobs, &request, config) {
        Ok(walk) => print(show_walk(&walk, args.output, query.as_ref())),
        Err(failure) => fail(failure),
    }
}

/// What botocore's `PageIterator` yields: each page's jobs (the first sliced on resume, the
/// last cut at `MaxItems`), and the resume token when `MaxItems` cut the walk.
struct Walk {
    pages: Vec<Vec<ServiceJobSummary>>,
    resume_token: Option<String>,
}

fn walk(
    jobs: &[ServiceJob],
    request: &ListServiceJobsRequest,
    config: PaginationConfig,
) -> Result<Walk, Failure> {
    let mut paginator = Paginator::new(config)?;
    let mut pages = Vec::new();
    while let Some(next) = paginator.next_request() {
        let page_request = ListServiceJobsRequest {
            next_token: next.next_token.map(str::to_owned),
            max_results: next.page_size.map(i64::from),
            ..request.clone()
        };
        let page = list_service_jobs(jobs, &page_request).map_err(Failure::Service)?;
        pages.push(paginator.receive(page.job_summary_list, page.next_token)?);
    }
    Ok(Walk {
        pages,
        resume_token: paginator.resume_token(),
    })
}

fn to_value<T: Serialize>(value: &T) -> Result<serde_json::Value, String> {
    serde_json::to_value(value).map_err(|e| e.to_string())
}

/// The query's result on `data`, in the aws cli's key order.
fn search<T: Serialize>(query: &output::Query, data: &T) -> Result<output::Node, String> {
    query.search(&to_value(data)?, &output::KeyOrders::of(data)?)
}

fn show_walk(walk: &Walk, format: Output, query: Option<&output::Query>) -> Result<String, String> {
    match format {
        Output::Json => {
            let items: Vec<&ServiceJobSummary> = walk.pages.iter().flatten().collect();
            let full = PaginatedOutput {
                job_summary_list: &items,
                next_token: walk.resume_token.as_deref(),
            };
            match query {
                None => output::json_text(&full),
                Some(query) => output::json_text(&search(query, &full)?),
            }
        }
        Output::Text => {
            let mut text = String::new();
            for page in &walk.pages {
                let page = PaginatedOutput {
                    job_summary_list: page,
                    next_token: None,
                };
                text += &output::text(&match query {
                    None => output::Node::from_value(to_value(&page)?),
                    Some(query) => search(query, &page)?,
                });
            }
            if let Some(token) = &walk.resume_token {
                let token = serde_json::json!({"NextToken": {"NextToken": token}});
                text += &output::text(&match query {
                    None => output::Node::from_value(token),
                    Some(query) => search(query, &token)?,
                });
            }
            Ok(text)
        }
        Output::Table => {
            let items: Vec<ServiceJobSummary> = walk.pages.iter().flatten().cloned().collect();
            Ok(table::render(
                &items,
                walk.resume_token.as_deref().map(|t| ("NextToken", t)),
            ))
        }
    }
}

fn show_raw(
    response: &ListServiceJobsResponse,
    format: Output,
    query: Option<&output::Query>,
) -> Result<String, String> {
    match (format, query) {
        (Output::Json, None) => output::json_text(response),
        (Output::Json, Some(query)) => output::json_text(&search(query, response)?),
        (Output::Text, None) => Ok(output::text(&output::Node::from_value(to_value(response)?))),
        (Output::Text, Some(query)) => Ok(output::text(&search(query, response)?)),
        (Output::Table, _) => Ok(table::render(
            &response.job_summary_list,
            response.next_token.as_deref().map(|t| ("nextToken", t)),
        )),
    }
}
