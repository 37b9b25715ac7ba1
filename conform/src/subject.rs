//! Subjects: the implementations a run checks. [`InProcess`] calls the batchlist core;
//! [`External`] speaks the adapter protocol (JSON lines) to a long-running command.

use crate::vectors::WireRequest;
use batchlist::{Error, ServiceJob, decode_request, list_service_jobs};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What an implementation answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A response body, `{"jobSummaryList": [...], "nextToken": ...}`.
    Response(Value),
    /// An error response.
    Error {
        /// The error type, for example `ClientException`.
        error_type: String,
        /// The message.
        message: String,
    },
    /// The subject did not answer by the protocol: the adapter died, timed out, wrote
    /// something that is not a protocol line, or reported an `adapterError`.
    Broken(String),
}

/// An implementation under test.
pub trait Subject {
    /// A short description for reports.
    fn describe(&self) -> String;
    /// Answers one request over `jobs` (job-file records).
    fn call(&mut self, jobs: &[Value], request: &WireRequest) -> Outcome;
    /// Why the subject cannot answer any more requests (its process could not start or
    /// died), with what it said on stderr; a run stops there. `None` while it works.
    fn stopped(&self) -> Option<String> {
        None
    }
}

/// The batchlist core, called in-process.
#[derive(Debug, Default, Clone, Copy)]
pub struct InProcess;

impl Subject for InProcess {
    fn describe(&self) -> String {
        "batchlist core (in-process)".into()
    }
    fn call(&mut self, jobs: &[Value], request: &WireRequest) -> Outcome {
        answer(jobs, &request.body())
    }
}

/// Answers a request body over job-file records with the batchlist core: what the in-process
/// subject and batchlist's own adapter both do.
pub fn answer(jobs: &[Value], body: &str) -> Outcome {
    let mut records = Vec::with_capacity(jobs.len());
    for (i, job) in jobs.iter().enumerate() {
        match serde_json::from_value::<ServiceJob>(job.clone()) {
            Ok(j) => records.push(j),
            Err(e) => return Outcome::Broken(format!("fixture job {i} is not a job record: {e}")),
        }
    }
    // As an endpoint reads it: an empty body is `{}` (R-REQ-1).
    let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(body.as_bytes()));
    let decoded =
        decode_request(&mut de).and_then(|r| de.end().map(|()| r).map_err(Error::malformed_body));
    let result = decoded.and_then(|request| list_service_jobs(&records, &request));
    match result {
        Ok(response) => match serde_json::to_value(&response) {
            Ok(v) => Outcome::Response(v),
            Err(e) => Outcome::Broken(format!("cannot write the response: {e}")),
        },
        Err(e) => Outcome::Error {
            error_type: e.error_type().to_owned(),
            message: e.to_string(),
        },
    }
}

/// The protocol line the harness writes for one request.
pub fn request_line(jobs: &[Value], request: &WireRequest) -> String {
    let line = match request {
        WireRequest::Json(v) => json!({"fixture": jobs, "request": v}),
        WireRequest::Raw(s) => json!({"fixture": jobs, "rawRequest": s}),
    };
    line.to_string()
}

/// At most this many characters of an adapter's line are quoted in a failure.
const QUOTE_LIMIT: usize = 200;

/// The start of a line an adapter wrote, for a failure message.
fn quote(line: &str) -> String {
    if line.chars().count() <= QUOTE_LIMIT {
        format!("{line:?}")
    } else {
        let head: String = line.chars().take(QUOTE_LIMIT).collect();
        format!("{head:?}...")
    }
}

/// Reads one line an adapter wrote.
pub fn parse_answer_line(line: &str) -> Outcome {
    let shown = quote(line);
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Outcome::Broken(format!(
                "adapter wrote a line that is not JSON ({e}): {shown}"
            ));
        }
    };
    let Value::Object(members) = &value else {
        return Outcome::Broken(format!(
            "adapter wrote a line that is not an object: {shown}"
        ));
    };
    if members.len() != 1 {
        return Outcome::Broken(format!(
            "adapter line must have exactly one of response, error, adapterError: {shown}"
        ));
    }
    if let Some(response) = members.get("response") {
        return Outcome::Response(response.clone());
    }
    if let Some(error) = members.get("error") {
        return match (
            error.get("type").and_then(Value::as_str),
            error.get("message").and_then(Value::as_str),
        ) {
            (Some(t), Some(m)) => Outcome::Error {
                error_type: t.to_owned(),
                message: m.to_owned(),
            },
            _ => Outcome::Broken(format!(
                "adapter error needs string type and message: {shown}"
            )),
        };
    }
    if let Some(e) = members.get("adapterError") {
        return Outcome::Broken(format!("adapter could not answer: {e}"));
    }
    Outcome::Broken(format!(
        "adapter line has no response, error or adapterError: {shown}"
    ))
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    /// What the adapter wrote on stderr, up to [`STDERR_LIMIT`] bytes (the rest is read and
    /// dropped), filled by a reader thread until the adapter closes it.
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_reader: Option<JoinHandle<()>>,
}

/// At most this much of an adapter's stderr is kept for the report.
const STDERR_LIMIT: usize = 8 << 10;

/// An implementation behind the adapter protocol: a command run with `sh -c`, kept running,
/// one JSON line in and one out per request. A hung adapter is restarted for the next
/// request; one that cannot start or exits is [`Subject::stopped`], with its exit status and
/// stderr, and answers nothing more. Its failures are reported, never a panic.
pub struct External {
    command: String,
    timeout: Duration,
    running: Option<Running>,
    stopped: Option<String>,
}

impl External {
    /// A subject for `command` (a shell command line). Nothing starts until the first call.
    pub fn new(command: &str) -> External {
        External {
            command: command.to_owned(),
            timeout: Duration::from_secs(60),
            running: None,
            stopped: None,
        }
    }

    /// Sets how long one answer may take (60 seconds by default).
    pub fn with_timeout(mut self, timeout: Duration) -> External {
        self.timeout = timeout;
        self
    }

    fn start(&mut self) -> Result<&mut Running, String> {
        if self.running.is_none() {
            let mut child = Command::new("sh")
                .arg("-c")
                .arg(&self.command)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot start adapter `{}`: {e}", self.command))?;
            let stdin = child.stdin.take().ok_or("adapter has no stdin")?;
            let stdout = child.stdout.take().ok_or("adapter has no stdout")?;
            let mut stderr_pipe = child.stderr.take().ok_or("adapter has no stderr")?;
            let stderr = Arc::new(Mutex::new(Vec::new()));
            let kept = Arc::clone(&stderr);
            let stderr_reader = std::thread::spawn(move || {
                let mut chunk = [0u8; 4096];
                while let Ok(n @ 1..) = stderr_pipe.read(&mut chunk) {
                    let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
                    let room = STDERR_LIMIT.saturating_sub(kept.len());
                    kept.extend_from_slice(&chunk[..n.min(room)]);
                }
            });
            let (tx, rx) = channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            self.running = Some(Running {
                child,
                stdin,
                lines: rx,
                stderr,
                stderr_reader: Some(stderr_reader),
            });
        }
        self.running
            .as_mut()
            .ok_or_else(|| "adapter not running".to_owned())
    }

    fn stop(&mut self) {
        if let Some(mut r) = self.running.take() {
            let _ = r.child.kill();
            let _ = r.child.wait();
        }
    }

    /// Whether the adapter process has exited; if so, records why the run must stop: `what`
    /// happened, its exit status, and its stderr.
    fn check_exited(&mut self, what: &str) -> bool {
        let Some(running) = self.running.as_mut() else {
            return false;
        };
        // A pipe error can come just before the process is reaped: give it a moment.
        let mut status = running.child.try_wait().ok().flatten();
        for _ in 0..50 {
            if status.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
            status = running.child.try_wait().ok().flatten();
        }
        let Some(status) = status else {
            return false;
        };
        if let Some(reader) = running.stderr_reader.take() {
            let _ = reader.join();
        }
        let stderr = running.stderr.lock().unwrap_or_else(|p| p.into_inner());
        let stderr = String::from_utf8_lossy(&stderr);
        let stderr = stderr.trim_end();
        let mut message = format!("the adapter {what} ({status})");
        if stderr.is_empty() {
            message.push_str(", with nothing on stderr");
        } else {
            message.push_str(", saying on stderr:\n");
            message.push_str(stderr);
        }
        self.stopped = Some(message);
        true
    }

    fn exchange(&mut self, line: &str) -> Result<String, String> {
        let timeout = self.timeout;
        let running = self.start()?;
        running
            .stdin
            .write_all(line.as_bytes())
            .and_then(|()| running.stdin.write_all(b"\n"))
            .and_then(|()| running.stdin.flush())
            .map_err(|e| format!("cannot write to the adapter: {e}"))?;
        match running.lines.recv_timeout(timeout) {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(e)) => Err(format!("cannot read from the adapter: {e}")),
            Err(RecvTimeoutError::Timeout) => {
                Err(format!("the adapter did not answer within {timeout:?}"))
            }
            Err(RecvTimeoutError::Disconnected) => Err("the adapter exited".into()),
        }
    }
}

impl Subject for External {
    fn describe(&self) -> String {
        format!("adapter `{}`", self.command)
    }
    fn call(&mut self, jobs: &[Value], request: &WireRequest) -> Outcome {
        if let Some(why) = &self.stopped {
            return Outcome::Broken(why.clone());
        }
        match self.exchange(&request_line(jobs, request)) {
            Ok(line) => parse_answer_line(&line),
            Err(e) if self.running.is_none() => {
                // It could not even start.
                self.stopped = Some(e.clone());
                Outcome::Broken(e)
            }
            Err(e) => {
                if self.check_exited("exited") {
                    self.stop();
                    return Outcome::Broken(self.stopped.clone().unwrap_or(e));
                }
                // Hung or unreadable, but alive: restart it for the next request.
                self.stop();
                Outcome::Broken(e)
            }
        }
    }

    fn stopped(&self) -> Option<String> {
        self.stopped.clone()
    }
}

impl Drop for External {
    fn drop(&mut self) {
        if let Some(mut r) = self.running.take() {
            drop(r.stdin); // end of input: a well-behaved adapter exits
            if !matches!(r.child.try_wait(), Ok(Some(_))) {
                std::thread::sleep(Duration::from_millis(50));
                if !matches!(r.child.try_wait(), Ok(Some(_))) {
                    let _ = r.child.kill();
                }
            }
            let _ = r.child.wait();
        }
    }
}
