//! `batchlist serve` as a process: its start-up lines, its request log, and a client that
//! writes a whole over-limit body before it reads (as Python's `http.client` does).
//!
//! Loopback only; every socket has a timeout, so a hung server fails the test, never hangs it.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStderr, Stdio};
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// `batchlist serve` on a free port with the bundled sample; killed on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
    startup: Vec<String>,
}

impl Server {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = common::serve_command();
        command.args(args).stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let (child, addr, startup) = common::spawn_serve(&mut command);
        Server {
            child,
            addr,
            startup,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        stream
    }

    /// Sends one request with `Connection: close` and returns the whole answer as text.
    fn exchange(&self, path: &str, body: &[u8]) -> String {
        let mut stream = self.connect();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        // Everything is written before anything is read.
        stream.write_all(head.as_bytes()).expect("the head is sent");
        stream.write_all(body).expect("the whole body is sent");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("the answer");
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Stops the server and returns everything it wrote on stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut stderr: ChildStderr = self.child.stderr.take().unwrap();
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn both_start_up_lines_are_on_stdout_address_first() {
    let server = Server::start(&[], &[]);
    assert!(server.startup[0].starts_with("listening on http://127.0.0.1:"));
    assert_eq!(server.startup[1], "serving 300 jobs; stop with Ctrl-C");
}

#[test]
fn requests_are_logged_with_log_and_not_by_default() {
    let body = br#"{"jobQueue": "training", "maxResults": 1}"#;
    let server = Server::start(&["--log"], &[]);
    assert!(
        server
            .exchange("/v1/listservicejobs", body)
            .starts_with("HTTP/1.1 200")
    );
    assert!(
        server
            .exchange("/v1/nosuch", b"{}")
            .starts_with("HTTP/1.1 404")
    );
    let log = server.stop();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("method=POST path=\"/v1/listservicejobs\" status=200 duration_ms="),
        "{log}"
    );
    assert!(lines[1].contains("path=\"/v1/nosuch\" status=404"), "{log}");

    let quiet = Server::start(&[], &[]);
    assert!(
        quiet
            .exchange("/v1/listservicejobs", body)
            .starts_with("HTTP/1.1 200")
    );
    assert_eq!(quiet.stop(), "");

    let by_env = Server::start(&[], &[("RUST_LOG", "batchlist=info")]);
    assert!(
        by_env
            .exchange("/v1/listservicejobs", body)
            .starts_with("HTTP/1.1 200")
    );
    assert!(by_env.stop().contains("status=200"));
}

#[test]
fn a_client_that_writes_its_whole_oversized_body_first_reads_its_413() {
    let server = Server::start(&[], &[]);
    let big = vec![b' '; 10 << 20];
    let answer = server.exchange("/v1/listservicejobs", &big);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer:.200}");
    assert!(answer.contains("x-amzn-errortype: ClientException"));
    assert!(answer.ends_with(r#"{"message":"The request body is larger than 1048576 bytes."}"#));
    // And the server carries on.
    let body = br#"{"jobQueue": "training", "maxResults": 1}"#;
    assert!(
        server
            .exchange("/v1/listservicejobs", body)
            .starts_with("HTTP/1.1 200")
    );
}
