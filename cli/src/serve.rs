//! `batchlist serve`: AWS Batch's restJson1 wire for `ListServiceJobs`, `SubmitServiceJob`,
//! `DescribeServiceJob` and `TerminateServiceJob`, plus an admin API to stage job records for
//! tests. The jobs live behind [`JobStore`] (`store.rs`).
//!
//! Errors go out as AWS's JSON protocols send them: the status code, the header
//! `x-amzn-errortype`, and the body `{"message": ...}`, so botocore raises the named exception
//! with the message. Request signatures (SigV4) are not checked.

use crate::store::{JobStore, MemoryStore, StoreError};
use crate::{EXIT_OTHER, EXIT_USAGE, job_file, service_job, submit};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use batchlist::{JobQueue, ServiceJob, decode_request};
use clap::Args;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
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
    /// Keep the jobs in a database instead of memory: `sqlite:PATH` (created when missing)
    /// or `postgres://USER@HOST:PORT/DB`. Serves the jobs it holds (`batchlist import` loads
    /// a job file); every submit is committed before it is acknowledged.
    #[arg(long, value_name = "URL", conflicts_with_all = ["jobs", "empty"])]
    db: Option<String>,
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
    /// Log every request (method, path, status, duration) on stderr. `RUST_LOG` (for example
    /// `RUST_LOG=batchlist=info`) also turns the log on, and chooses what it shows.
    #[arg(long)]
    log: bool,
}

/// The largest API request body, as AWS's API front ends cap requests; larger is HTTP 413.
const API_BODY_LIMIT: usize = 1 << 20;
/// The largest admin body: job files for tests may hold many thousands of jobs.
const ADMIN_BODY_LIMIT: usize = 512 << 20;
/// How long a stop waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The ARN of a known queue: an ARN must be known as given; a name resolves to the known
/// queue of that name in `region`, else to the first of that name (`queues` is sorted).
fn resolve_queue(queues: &[String], queue: &JobQueue, region: &str) -> Option<String> {
    if queue.is_arn() {
        return queues.iter().find(|arn| *arn == queue.as_str()).cloned();
    }
    let named: Vec<&String> = queues.iter().filter(|arn| queue.matches(arn)).collect();
    named
        .iter()
        .find(|arn| arn.split(':').nth(3) == Some(region))
        .or(named.first())
        .map(|arn| (*arn).clone())
}

#[derive(Clone)]
struct AppState {
    store: Arc<dyn JobStore>,
    region: Arc<str>,
    body_timeout: Duration,
}

impl AppState {
    /// Runs `f` on the store on tokio's blocking pool, so a store may block (a database
    /// driver) without stalling the connections this runtime serves.
    async fn store<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn JobStore) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .unwrap_or_else(|e| Err(StoreError::Backend(format!("the store failed: {e}"))))
    }
}

/// A job or request ID: a random (version 4) UUID, the form AWS uses for both.
fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn with_request_id(mut response: Response) -> Response {
    if let Ok(id) = HeaderValue::from_str(&new_id()) {
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

/// How much of an over-limit body is read and thrown away before the 413 is sent, so that a
/// client that writes its whole body before reading (Python's `http.client`, curl) gets the
/// answer instead of a reset connection. Past this, the connection is closed.
const DRAIN_LIMIT: usize = 64 << 20;

/// Why a body was not read whole.
enum BodyError {
    /// Longer than the limit (the rest was drained, up to [`DRAIN_LIMIT`]).
    TooLarge,
    /// The connection ended or broke before the body Content-Length promised arrived.
    CutShort,
}

/// Reads the body, up to `limit` bytes; past that, reads and discards up to [`DRAIN_LIMIT`]
/// more bytes and reports [`BodyError::TooLarge`].
async fn collect_body(mut body: Body, limit: usize) -> Result<axum::body::Bytes, BodyError> {
    use http_body_util::BodyExt;
    let mut kept: Vec<u8> = Vec::new();
    let mut over = false;
    let mut drained = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(if over {
                BodyError::TooLarge
            } else {
                BodyError::CutShort
            });
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        if over {
            drained += data.len();
            if drained > DRAIN_LIMIT {
                break;
            }
        } else if kept.len() + data.len() > limit {
            over = true;
            drained = kept.len() + data.len();
            kept = Vec::new();
        } else {
            kept.extend_from_slice(&data);
        }
    }
    if over {
        Err(BodyError::TooLarge)
    } else {
        Ok(kept.into())
    }
}

/// The body, up to `limit` bytes; past that, HTTP 413 with a ClientException body.
async fn read_body(
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<axum::body::Bytes, Response> {
    match tokio::time::timeout(timeout, collect_body(body, limit)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(BodyError::TooLarge)) => Err(error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "ClientException",
            &format!("The request body is larger than {limit} bytes."),
        )),
        Ok(Err(BodyError::CutShort)) => Err(error_response(
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

/// A store error as the wire sends it: the core's error with its type and status, or a
/// backend failure as 500 `ServerException`.
fn store_error(e: StoreError) -> Response {
    match e {
        StoreError::Client(e) => error_response(
            StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
            e.error_type(),
            &e.to_string(),
        ),
        StoreError::Backend(text) => {
            error_response(StatusCode::INTERNAL_SERVER_ERROR, "ServerException", &text)
        }
    }
}

async fn list_service_jobs_handler(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return with_request_id(response),
    };
    let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(&bytes));
    let decoded = decode_request(&mut de).and_then(|request| {
        de.end().map_err(batchlist::Error::malformed_body)?;
        Ok(request)
    });
    let response = match decoded {
        Err(e) => store_error(StoreError::Client(e)),
        Ok(request) => match state.store(move |s| s.list_service_jobs(&request)).await {
            Ok(page) => to_json(&page),
            Err(e) => store_error(e),
        },
    };
    with_request_id(response)
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
        Err(response) => return with_request_id(response),
    };
    let submission = json_body(&bytes).and_then(|value| submit::validate(&value));
    let response = match submission {
        Err(message) => client_error(&message),
        Ok(submission) => {
            let region = Arc::clone(&state.region);
            let job_id = new_id();
            let submitted = state
                .store(move |store| {
                    let queues = store.queues()?;
                    let Some(queue_arn) = resolve_queue(&queues, &submission.job_queue, &region)
                    else {
                        return Ok(Err(submission.job_queue));
                    };
                    let job = submit::new_job(submission, &queue_arn, job_id, now_ms());
                    // The rules every stored job meets (R-JOB-2), as for a job file.
                    batchlist::check_job(&job)?;
                    let answer = SubmitServiceJobResponse {
                        job_arn: job.job_arn.clone(),
                        job_name: job.job_name.clone(),
                        job_id: job.job_id.clone(),
                    };
                    store.submit(job)?;
                    Ok(Ok(answer))
                })
                .await;
            match submitted {
                Ok(Ok(answer)) => to_json(&answer),
                Ok(Err(queue)) => client_error(&format!(
                    "Invalid jobQueue '{queue}': no job queue of that name or ARN exists."
                )),
                Err(e) => store_error(e),
            }
        }
    };
    with_request_id(response)
}

/// A request body as JSON, `{}` when empty; a body that is not JSON is the core's message.
fn json_body(bytes: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_slice(batchlist::request_body(bytes))
        .map_err(|e| batchlist::Error::malformed_body(e).to_string())
}

/// `POST /v1/describeservicejob`: the job with `jobId`, as `DescribeServiceJobResponse`.
async fn describe_service_job_handler(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return with_request_id(response),
    };
    let response = match json_body(&bytes).and_then(|v| service_job::describe_request(&v)) {
        Err(message) => client_error(&message),
        Ok(job_id) => {
            let id = job_id.clone();
            match state.store(move |s| s.get(&id)).await {
                Ok(Some(job)) => to_json(&service_job::DescribeServiceJobResponse::from(&job)),
                Ok(None) => client_error(&service_job::unknown_job(&job_id)),
                Err(e) => store_error(e),
            }
        }
    };
    with_request_id(response)
}

/// `POST /v1/terminateservicejob`: terminates the job with `jobId` (R-TERM-1..3) and answers
/// the model's empty `TerminateServiceJobResponse`.
async fn terminate_service_job_handler(State(state): State<AppState>, body: Body) -> Response {
    let bytes = match read_body(body, API_BODY_LIMIT, state.body_timeout).await {
        Ok(bytes) => bytes,
        Err(response) => return with_request_id(response),
    };
    let response = match json_body(&bytes).and_then(|v| service_job::terminate_request(&v)) {
        Err(message) => client_error(&message),
        Ok((job_id, reason)) => {
            let id = job_id.clone();
            let now = now_ms();
            let terminated = state
                .store(move |s| s.update(&id, &mut |job| service_job::terminate(job, &reason, now)))
                .await;
            match terminated {
                Ok(Some(_)) => json_response(StatusCode::OK, b"{}".to_vec()),
                Ok(None) => client_error(&service_job::unknown_job(&job_id)),
                Err(e) => store_error(e),
            }
        }
    };
    with_request_id(response)
}

async fn read_job_file(body: Body, timeout: Duration) -> Result<Vec<ServiceJob>, Response> {
    let bytes = read_body(body, ADMIN_BODY_LIMIT, timeout).await?;
    job_file::parse(&bytes).map_err(|e| client_error(&format!("Invalid job file: {e}")))
}

#[derive(Serialize)]
struct AdminCount {
    jobs: usize,
}

/// `PUT /_batchlist/jobs`: replace every job with the job file in the body.
async fn replace_jobs(State(state): State<AppState>, body: Body) -> Response {
    match read_job_file(body, state.body_timeout).await {
        Ok(jobs) => match state.store(move |s| s.replace_all(jobs)).await {
            Ok(jobs) => to_json(&AdminCount { jobs }),
            Err(e) => store_error(e),
        },
        Err(response) => response,
    }
}

/// `POST /_batchlist/jobs`: add the jobs in the body, replacing those with the same jobId.
async fn upsert_jobs(State(state): State<AppState>, body: Body) -> Response {
    match read_job_file(body, state.body_timeout).await {
        Ok(jobs) => match state.store(move |s| s.upsert(jobs)).await {
            Ok(jobs) => to_json(&AdminCount { jobs }),
            Err(e) => store_error(e),
        },
        Err(response) => response,
    }
}

/// `GET /_batchlist/jobs`: every job, as a job file.
async fn get_jobs(State(state): State<AppState>) -> Response {
    match state.store(|s| s.all_jobs()).await {
        Ok(jobs) => to_json(&jobs),
        Err(e) => store_error(e),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateQueue {
    job_queue_arn: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Queues {
    job_queues: Vec<String>,
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
            let arn = request.job_queue_arn;
            match state
                .store(move |s| {
                    s.add_queue(&arn)?;
                    s.queues()
                })
                .await
            {
                Ok(job_queues) => to_json(&Queues { job_queues }),
                Err(e) => store_error(e),
            }
        }
        Ok(_) => {
            client_error("jobQueueArn must be an ARN: arn:aws:batch:REGION:ACCOUNT:job-queue/NAME.")
        }
        Err(e) => client_error(&e.to_string()),
    }
}

/// `GET /_batchlist/queues`: every known queue ARN.
async fn get_queues(State(state): State<AppState>) -> Response {
    match state.store(|s| s.queues()).await {
        Ok(job_queues) => to_json(&Queues { job_queues }),
        Err(e) => store_error(e),
    }
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

/// Logs each request's method, path, status and duration, at `info` (target `batchlist::serve`).
async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        duration_ms = %format_args!("{:.3}", started.elapsed().as_secs_f64() * 1000.0),
        "request"
    );
    response
}

/// Turns the request log on when `--log` is given or `RUST_LOG` is set (which then decides
/// what is shown); otherwise nothing is logged.
fn init_logging(flag: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::new(spec),
        _ if flag => EnvFilter::new("batchlist=info"),
        _ => return,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/listservicejobs", post(list_service_jobs_handler))
        .route("/v1/submitservicejob", post(submit_service_job_handler))
        .route("/v1/describeservicejob", post(describe_service_job_handler))
        .route(
            "/v1/terminateservicejob",
            post(terminate_service_job_handler),
        )
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
        .layer(axum::middleware::from_fn(log_request))
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
    init_logging(args.log);
    let (store, job_count): (Arc<dyn JobStore>, usize) = if let Some(url) = &args.db {
        let opened = crate::store_sql::SqlStore::open(url).map_err(|e| e.to_string());
        match opened.and_then(|db| Ok((db.len().map_err(|e| e.to_string())?, db))) {
            Ok((count, db)) => (Arc::new(db), count),
            Err(e) => {
                eprintln!("\n{e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    } else {
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
        let count = jobs.len();
        (Arc::new(MemoryStore::new(jobs)), count)
    };
    let state = AppState {
        store,
        region: args.region.into(),
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
        // Both start-up lines on stdout, the address first, so scripts can use
        // --addr 127.0.0.1:0 and read the port from the first line. The request log and
        // errors go to stderr.
        // A reader that took the first line and left (a closed pipe) must not stop the
        // server, so write errors are ignored rather than panicking as println! would.
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "listening on http://{bound}")
            .and_then(|()| writeln!(stdout, "serving {job_count} jobs; stop with Ctrl-C"))
            .and_then(|()| stdout.flush());
        drop(stdout);
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

    #[test]
    fn a_queue_name_prefers_the_servers_region() {
        let queues = [
            "arn:aws:batch:eu-west-1:123456789012:job-queue/training".to_owned(),
            "arn:aws:batch:us-east-1:123456789012:job-queue/training".to_owned(),
        ];
        let name = JobQueue::parse("training").unwrap();
        assert_eq!(
            resolve_queue(&queues, &name, "us-east-1").as_deref(),
            Some("arn:aws:batch:us-east-1:123456789012:job-queue/training")
        );
        assert_eq!(
            resolve_queue(&queues, &name, "ap-south-1").as_deref(),
            Some("arn:aws:batch:eu-west-1:123456789012:job-queue/training")
        );
        assert_eq!(
            resolve_queue(&queues, &JobQueue::parse("nope").unwrap(), "us-east-1"),
            None
        );
        let arn = JobQueue::parse(&queues[0]).unwrap();
        assert_eq!(
            resolve_queue(&queues, &arn, "us-east-1").as_ref(),
            Some(&queues[0])
        );
    }

    #[test]
    fn ids_are_version_4_uuids_and_distinct() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.as_bytes()[14], b'4');
    }
}
