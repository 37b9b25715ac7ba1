//! The stores' writes, their refusals and their messages: record rules (R-JOB-1, R-JOB-2)
//! with the core's messages, stored job IDs, text PostgreSQL cannot hold, URLs of unknown
//! schemes, databases that cannot be opened, and schemas newer than this build.

mod common;

use batchlist::{JobStatus, ListServiceJobsRequest, ServiceJob, check_jobs};
use batchlist_sql::{Error, SCHEMA_VERSION, Store};

const Q: &str = "arn:aws:batch:us-east-1:123456789012:job-queue/q";
const R: &str = "arn:aws:batch:eu-west-1:123456789012:job-queue/r";

fn job(id: &str, created_at: i64) -> ServiceJob {
    ServiceJob::new(Q, id, format!("train-{id}"), JobStatus::Running, created_at)
}

fn ids(jobs: &[ServiceJob]) -> Vec<&str> {
    jobs.iter().map(|j| j.job_id.as_str()).collect()
}

#[test]
fn bad_records_are_refused_with_the_core_loaders_messages_and_nothing_is_kept() {
    for store in common::stores() {
        store.load(&[job("kept", 1)]).unwrap();
        let mut bare = job("b", 2);
        bare.job_queue = "q".into();
        let mut empty_name = job("c", 3);
        empty_name.job_name.clear();
        let sets = [
            vec![job("a", 1), bare],
            vec![job("a", 1), job("x", 2), empty_name],
            vec![job("a", 1), job("a", 2)],
            vec![job("a", 1), job("neg", -5)],
        ];
        for set in sets {
            let core = check_jobs(&set).unwrap_err();
            let err = store.load(&set).unwrap_err();
            assert_eq!(err, Error::Client(core.clone()), "{}", store.describe());
            assert_eq!(err.to_string(), core.to_string());
            assert_eq!(
                ids(&store.all_jobs().unwrap()),
                ["kept"],
                "nothing of the set is kept"
            );
        }
        assert_eq!(
            store
                .load(&[job("a", 1), job("x", 2)])
                .map_err(|e| e.to_string()),
            Ok(3)
        );
    }
}

#[test]
fn a_stored_job_id_is_refused_by_a_load_and_replaced_by_an_upsert() {
    for store in common::stores() {
        store.load(&[job("a", 1), job("b", 2)]).unwrap();
        let err = store.load(&[job("new", 3), job("b", 9)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "jobs[1] (jobId 'b'): jobId is already stored in the database; job IDs must be \
             unique."
        );
        assert_eq!(ids(&store.all_jobs().unwrap()), ["a", "b"]);
        assert_eq!(
            store.insert(&job("a", 5)).unwrap_err().to_string(),
            "Job 'a': jobId is already stored in the database; job IDs must be unique."
        );
        // A long ID is quoted as the core quotes values: 64 characters, then `...`.
        let long = "L".repeat(100);
        store.insert(&job(&long, 1)).unwrap();
        assert_eq!(
            store.insert(&job(&long, 2)).unwrap_err().to_string(),
            format!(
                "Job '{}...': jobId is already stored in the database; job IDs must be unique.",
                "L".repeat(64)
            )
        );
        store.remove(&long).unwrap();
        let mut moved = job("b", 9);
        moved.job_queue = R.into();
        assert_eq!(store.upsert(&[moved.clone(), job("c", 4)]).unwrap(), 3);
        assert_eq!(store.get("b").unwrap(), Some(moved));
        assert_eq!(ids(&store.all_jobs().unwrap()), ["a", "c", "b"]);
    }
}

#[test]
fn large_writes_into_an_empty_table_build_the_indexes_after_the_rows() {
    // From 20,000 jobs a write into an empty table drops and rebuilds the indexes: an
    // upsert then cannot use ON CONFLICT, and a later write must find every index again.
    let jobs: Vec<ServiceJob> = batchlist::SyntheticJobs::new(20_500, 5).collect();
    for store in common::stores() {
        assert_eq!(
            store.upsert(&jobs).unwrap(),
            jobs.len(),
            "{}",
            store.describe()
        );
        let mut moved = jobs[7].clone();
        moved.status = JobStatus::Failed;
        assert_eq!(store.upsert(&[moved.clone()]).unwrap(), jobs.len());
        assert_eq!(store.get(&moved.job_id).unwrap(), Some(moved));
        let err = store.insert(&jobs[3]).unwrap_err();
        assert!(
            matches!(err, Error::DuplicateJobId { at: None, .. }),
            "{err}"
        );
        assert_eq!(store.replace_all(&jobs).unwrap(), jobs.len());
        let first = store.statement(
            &batchlist::Query::new(batchlist::JobQueue::parse("training").unwrap(), None, None),
            None,
        );
        let plan = store.explain(&first.sql, &first.params).unwrap().join(" ");
        assert!(plan.contains("service_jobs_status"), "{plan}");
    }
}

/// Every page of RUNNING jobs of queue `training`, walked with the tokens, from the store
/// and from the core.
fn walk_both(store: &Store, jobs: &[ServiceJob]) {
    let mut request = ListServiceJobsRequest {
        job_queue: Some("training".into()),
        job_status: Some("RUNNING".into()),
        ..ListServiceJobsRequest::default()
    };
    let mut pages = 0;
    loop {
        let want = batchlist::list_service_jobs(jobs, &request).unwrap();
        let got = store.list_service_jobs(&request).unwrap();
        assert_eq!(got, want, "page {pages} of {}", store.describe());
        pages += 1;
        match got.next_token {
            Some(token) => request.next_token = Some(token),
            None => break,
        }
    }
    assert!(pages > 1, "the walk crossed pages");
}

fn file_bytes(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn sqlite_journal_mode(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_sqlite_bulk_load_alone_writes_its_pages_once_and_returns_to_wal() {
    // `Store::load` only: `replace_all` and `upsert` serve a live server's readers.
    let jobs: Vec<ServiceJob> = batchlist::SyntheticJobs::new(25_000, 9).collect();
    let dir = common::temp_dir();
    let alone = dir.join("alone.db");
    let store = Store::open_sqlite(&alone).unwrap();
    assert_eq!(store.load(&jobs).unwrap(), jobs.len());
    // Through a rollback journal the pages went straight into the database; the WAL, back
    // since the commit, holds nothing.
    let db = file_bytes(&alone);
    let wal = file_bytes(&dir.join("alone.db-wal"));
    assert!(wal < db / 20, "WAL {wal} bytes beside a {db}-byte database");
    assert_eq!(sqlite_journal_mode(&alone), "wal");
    assert_eq!(file_bytes(&dir.join("alone.db-journal")), 0);
    walk_both(&store, &jobs);
    // A write after the bulk load runs in WAL mode again.
    store.insert(&job("after", 5)).unwrap();
    assert!(file_bytes(&dir.join("alone.db-wal")) > 0);

    // A live server's bulk writes keep readers reading: they stay in WAL even alone.
    for (name, write) in [
        (
            "replaced.db",
            Store::replace_all as fn(&Store, &[ServiceJob]) -> _,
        ),
        ("upserted.db", Store::upsert),
    ] {
        let path = dir.join(name);
        let store = Store::open_sqlite(&path).unwrap();
        assert_eq!(write(&store, &jobs).unwrap(), jobs.len());
        let wal = file_bytes(&dir.join(format!("{name}-wal")));
        assert!(wal > file_bytes(&path) / 2, "{name}: {wal} bytes of WAL");
        walk_both(&store, &jobs);
    }

    // With a second store open on the file, SQLite will not leave WAL mode: the load runs
    // in it, and the other store reads every job.
    let shared = dir.join("shared.db");
    let writer = Store::open_sqlite(&shared).unwrap();
    let reader = Store::open_sqlite(&shared).unwrap();
    assert_eq!(reader.len().unwrap(), 0);
    assert_eq!(writer.load(&jobs).unwrap(), jobs.len());
    let wal = file_bytes(&dir.join("shared.db-wal"));
    assert!(
        wal > file_bytes(&shared) / 2,
        "a load beside another connection goes through the WAL ({wal} bytes)"
    );
    assert_eq!(reader.len().unwrap(), jobs.len());
    walk_both(&reader, &jobs);
}

#[test]
fn update_get_remove_and_queues() {
    for store in common::stores() {
        let added = "arn:aws:batch:us-east-1:123456789012:job-queue/empty";
        store.add_queue(added).unwrap();
        store.replace_all(&[job("a", 1), job("b", 2)]).unwrap();
        assert_eq!(store.queues().unwrap(), [added, Q]);
        let changed = store
            .update("a", &mut |j| {
                j.status = JobStatus::Failed;
                j.job_queue = R.into();
            })
            .unwrap()
            .unwrap();
        assert_eq!(changed.status, JobStatus::Failed);
        assert_eq!(store.get("a").unwrap(), Some(changed));
        assert_eq!(store.queues().unwrap(), [R, added, Q], "sorted by bytes");
        // A change the record rules refuse leaves the job as it was.
        let err = store.update("b", &mut |j| j.created_at = -1).unwrap_err();
        assert!(matches!(err, Error::Client(_)), "{err}");
        assert_eq!(store.get("b").unwrap(), Some(job("b", 2)));
        assert!(store.update("zz", &mut |_| {}).unwrap().is_none());
        assert!(!store.set_status("zz", JobStatus::Failed).unwrap());
        assert_eq!(store.remove("b").unwrap(), Some(job("b", 2)));
        assert_eq!(store.remove("b").unwrap(), None);
        assert_eq!(store.len().unwrap(), 1);
        // replace_all forgets the queues of the jobs it drops, not the added ones.
        store.replace_all(&[]).unwrap();
        assert!(store.is_empty().unwrap());
        assert_eq!(store.queues().unwrap(), [added]);
    }
}

#[test]
fn a_bad_request_is_the_cores_client_error() {
    for store in common::stores() {
        let err = store
            .list_service_jobs(&ListServiceJobsRequest::default())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "jobQueue is required: give the name or ARN of a job queue."
        );
        assert!(matches!(err, Error::Client(_)));
    }
}

#[test]
fn postgres_refuses_text_it_cannot_hold_naming_the_record() {
    let Some(store) = common::postgres() else {
        return;
    };
    let mut one = job("one", 1);
    one.share_identifier = Some("x\0y".into());
    assert_eq!(
        store.put(&one).unwrap_err().to_string(),
        "Job 'one': shareIdentifier holds the NUL character (U+0000), which PostgreSQL text \
         cannot hold."
    );
    postgres_refuses_text_in_a_set();
}

fn postgres_refuses_text_in_a_set() {
    let Some(store) = common::postgres() else {
        return;
    };
    let mut nul = job("n", 2);
    nul.job_name = "a\0b".into();
    let err = store.load(&[job("a", 1), nul]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "jobs[1] (jobId 'n'): jobName holds the NUL character (U+0000), which PostgreSQL text \
         cannot hold."
    );
    assert!(store.is_empty().unwrap());
}

#[test]
fn an_unknown_scheme_is_named() {
    let err = Store::open("mysql://root@localhost/jobs").err().unwrap();
    assert_eq!(
        err.to_string(),
        "unknown database URL 'mysql://root@localhost/jobs': expected sqlite:PATH or \
         postgres://USER@HOST:PORT/DBNAME"
    );
}

#[test]
fn a_database_that_cannot_be_opened_is_named_and_not_created() {
    let dir = common::temp_dir();
    let missing = dir.join("no-such-folder").join("jobs.db");
    let err = Store::open(&format!("sqlite:{}", missing.display()))
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "cannot open database sqlite:{}: ",
            missing.display()
        )),
        "{text}"
    );
    assert!(!missing.parent().unwrap().exists());

    // A file that is not a database is refused and left byte for byte as it was.
    let not_db = dir.join("notes.txt");
    std::fs::write(
        &not_db,
        "these are not the jobs you are looking for\n".repeat(100),
    )
    .unwrap();
    let before = std::fs::read(&not_db).unwrap();
    let err = Store::open_sqlite(&not_db).err().unwrap();
    assert!(err.to_string().contains("file is not a database"), "{err}");
    assert_eq!(std::fs::read(&not_db).unwrap(), before);
    assert!(!dir.join("notes.txt-wal").exists());

    // A PostgreSQL server that does not answer.
    let err = Store::open("postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .starts_with("cannot open database postgres://nobody@127.0.0.1:1/none"),
        "{err}"
    );
}

#[test]
fn a_newer_sqlite_schema_is_refused_and_left_untouched() {
    let path = common::temp_dir().join("jobs.db");
    let store = Store::open_sqlite(&path).unwrap();
    store.load(&[job("a", 1)]).unwrap();
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO batchlist_schema (version, description) VALUES (?1, 'from the future')",
            [SCHEMA_VERSION + 1],
        )
        .unwrap();
        // Fold the WAL into the file, so the bytes compared below are the whole database.
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_sqlite(&path).err().unwrap();
    assert_eq!(
        err,
        Error::NewerSchema {
            database: format!("sqlite:{}", path.display()),
            found: SCHEMA_VERSION + 1,
            known: SCHEMA_VERSION
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "database sqlite:{} has batchlist schema version 2, newer than version 1, the \
             newest this batchlist knows; use a newer batchlist (the database was not changed)",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "not one byte written"
    );
}

#[test]
fn a_newer_postgres_schema_is_refused_and_an_older_one_is_kept() {
    let Some(url) = common::postgres_schema_url() else {
        return;
    };
    let store = Store::open_postgres(&url).unwrap();
    store.load(&[job("a", 1)]).unwrap();
    drop(store);
    // Reopening a current database migrates nothing and keeps the jobs.
    let again = Store::open_postgres(&url).unwrap();
    assert_eq!(ids(&again.all_jobs().unwrap()), ["a"]);
    drop(again);
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .execute(
            "INSERT INTO batchlist_schema (version, description) VALUES ($1, 'from the future')",
            &[&(SCHEMA_VERSION + 1)],
        )
        .unwrap();
    let err = Store::open_postgres(&url).err().unwrap();
    assert!(
        matches!(err, Error::NewerSchema { found, known, .. } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
        "{err}"
    );
    let rows = client
        .query("SELECT version FROM batchlist_schema ORDER BY version", &[])
        .unwrap();
    let versions: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(versions, [1, 2]);
}

#[test]
fn two_stores_on_one_postgres_database_migrate_once_and_share_jobs() {
    let Some(url) = common::postgres_schema_url() else {
        return;
    };
    let opened: Vec<Store> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| Store::open_postgres(&url).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    opened[0].insert(&job("a", 1)).unwrap();
    assert_eq!(opened[3].get("a").unwrap(), Some(job("a", 1)));
}
