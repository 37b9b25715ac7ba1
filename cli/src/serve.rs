//! `batchlist serve`: AWS Batch's restJson1 wire for `ListServiceJobs` and
//! `SubmitServiceJob`, plus an admin API to stage job records for tests.
//!
//! Errors go out as AWS's JSON protocols send them: the status code, the header
//! `x-amzn-errortype`, and the body `{"message": ...}`, so botocore raises the named exception
//! with the message. Request signatures (SigV4) are not checked.

use crate::{EXIT_OTHER, EXIT_USAGE, job_file, submit};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use batchlist::{JobIndex, JobQueue, ServiceJob, decode_request};
use clap::Args;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::hash::{BuildHasher, RandomState};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free port (printed on the first line).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// A job file to start with, instead of the bundled sample.
    #[arg(long, value_name = "FILE")]
    jobs: Option<PathBuf>,
    /// Start with no jobs at all (and no known queues).
    #[arg(long, conflicts_with = "jobs")]
    empty: bool,
    /// The region whose queue a bare queue name means when several regions have one.
    #[arg(long, default_value = "us-east-1")]
    region: String,
    /// Milliseconds a client may take to send its request headers before the connection is
    /// closed (slow or stalled clients must not hold connections).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Milliseconds a client may take to send a request body once its headers are in;
    /// after that the answer is 408.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    body_timeout_ms: u64,
}

/// The largest API request body, as AWS's API front ends cap requests; larger is HTTP 413.
const API_BODY_LIMIT: usize = 1 << 20;
/// The largest admin body: job files for tests may hold many thousands of jobs.
const ADMIN_BODY_LIMIT: usize = 512 << 20;
/// How long a stop waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The jobs and queues the server knows. Every handler takes the lock briefly and never
/// across an await, so concurrent requests only wait for each other's evaluation.
#[derive(Default)]
struct Store {
    /// The jobs, in the core's prepared index: a page at any depth costs O(log n + page)
    /// instead of a scan, and submits and upserts update it in place.
    jobs: JobIndex<ServiceJob>,
    /// Queue ARNs created through the admin API, kept when the jobs are replaced.
    created_queues: BTreeSet<String>,
    /// Every known queue ARN: those of the jobs and the created ones.
    queues: BTreeSet<String>,
}

impl Store {
    fn replace(&mut self, jobs: Vec<ServiceJob>) {
        self.queues = self.created_queues.clone();
        self.queues.extend(jobs.iter().map(|j| j.job_queue.clone()));
        self.jobs = jobs.into_iter().collect();
    }

    fn upsert(&mut self, job: ServiceJob) {
        self.queues.insert(job.job_queue.clone());
        self.jobs.insert(job);
    }

    /// Every job, oldest first (ties by jobId), so the admin listing is stable.
    fn job_file(&self) -> Vec<&ServiceJob> {
        let mut jobs: Vec<&ServiceJob> = self.jobs.jobs().collect();
        jobs.sort_unstable_by(|a, b| (a.created_at, &a.job_id).cmp(&(b.created_at, &b.job_id)));
        jobs
    }

    fn create_queue(&mut self, arn: String) {
        self.created_queues.insert(arn.clone());
        self.queues.insert(arn);
    }

    /// The ARN of a known queue: an ARN must be known as given; a name resolves to the known
    /// queue of that name in `region`, else to the first of that name (ARNs sorted).
    fn resolve_queue(&self, queue: &JobQueue, region: &str) -> Option<String> {
        if queue.is_arn() {
            return self.queues.get(queue.as_str()).cloned();
        }
        let named: Vec<&String> = self
            .queues
            .iter()
            .filter(|arn| queue.matches(arn))
            .collect();
        named
            .iter()
            .find(|arn| arn.split(':').nth(3) == Some(region))
            .or(named.first())
            .map(|arn| (*arn).clone())
    }
}

#[derive(Clone)]
struct AppState {
    store: Arc<RwLock<Store>>,
    region: Arc<str>,
    ids: Arc<IdSource>,
    body_timeout: Duration,
}

impl AppState {
    // A poisoned lock only means another handler panicked; the data is still whole.
    fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|p| p.into_inner())
    }
    fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// UUID-shaped identifiers (version 4 layout) from a per-process random key and a counter:
/// unique within a run, unpredictable across runs, and no extra dependency.
struct IdSource {
    key: RandomState,
    counter: AtomicU64,
}

impl IdSource {
    fn new() -> Self {
        IdSource {
            key: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    fn next(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let high = self.key.hash_one((n, 0u8));
        let low = self.key.hash_one((n, 1u8));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            high >> 32,
            (high >> 16) & 0xffff,
            high & 0xfff,
            0x8000 | ((low >> 48) & 0x3fff),
            low & 0xffff_ffff_ffff
        )
    }
}

fn with_request_id(mut response: Response, state: &AppState) -> Response {
    if let Ok(id) = HeaderValue::from_str(&state.ids.next()) {
        response.headers_mut().insert("x-amzn-requestid", id);
    }
    response
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn error_response(status: StatusCode, error_type: &'static str, message: &str) -> Response {
    #[derive(Serialize)]
    struct ErrorBody<'a> {
        message: &'a str,
    }
    let body = serde_json::to_vec(&ErrorBody { message }).unwrap_or_default();
    let mut response = json_response(status, body);
    response
        .headers_mut()
        .insert("x-amzn-errortype", HeaderValue::from_static(error_type));
    response
}

fn client_error(message: &str) -> Response {
    error_response(StatusCode::BAD_REQUEST, "ClientException", message)
}

fn to_json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServerException",
            &format!("cannot encode the response: {e}"),
        ),
    }
}

/// The body, up to `limit` bytes; past that, HTTP 413 with a ClientException body.
async fn read_body(
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<axum::body::Bytes, Response> {
    let read = tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await;
    match read {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) if is_over_limit(&e) => Err(error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "ClientException",
            &format!("The request body is larger than {limit} bytes."),
        )),
        // The connection ended or broke before the body Content-Length promised arrived.
        Ok(Err(_)) => Err(error_response(
            StatusCode::BAD_REQUEST,
            "ClientException",
            "The request body ended before its announced length.",
        )),
        Err(_) => Err(error_response(
            StatusCode::REQUEST_TIMEOUT,
            "ClientException",
            &format!(
                "The request body did not arrive within {} ms.",
                timeout.as_millis()
            ),
        )),
    }
}

/// Whether a body error is the size limit, rather than a body cut short.
fn is_over_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// restJson1 clients may send no body for an input with no members; that is `{}`.
fn or_empty_object(bytes: &[u8]) -> &[u8] {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    }
}

async fn list_service_jobs_handler(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return with_request_id(response, &state),
    };
    let mut de = serde_json::Deserializer::from_slice(or_empty_object(&bytes));
    let decoded = decode_request(&mut de).and_then(|request| {
        de.end().map_err(batchlist::Error::malformed_body)?;
        let store = state.read();
        store.jobs.list_service_jobs(&request)
    });
    let response = match decoded {
        Ok(page) => to_json(&page),
        Err(e) => error_response(
            StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
            e.error_type(),
            &e.to_string(),
        ),
    };
    with_request_id(response, &state)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SubmitServiceJobResponse {
    job_arn: Option<String>,
    job_name: String,
    job_id: String,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

async fn submit_service_job_handler(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return with_request_id(response, &state),
    };
    let response = match serde_json::from_slice::<serde_json::Value>(or_empty_object(&bytes)) {
        Err(e) => client_error(&batchlist::Error::malformed_body(e).to_string()),
        Ok(value) => match submit::validate(&value) {
            Err(message) => client_error(&message),
            Ok(submission) => {
                let mut store = state.write();
                match store.resolve_queue(&submission.job_queue, &state.region) {
                    None => client_error(&format!(
                        "Invalid jobQueue '{}': no job queue of that name or ARN exists.",
                        submission.job_queue
                    )),
                    Some(queue_arn) => {
                        let job =
                            submit::new_job(submission, &queue_arn, state.ids.next(), now_ms());
                        let answer = SubmitServiceJobResponse {
                            job_arn: job.job_arn.clone(),
                            job_name: job.job_name.clone(),
                            job_id: job.job_id.clone(),
                        };
                        store.upsert(job);
                        to_json(&answer)
                    }
                }
            }
        },
    };
    with_request_id(response, &state)
}

async fn read_job_file(body: Body, timeout: Duration) -> Result<Vec<ServiceJob>, Response> {
    let bytes = read_body(body, ADMIN_BODY_LIMIT, timeout).await?;
    job_file::parse(&bytes).map_err(|e| client_error(&format!("Invalid job file: {e}.")))
}

#[derive(Serialize)]
struct AdminCount {
    jobs: usize,
}

/// `PUT /_batchlist/jobs`: replace every job with the job file in the body.
async fn replace_jobs(State(state): State<AppState>, body: Body) -> Response {
    match read_job_file(body, state.body_timeout).await {
        Ok(jobs) => {
            let mut store = state.write();
            store.replace(jobs);
            to_json(&AdminCount {
                jobs: store.jobs.len(),
            })
        }
        Err(response) => response,
    }
}

/// `POST /_batchlist/jobs`: add the jobs in the body, replacing those with the same jobId.
async fn upsert_jobs(State(state): State<AppState>, body: Body) -> Response {
    match read_job_file(body, state.body_timeout).await {
        Ok(jobs) => {
            let mut store = state.write();
            for job in jobs {
                store.upsert(job);
            }
            to_json(&AdminCount {
                jobs: store.jobs.len(),
            })
        }
        Err(response) => response,
    }
}

/// `GET /_batchlist/jobs`: every job, as a job file.
async fn get_jobs(State(state): State<AppState>) -> Response {
    to_json(&state.read().job_file())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateQueue {
    job_queue_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Queues<'a> {
    job_queues: Vec<&'a str>,
}

/// `POST /_batchlist/queues` with `{"jobQueueArn": "arn:aws:batch:REGION:ACCOUNT:job-queue/NAME"}`:
/// a queue that SubmitServiceJob accepts before it holds any job.
async fn create_queue(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let request: CreateQueue = match serde_json::from_slice(&bytes) {
        Ok(request) => request,
        Err(e) => return client_error(&format!("Expected {{\"jobQueueArn\": ARN}}: {e}.")),
    };
    match JobQueue::parse(&request.job_queue_arn) {
        Ok(queue) if queue.is_arn() => {
            let mut store = state.write();
            store.create_queue(request.job_queue_arn);
            to_json(&Queues {
                job_queues: store.queues.iter().map(String::as_str).collect(),
            })
        }
        Ok(_) => {
            client_error("jobQueueArn must be an ARN: arn:aws:batch:REGION:ACCOUNT:job-queue/NAME.")
        }
        Err(e) => client_error(&e.to_string()),
    }
}

/// `GET /_batchlist/queues`: every known queue ARN.
async fn get_queues(State(state): State<AppState>) -> Response {
    let store = state.read();
    to_json(&Queues {
        job_queues: store.queues.iter().map(String::as_str).collect(),
    })
}

async fn unknown_route(method: Method, uri: Uri) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        &format!("No operation is served at {method} {}.", uri.path()),
    )
}

async fn wrong_method(method: Method, uri: Uri) -> Response {
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "UnknownOperationException",
        &format!("{} does not accept {method}.", uri.path()),
    )
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/listservicejobs", post(list_service_jobs_handler))
        .route("/v1/submitservicejob", post(submit_service_job_handler))
        .route(
            "/_batchlist/jobs",
            get(get_jobs).put(replace_jobs).post(upsert_jobs),
        )
        .route("/_batchlist/queues", get(get_queues).post(create_queue))
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        // Limits are per route, in the handlers, so the error is JSON and admin bodies may
        // be larger than API bodies.
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    let jobs = if args.empty {
        Vec::new()
    } else {
        match job_file::load(args.jobs.as_deref()) {
            Ok(jobs) => jobs,
            Err(e) => {
                eprintln!("\n{e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    };
    let job_count = jobs.len();
    let mut store = Store::default();
    store.replace(jobs);
    let state = AppState {
        store: Arc::new(RwLock::new(store)),
        region: args.region.into(),
        ids: Arc::new(IdSource::new()),
        body_timeout: Duration::from_millis(args.body_timeout_ms),
    };
    let header_timeout = Duration::from_millis(args.header_timeout_ms);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("\ncannot start the server: {e}");
            return ExitCode::from(EXIT_OTHER);
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(&args.addr).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("\ncannot listen on {}: {e}", args.addr);
                return ExitCode::from(EXIT_USAGE);
            }
        };
        let bound = match listener.local_addr() {
            Ok(addr) => addr,
            Err(e) => {
                eprintln!("\ncannot read the bound address: {e}");
                return ExitCode::from(EXIT_OTHER);
            }
        };
        // The first line of stdout is the address, so scripts can use --addr 127.0.0.1:0.
        println!("listening on http://{bound}");
        let _ = std::io::stdout().flush();
        eprintln!("serving {job_count} jobs; stop with Ctrl-C");
        serve_connections(listener, router(state), header_timeout).await;
        ExitCode::SUCCESS
    })
}

/// Accepts connections until a stop signal, serving each with hyper's HTTP/1 server and a
/// header read timeout (which `axum::serve` does not offer), then lets requests in flight
/// finish for a moment.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    header_timeout: Duration,
) {
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset while queued: keep serving
                // the connections we have, and try again shortly.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that disconnects or times out ends only its own connection.
            let _ = connection.await;
        });
    }
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use batchlist::JobRecord;

    fn job(id: &str, queue: &str) -> ServiceJob {
        let mut job = batchlist::SyntheticJobs::new(1, 1).job(0);
        job.job_id = id.into();
        job.job_queue = queue.into();
        job
    }

    #[test]
    fn a_queue_name_prefers_the_servers_region() {
        let mut store = Store::default();
        store.replace(vec![
            job(
                "a",
                "arn:aws:batch:eu-west-1:123456789012:job-queue/training",
            ),
            job(
                "b",
                "arn:aws:batch:us-east-1:123456789012:job-queue/training",
            ),
        ]);
        let name = JobQueue::parse("training").unwrap();
        assert_eq!(
            store.resolve_queue(&name, "us-east-1").as_deref(),
            Some("arn:aws:batch:us-east-1:123456789012:job-queue/training")
        );
        assert_eq!(
            store.resolve_queue(&name, "ap-south-1").as_deref(),
            Some("arn:aws:batch:eu-west-1:123456789012:job-queue/training")
        );
        assert_eq!(
            store.resolve_queue(&JobQueue::parse("nope").unwrap(), "us-east-1"),
            None
        );
    }

    #[test]
    fn upsert_replaces_by_job_id_and_created_queues_survive_replace() {
        let mut store = Store::default();
        store.create_queue("arn:aws:batch:us-east-1:123456789012:job-queue/new".into());
        store.replace(vec![job(
            "a",
            "arn:aws:batch:us-east-1:123456789012:job-queue/q",
        )]);
        store.upsert(job("a", "arn:aws:batch:us-east-1:123456789012:job-queue/r"));
        store.upsert(job("b", "arn:aws:batch:us-east-1:123456789012:job-queue/q"));
        assert_eq!(store.jobs.len(), 2);
        assert_eq!(
            store.jobs.get("a").map(|j| j.job_queue()),
            Some("arn:aws:batch:us-east-1:123456789012:job-queue/r")
        );
        assert!(
            store
                .queues
                .contains("arn:aws:batch:us-east-1:123456789012:job-queue/new")
        );
    }

    #[test]
    fn ids_are_uuid_shaped_and_distinct() {
        let ids = IdSource::new();
        let (a, b) = (ids.next(), ids.next());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }
}
