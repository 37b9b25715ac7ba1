//! The hostile-request table of `tests/hostile_cases/mod.rs`, sent over raw HTTP/1.1 to
//! `batchlist serve --addr 127.0.0.1:0`: each row must get its status, the header
//! `x-amzn-errortype: ClientException` and the JSON `{"message": ...}` naming the member, or
//! its page; after each row the server must still answer a valid request. Then what only an
//! HTTP server meets: no Content-Length, chunked bodies, a body cut short, a body larger than
//! the limit, malformed HTTP, and slow (slowloris) connections that must not hold up others.
//!
//! Loopback only; every socket has a timeout, so a hung server fails the test, never hangs it.

mod common;

#[path = "../../tests/hostile_cases/mod.rs"]
mod hostile_cases;

use hostile_cases::{Expect, SERVE_BODY_LIMIT, cases, jobs};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// `batchlist serve` on a free loopback port, with the table's jobs; killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Server {
    fn start() -> Server {
        Server::start_with(&[])
    }

    fn start_with(extra: &[&str]) -> Server {
        // One folder per server: the tests run in parallel and each removes its own.
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "batchlist-hostile-{}-{}",
            std::process::id(),
            SERVERS.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let dir = TempDir(dir);
        let job_file = dir.0.join("jobs.json");
        std::fs::write(&job_file, serde_json::to_vec(&jobs()).unwrap()).expect("a job file");
        let (child, addr, _) = common::spawn_serve(
            common::serve_command()
                .arg("--jobs")
                .arg(&job_file)
                .args(extra),
        );
        Server {
            child,
            addr,
            _dir: dir,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect_timeout(&self.addr, IO_TIMEOUT).expect("a connection");
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        stream
    }

    fn assert_alive(&mut self) {
        assert!(
            self.child
                .try_wait()
                .expect("the server's status")
                .is_none(),
            "the server exited"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "a JSON body ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(200)])
            )
        })
    }
}

fn decode_chunked(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size");
        let size = std::str::from_utf8(&data[..line_end]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// Reads one response to the end of the connection (requests say `Connection: close`).
fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        // A reset after the response (the server closing on an unread body) still leaves
        // the response readable; anything else is a failure below.
        if raw.is_empty() {
            panic!("no response: {e}");
        }
    }
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line in {head:?}"));
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[head_end + 4..];
    let body = if headers.get("transfer-encoding").map(String::as_str) == Some("chunked") {
        decode_chunked(rest)
    } else if let Some(len) = headers.get("content-length") {
        rest[..len.parse::<usize>().unwrap().min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn request_head(path: &str, extra: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n\
         Connection: close\r\n{extra}\r\n"
    )
}

/// POSTs `body` with a Content-Length. The body is written from another thread, so a server
/// that answers before reading it all (413) is read, not deadlocked on.
fn post(server: &Server, body: &[u8]) -> Response {
    let mut stream = server.connect();
    let head = request_head(
        "/v1/listservicejobs",
        &format!("Content-Length: {}\r\n", body.len()),
    );
    let mut writer = stream.try_clone().unwrap();
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(head.as_bytes());
        // A server that refuses a large body early may close before all is written.
        let _ = writer.write_all(&body);
    });
    let response = read_response(&mut stream);
    let _ = sender.join();
    response
}

fn expect_error(
    r: &Response,
    status: u16,
    message: &str,
    names: Option<&str>,
) -> Result<(), String> {
    if r.status != status {
        return Err(format!(
            "status {}, want {status}: {}",
            r.status,
            String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
        ));
    }
    if r.headers.get("x-amzn-errortype").map(String::as_str) != Some("ClientException") {
        return Err(format!(
            "x-amzn-errortype {:?}",
            r.headers.get("x-amzn-errortype")
        ));
    }
    let got = r.json();
    let got = got["message"].as_str().unwrap_or_default().to_owned();
    if got != message {
        return Err(format!("message\n  got:  {got}\n  want: {message}"));
    }
    if let Some(member) = names
        && !got.contains(member.trim_end_matches("[0]"))
    {
        return Err(format!("the message does not name {member}"));
    }
    Ok(())
}

fn check(r: &Response, expect: &Expect) -> Result<(), String> {
    match expect {
        Expect::Error { message, names } => expect_error(r, 400, message, *names),
        Expect::TooLarge => expect_error(
            r,
            413,
            &format!("The request body is larger than {SERVE_BODY_LIMIT} bytes."),
            None,
        ),
        Expect::Page { ids, more } => {
            if r.status != 200 {
                return Err(format!(
                    "status {}: {}",
                    r.status,
                    String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
                ));
            }
            let page = r.json();
            let got: Vec<&str> = page["jobSummaryList"]
                .as_array()
                .map(|jobs| jobs.iter().filter_map(|j| j["jobId"].as_str()).collect())
                .unwrap_or_default();
            let has_token = page.get("nextToken").is_some();
            if &got != ids || has_token != *more {
                return Err(format!(
                    "page {got:?} (token: {has_token}), want {ids:?} (token: {more})"
                ));
            }
            Ok(())
        }
    }
}

/// The server answers a valid request with the right page, promptly.
fn assert_healthy(server: &mut Server, after: &str) {
    server.assert_alive();
    let started = Instant::now();
    let r = post(server, br#"{"jobQueue":"training"}"#);
    let healthy = Expect::Page {
        ids: vec!["job-a", "job-b", "job-c"],
        more: false,
    };
    if let Err(e) = check(&r, &healthy) {
        panic!("after {after}: a valid request failed: {e}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "after {after}: a valid request took {:?}",
        started.elapsed()
    );
}

#[test]
fn the_hostile_table_over_http() {
    let mut server = Server::start();
    let rows = cases();
    assert!(rows.len() >= 40, "the table lost rows: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let r = post(&server, &row.body);
        if let Err(e) = check(&r, row.serve_expect()) {
            failures.push(format!("{} ({} bytes): {e}", row.name, row.body.len()));
        }
        assert_healthy(&mut server, row.name);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn http_level_hostility() {
    let mut server = Server::start();
    let valid = br#"{"jobQueue":"training","maxResults":1}"#;

    // No Content-Length and no Transfer-Encoding: an HTTP/1.1 request has no body, which
    // restJson1 reads as `{}`. The bytes that follow are not read as a body.
    let mut s = server.connect();
    s.write_all(request_head("/v1/listservicejobs", "").as_bytes())
        .unwrap();
    s.write_all(valid).unwrap();
    let r = read_response(&mut s);
    expect_error(
        &r,
        400,
        "jobQueue is required: give the name or ARN of a job queue.",
        Some("jobQueue"),
    )
    .unwrap();
    assert_healthy(&mut server, "a body without Content-Length");

    // A chunked body, without Content-Length, is read whole.
    let mut s = server.connect();
    let (a, b) = valid.split_at(10);
    let chunked = format!(
        "{}{:x}\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        request_head("/v1/listservicejobs", "Transfer-Encoding: chunked\r\n"),
        a.len(),
        String::from_utf8_lossy(a),
        b.len(),
        String::from_utf8_lossy(b)
    );
    s.write_all(chunked.as_bytes()).unwrap();
    let r = read_response(&mut s);
    check(
        &r,
        &Expect::Page {
            ids: vec!["job-a"],
            more: true,
        },
    )
    .unwrap();

    // A body cut short: Content-Length promises more than is sent, then the client stops
    // sending. 400 naming the cut body, and the server goes on serving.
    let mut s = server.connect();
    let head = request_head("/v1/listservicejobs", "Content-Length: 100\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(&valid[..20]).unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let r = read_response(&mut s);
    assert_eq!(r.status, 400, "a truncated body");
    assert_eq!(
        r.json()["message"],
        "The request body ended before its announced length."
    );
    assert_healthy(&mut server, "a truncated body");

    // A body larger than the limit, announced by Content-Length: 413, ClientException.
    let big = vec![b' '; 10 << 20];
    let r = post(&server, &big);
    expect_error(
        &r,
        413,
        &format!("The request body is larger than {SERVE_BODY_LIMIT} bytes."),
        None,
    )
    .unwrap();
    // The same, chunked (no length known up front).
    let mut s = server.connect();
    let mut writer = s.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let head = request_head("/v1/listservicejobs", "Transfer-Encoding: chunked\r\n");
        let _ = writer.write_all(head.as_bytes());
        let chunk = vec![b' '; 1 << 16];
        for _ in 0..160 {
            if writer
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .is_err()
                || writer.write_all(&chunk).is_err()
                || writer.write_all(b"\r\n").is_err()
            {
                return;
            }
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    let r = read_response(&mut s);
    let _ = sender.join();
    expect_error(
        &r,
        413,
        &format!("The request body is larger than {SERVE_BODY_LIMIT} bytes."),
        None,
    )
    .unwrap();
    assert_healthy(&mut server, "10 MB bodies");

    // Not HTTP at all, and a 100 KB header: refused by the HTTP layer, server stays up.
    for garbage in [
        b"\x00\x01\x02 garbage\r\n\r\n".to_vec(),
        format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "a".repeat(100_000)
        )
        .into_bytes(),
    ] {
        let mut s = server.connect();
        let _ = s.write_all(&garbage);
        let _ = s.shutdown(Shutdown::Write);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw);
        assert!(
            raw.is_empty() || text.starts_with("HTTP/1.1 4"),
            "garbage got {text}"
        );
        assert_healthy(&mut server, "malformed HTTP");
    }
}

#[test]
fn slow_clients_do_not_hold_up_others() {
    let mut server = Server::start();
    // Slowloris: many connections that send part of their headers and then trickle, and
    // bodies that stop half way with the connection left open.
    let mut slow: Vec<TcpStream> = (0..64)
        .map(|i| {
            let mut s = server.connect();
            let partial = if i % 2 == 0 {
                "POST /v1/listservicejobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".to_owned()
            } else {
                format!(
                    "{}{{\"jobQueue\":",
                    request_head("/v1/listservicejobs", "Content-Length: 1000\r\n")
                )
            };
            s.write_all(partial.as_bytes()).expect("a partial request");
            s
        })
        .collect();
    for round in 0..5 {
        for s in &mut slow {
            // One more byte each; a server that answered already may have closed some.
            let _ = s.write_all(b"a");
        }
        let started = Instant::now();
        assert_healthy(&mut server, "64 slow connections");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "round {round}: a valid request waited {:?} behind slow clients",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(slow);
    assert_healthy(&mut server, "the slow clients left");
}

#[test]
fn stalled_clients_are_cut_off_by_the_read_timeouts() {
    let mut server =
        Server::start_with(&["--header-timeout-ms", "500", "--body-timeout-ms", "500"]);
    // Headers that never finish: the server closes the connection.
    let mut headers = server.connect();
    headers
        .write_all(b"POST /v1/listservicejobs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let started = Instant::now();
    let mut raw = Vec::new();
    let closed = headers.read_to_end(&mut raw);
    assert!(
        closed.is_ok(),
        "stalled headers were not cut off: {closed:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    // A body that stops half way: 408, ClientException.
    let mut body = server.connect();
    let head = request_head("/v1/listservicejobs", "Content-Length: 100\r\n");
    body.write_all(head.as_bytes()).unwrap();
    body.write_all(b"{\"jobQueue\":").unwrap();
    let r = read_response(&mut body);
    assert_eq!(r.status, 408, "a stalled body");
    assert_eq!(
        r.headers.get("x-amzn-errortype").map(String::as_str),
        Some("ClientException")
    );
    assert_eq!(
        r.json()["message"],
        "The request body did not arrive within 500 ms."
    );
    assert_healthy(&mut server, "stalled clients");
}
