//! Every conformance vector in `spec/vectors/` (batchlist's own token files included) against
//! the SQLite store and, when configured, the PostgreSQL store: the job set of each case is
//! loaded into the database, and every request is answered by the compiled statement.

mod common;

use batchlist::{Error as CoreError, ServiceJob, decode_request};
use batchlist_conform::{Outcome, RunOptions, Subject, Suite, WireRequest, run_suite};
use batchlist_sql::Store;
use serde_json::Value;
use std::path::Path;

/// A store as a conformance subject: it reloads the job set when a case's set differs from
/// the one loaded.
struct StoreSubject {
    store: Store,
    loaded: Option<Vec<Value>>,
}

impl Subject for StoreSubject {
    fn describe(&self) -> String {
        format!("batchlist-sql on {}", self.store.describe())
    }

    fn call(&mut self, jobs: &[Value], request: &WireRequest) -> Outcome {
        if self.loaded.as_deref() != Some(jobs) {
            let records: Result<Vec<ServiceJob>, _> = jobs
                .iter()
                .map(|j| serde_json::from_value::<ServiceJob>(j.clone()))
                .collect();
            let records = match records {
                Ok(r) => r,
                Err(e) => return Outcome::Broken(format!("fixture is not a job set: {e}")),
            };
            if let Err(e) = self.store.replace_all(&records) {
                return Outcome::Broken(format!("the store refused the fixture: {e}"));
            }
            self.loaded = Some(jobs.to_vec());
        }
        // As an endpoint reads a body: an empty one is `{}` (R-REQ-1).
        let body = request.body();
        let mut de = serde_json::Deserializer::from_slice(batchlist::request_body(body.as_bytes()));
        let decoded = decode_request(&mut de)
            .and_then(|r| de.end().map(|()| r).map_err(CoreError::malformed_body));
        let request = match decoded {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Error {
                    error_type: e.error_type().into(),
                    message: e.to_string(),
                };
            }
        };
        match self.store.list_service_jobs(&request) {
            Ok(response) => Outcome::Response(serde_json::to_value(&response).unwrap()),
            Err(batchlist_sql::Error::Client(e)) => Outcome::Error {
                error_type: e.error_type().into(),
                message: e.to_string(),
            },
            Err(e) => Outcome::Broken(e.to_string()),
        }
    }
}

fn run(store: Store) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors");
    let suite = Suite::from_dir(&dir)
        .unwrap_or_else(|errors| panic!("invalid vectors:\n{}", errors.join("\n")));
    let mut subject = StoreSubject {
        store,
        loaded: None,
    };
    let report = run_suite(
        &suite,
        &mut subject,
        RunOptions {
            filter: None,
            include_batchlist_only: true,
        },
    );
    eprintln!(
        "{}: ran {} of {} vector cases ({} passed, {} failed)",
        subject.describe(),
        report.results.len(),
        suite.case_count(),
        report.passed(),
        report.failed()
    );
    assert_eq!(report.results.len(), suite.case_count(), "every case ran");
    assert!(
        report.is_success(),
        "{} of {} vector cases failed on {}:\n{}",
        report.failed(),
        report.results.len(),
        subject.describe(),
        report.failure_list()
    );
}

#[test]
fn every_vector_passes_on_sqlite() {
    run(common::sqlite());
}

#[test]
fn every_vector_passes_on_postgres() {
    if let Some(store) = common::postgres() {
        run(store);
    }
}
