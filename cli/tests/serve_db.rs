//! `batchlist serve --db` and `batchlist import`: nothing acknowledged is lost to a kill -9
//! (SQLite), an import killed mid-load leaves nothing of itself, two servers on one PostgreSQL database agree page for page and token for token,
//! and bad URLs, unopenable databases, newer schemas and bad job files are refused with a
//! clear message, a non-zero exit and nothing written.
//!
//! Loopback only; every socket has a timeout. PostgreSQL tests need
//! `BATCHLIST_TEST_POSTGRES_URL` (see `.ci/postgres.sh`); without it they print a note and
//! pass, unless `BATCHLIST_REQUIRE_POSTGRES=1`.

mod common;

use batchlist::{JobStatus, ServiceJob};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const IO_TIMEOUT: Duration = Duration::from_secs(30);
const EXIT_USAGE: i32 = 252;
const QUEUE: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/training";

static NEXT: AtomicUsize = AtomicUsize::new(0);

fn temp_dir() -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("batchlist-serve-db-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn batchlist(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_batchlist"))
        .args(args)
        .output()
        .expect("batchlist runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).trim().to_owned()
}

/// A job file of `count` jobs in queue `training`, half of them RUNNING.
fn job_file(dir: &Path, count: usize) -> PathBuf {
    job_file_named(dir, "jobs.json", count)
}

fn job_file_named(dir: &Path, name: &str, count: usize) -> PathBuf {
    let jobs: Vec<ServiceJob> = (0..count)
        .map(|i| {
            let status = if i % 2 == 0 {
                JobStatus::Running
            } else {
                JobStatus::Succeeded
            };
            ServiceJob::new(
                QUEUE,
                format!("file-{i:03}"),
                format!("train-{}", i % 5),
                status,
                1_000 + (i as i64 % 9),
            )
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string(&jobs).unwrap()).unwrap();
    path
}

fn import(db: &str, file: &Path) {
    let out = batchlist(&["import", "--db", db, "--jobs", file.to_str().unwrap()]);
    assert!(out.status.success(), "import failed: {}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("imported "), "{text}");
}

/// `batchlist serve --db URL` on a free port.
struct Server {
    child: Child,
    addr: SocketAddr,
    startup: Vec<String>,
}

impl Server {
    fn start(db: &str) -> Server {
        let (child, addr, startup) =
            common::spawn_serve(common::serve_command().args(["--db", db]));
        Server {
            child,
            addr,
            startup,
        }
    }

    /// One request with `Connection: close`: the status and the body.
    fn call(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("an answer");
        let text = String::from_utf8(answer).expect("UTF-8");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        let status = head[9..12].parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        (status, body)
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let (status, text) = self.call("POST", path, &body.to_string());
        assert_eq!(status, 200, "{path} {body}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Every page of a listing, as the bodies the server sent.
    fn walk(&self, request: &Value) -> Vec<String> {
        let mut pages = Vec::new();
        let mut request = request.clone();
        loop {
            let (status, text) = self.call("POST", "/v1/listservicejobs", &request.to_string());
            assert_eq!(status, 200, "{text}");
            let page: Value = serde_json::from_str(&text).unwrap();
            pages.push(text);
            match page.get("nextToken") {
                Some(token) => request["nextToken"] = token.clone(),
                None => return pages,
            }
        }
    }

    fn kill(mut self) {
        // SIGKILL on Unix: no shutdown, no flush, no destructor runs in the server.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("a chunk size");
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

fn submit_body(name: &str) -> Value {
    json!({
        "jobName": name,
        "jobQueue": "training",
        "serviceJobType": "SAGEMAKER_TRAINING",
        "serviceRequestPayload": "{}"
    })
}

fn ids(pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| {
            let page: Value = serde_json::from_str(p).unwrap();
            page["jobSummaryList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|j| j["jobId"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn sqlite_keeps_every_acknowledged_submit_through_a_kill_9() {
    let dir = temp_dir();
    let db = format!("sqlite:{}", dir.join("jobs.db").display());
    import(&db, &job_file(&dir, 40));
    let server = Server::start(&db);
    assert_eq!(server.startup[1], "serving 40 jobs; stop with Ctrl-C");
    // A burst from four clients at once; each acknowledged ID is remembered.
    let acknowledged: Vec<String> = std::thread::scope(|s| {
        let server = &server;
        let threads: Vec<_> = (0..4)
            .map(|t| {
                s.spawn(move || {
                    (0..40)
                        .map(|i| {
                            let answer = server.post(
                                "/v1/submitservicejob",
                                &submit_body(&format!("burst-{t}-{i}")),
                            );
                            answer["jobId"].as_str().unwrap().to_owned()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect()
    });
    assert_eq!(acknowledged.len(), 160);
    server.kill();

    let again = Server::start(&db);
    assert_eq!(again.startup[1], "serving 200 jobs; stop with Ctrl-C");
    let listed = ids(&again.walk(&json!({
        "jobQueue": "training",
        "maxResults": 100,
        "filters": [{"name": "JOB_NAME", "values": ["burst-*"]}]
    })));
    let mut missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !listed.contains(id))
        .collect();
    missing.sort();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_eq!(listed.len(), 160);
}

#[test]
fn an_import_killed_mid_load_leaves_the_sqlite_database_as_it_was() {
    let dir = temp_dir();
    let path = dir.join("jobs.db");
    let db = format!("sqlite:{}", path.display());
    let big = job_file_named(&dir, "big.json", 60_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_batchlist"))
        .args(["import", "--db", &db, "--jobs", big.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A bulk load into an empty database writes through a rollback journal: kill it once
    // the journal exists and rows have reached the file.
    let journal = dir.join("jobs.db-journal");
    let started = std::time::Instant::now();
    while !(journal.exists() && std::fs::metadata(&path).map_or(0, |m| m.len()) > (4 << 20)) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed; make the file larger"
        );
        assert!(started.elapsed() < IO_TIMEOUT, "the load never began");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0),
        "a hot journal is left"
    );

    // The next opener rolls the journal back: the killed load left no job, and the
    // database is whole, in WAL mode, and takes the next import.
    let small = job_file_named(&dir, "small.json", 40);
    let out = batchlist(&["import", "--db", &db, "--jobs", small.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.trim_end().ends_with("it holds 40 jobs"), "{text}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn serve_on_sqlite_pages_as_the_in_memory_server_does() {
    let dir = temp_dir();
    let file = job_file(&dir, 60);
    let db = format!("sqlite:{}", dir.join("jobs.db").display());
    import(&db, &file);
    let on_db = Server::start(&db);
    let (child, addr, startup) =
        common::spawn_serve(common::serve_command().arg("--jobs").arg(&file));
    let in_memory = Server {
        child,
        addr,
        startup,
    };
    for request in [
        json!({"jobQueue": "training", "maxResults": 7}),
        json!({"jobQueue": QUEUE, "jobStatus": "SUCCEEDED", "maxResults": 4}),
        json!({"jobQueue": "training", "maxResults": 9, "filters": [{"name": "JOB_NAME", "values": ["TRAIN-*"]}]}),
        json!({"jobQueue": "training", "maxResults": 5, "filters": [{"name": "AFTER_CREATED_AT", "values": ["1003"]}]}),
    ] {
        assert_eq!(on_db.walk(&request), in_memory.walk(&request), "{request}");
    }
    let bad = json!({"jobQueue": "training", "nextToken": "AAAA"}).to_string();
    assert_eq!(
        on_db.call("POST", "/v1/listservicejobs", &bad),
        in_memory.call("POST", "/v1/listservicejobs", &bad)
    );
}

/// A URL for a new schema of the test PostgreSQL server.
fn postgres_url() -> Option<String> {
    let url = match std::env::var("BATCHLIST_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert_ne!(
                std::env::var("BATCHLIST_REQUIRE_POSTGRES").as_deref(),
                Ok("1"),
                "BATCHLIST_REQUIRE_POSTGRES=1 but BATCHLIST_TEST_POSTGRES_URL is not set"
            );
            eprintln!("note: PostgreSQL test skipped: set BATCHLIST_TEST_POSTGRES_URL");
            return None;
        }
    };
    let schema = format!(
        "serve_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("the test PostgreSQL server at {url} is unreachable: {e}"));
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-c%20search_path%3D{schema}"))
}

#[test]
fn two_servers_on_one_postgres_database_agree_and_share_tokens_and_submits() {
    let Some(db) = postgres_url() else {
        return;
    };
    let dir = temp_dir();
    import(&db, &job_file(&dir, 50));
    let (a, b) = (Server::start(&db), Server::start(&db));
    for request in [
        json!({"jobQueue": "training", "maxResults": 6}),
        json!({"jobQueue": "training", "maxResults": 8, "filters": [{"name": "JOB_NAME", "values": ["train*"]}]}),
    ] {
        let pages = a.walk(&request);
        assert!(pages.len() > 2);
        assert_eq!(pages, b.walk(&request), "{request}");
        // A's token, answered by B, is A's next page.
        let first: Value = serde_json::from_str(&pages[0]).unwrap();
        let mut next = request.clone();
        next["nextToken"] = first["nextToken"].clone();
        let (status, text) = b.call("POST", "/v1/listservicejobs", &next.to_string());
        assert_eq!((status, text), (200, pages[1].clone()));
    }
    let submitted = a.post("/v1/submitservicejob", &submit_body("from-a"));
    let seen = ids(&b.walk(&json!({
        "jobQueue": "training",
        "filters": [{"name": "JOB_NAME", "values": ["from-a"]}]
    })));
    assert_eq!(seen, [submitted["jobId"].as_str().unwrap()]);
}

#[test]
fn an_unknown_scheme_an_unopenable_database_and_a_newer_schema_are_refused() {
    let out = batchlist(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--db",
        "mysql://root@db/jobs",
    ]);
    assert_eq!(out.status.code(), Some(EXIT_USAGE));
    assert_eq!(
        stderr(&out),
        "unknown database URL 'mysql://root@db/jobs': expected sqlite:PATH or \
         postgres://USER@HOST:PORT/DBNAME"
    );

    let dir = temp_dir();
    let missing = dir.join("no-such-folder/jobs.db");
    for command in ["serve", "import"] {
        let db = format!("sqlite:{}", missing.display());
        let out = match command {
            "serve" => batchlist(&["serve", "--addr", "127.0.0.1:0", "--db", &db]),
            _ => batchlist(&[
                "import",
                "--db",
                &db,
                "--jobs",
                job_file(&dir, 3).to_str().unwrap(),
            ]),
        };
        assert_eq!(out.status.code(), Some(EXIT_USAGE), "{command}");
        assert_eq!(
            stderr(&out),
            format!("cannot open database {db}: Unable to open the database file"),
            "{command}"
        );
        assert!(!missing.parent().unwrap().exists());
    }

    let path = dir.join("future.db");
    let db = format!("sqlite:{}", path.display());
    import(&db, &job_file(&dir, 3));
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO batchlist_schema (version, description) VALUES (99, 'later')",
            [],
        )
        .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = batchlist(&["serve", "--addr", "127.0.0.1:0", "--db", &db]);
    assert_eq!(out.status.code(), Some(EXIT_USAGE));
    assert_eq!(
        stderr(&out),
        format!(
            "database {db} has batchlist schema version 99, newer than version 1, the newest \
             this batchlist knows; use a newer batchlist (the database was not changed)"
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn import_refuses_bad_records_as_the_in_memory_loader_does_and_writes_nothing() {
    let dir = temp_dir();
    let path = dir.join("jobs.db");
    let db = format!("sqlite:{}", path.display());
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        json!([
            {"jobQueue": QUEUE, "jobId": "a", "jobName": "x", "status": "RUNNING", "createdAt": 1},
            {"jobQueue": "training", "jobId": "b", "jobName": "y", "status": "RUNNING", "createdAt": 2}
        ])
        .to_string(),
    )
    .unwrap();
    let imported = batchlist(&["import", "--db", &db, "--jobs", bad.to_str().unwrap()]);
    let listed = batchlist(&[
        "list-service-jobs",
        "--job-queue",
        "training",
        "--jobs",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(EXIT_USAGE));
    assert!(
        stderr(&imported).contains("jobs[1] (jobId 'b'): jobQueue 'training'"),
        "{}",
        stderr(&imported)
    );
    assert_eq!(
        stderr(&imported),
        stderr(&listed),
        "the same message as the in-memory loader"
    );
    assert!(
        !path.exists(),
        "a bad file is refused before the database is touched"
    );

    // A job ID the database already holds refuses the whole file.
    import(&db, &job_file(&dir, 5));
    let again = dir.join("again.json");
    std::fs::write(
        &again,
        json!([
            {"jobQueue": QUEUE, "jobId": "new", "jobName": "x", "status": "RUNNING", "createdAt": 1},
            {"jobQueue": QUEUE, "jobId": "file-003", "jobName": "y", "status": "RUNNING", "createdAt": 2}
        ])
        .to_string(),
    )
    .unwrap();
    let out = batchlist(&["import", "--db", &db, "--jobs", again.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(EXIT_USAGE));
    assert_eq!(
        stderr(&out),
        format!(
            "invalid job file {}: jobs[1] (jobId 'file-003'): jobId is already stored in the \
             database; job IDs must be unique.",
            again.display()
        )
    );
    let store = batchlist_sql::Store::open(&db).unwrap();
    assert_eq!(
        store.len().unwrap(),
        5,
        "nothing of the refused file is kept"
    );
}
