//! Runs every conformance vector in `spec/vectors/` against the batchlist core, in-process.
//! `BATCHLIST_VECTORS=<substring>` runs only the cases whose name contains it.

use batchlist_conform::{EMBEDDED, InProcess, RunOptions, Suite, list_vector_files, run_suite};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn load() -> Suite {
    Suite::from_dir(&spec_dir().join("vectors"))
        .unwrap_or_else(|errors| panic!("invalid vectors:\n{}", errors.join("\n")))
}

#[test]
fn every_vector_passes_in_process() {
    let dir = spec_dir().join("vectors");
    let suite = load();
    let filter = std::env::var("BATCHLIST_VECTORS").ok();
    let options = RunOptions {
        filter: filter.as_deref(),
        include_batchlist_only: true,
    };
    let report = run_suite(&suite, &mut InProcess, options);
    println!("{report}");
    // Written to stderr directly, not through println!, so that the count shows in an
    // ordinary `cargo test` run, where the test harness captures println!.
    let _ = writeln!(
        std::io::stderr(),
        "conformance vectors: ran {} of {} cases ({} passed, {} failed)",
        report.results.len(),
        suite.case_count(),
        report.passed(),
        report.failed()
    );
    // Every file on disk was run: a new file that fails to load, or is left out, fails here.
    let on_disk = list_vector_files(&dir).expect("spec/vectors is readable");
    assert_eq!(
        report.files_run, on_disk,
        "vector files on disk and files run differ"
    );
    assert!(report.files_skipped.is_empty());
    if filter.is_none() {
        assert_eq!(report.results.len(), suite.case_count());
    }
    assert!(
        report.is_success(),
        "{} of {} vector cases failed:\n{}",
        report.failed(),
        report.results.len(),
        report.failure_list()
    );
}

#[test]
fn the_embedded_vectors_are_the_files_on_disk() {
    let dir = spec_dir().join("vectors");
    let on_disk = list_vector_files(&dir).expect("spec/vectors is readable");
    let embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        embedded, on_disk,
        "add new vector files to EMBEDDED in conform/src/vectors.rs"
    );
    for (name, text) in EMBEDDED {
        let disk = std::fs::read_to_string(dir.join(name)).expect("readable");
        assert_eq!(*text, disk, "{name}: the embedded copy is stale");
    }
}

/// The rule IDs of `spec/README.md`: each rule is introduced as `**R-AREA-N Title.**`.
fn spec_rules() -> BTreeSet<String> {
    let text = std::fs::read_to_string(spec_dir().join("README.md")).expect("spec/README.md");
    text.split("**R-")
        .skip(1)
        .filter_map(|rest| {
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            (!id.is_empty()).then(|| format!("R-{id}"))
        })
        .collect()
}

#[test]
fn every_rule_is_covered_and_every_cited_rule_exists() {
    let suite = load();
    let cited = suite.rules_cited();
    // R-PAGINATE-* are the client's paginator (botocore's PaginationConfig), not answers of
    // the service: tests/paginator.rs and the boto3 tests check them, no vector can. R-TERM-*
    // are DescribeServiceJob and TerminateServiceJob, which the ListServiceJobs vectors do not
    // call: cli/src/service_job.rs and the boto3 tests check them.
    let rules: BTreeSet<String> = spec_rules()
        .into_iter()
        .filter(|r| !r.starts_with("R-PAGINATE-") && !r.starts_with("R-TERM-"))
        .collect();
    assert!(rules.len() > 20, "spec rules not found: {rules:?}");
    let uncovered: Vec<_> = rules.difference(&cited).collect();
    let unknown: Vec<_> = cited.difference(&rules).collect();
    assert!(
        uncovered.is_empty(),
        "rules without a vector: {uncovered:?}"
    );
    assert!(
        unknown.is_empty(),
        "vectors cite rules spec/README.md does not define: {unknown:?}"
    );
}

#[test]
fn every_error_message_of_the_spec_is_expected_somewhere() {
    // The table of messages in spec/README.md, with `{...}` placeholders: each must be the
    // shape of at least one expected message.
    let text = std::fs::read_to_string(spec_dir().join("README.md")).expect("spec/README.md");
    let table = text.split("## Error messages").nth(1).expect("error table");
    let templates: Vec<String> = table
        .lines()
        .filter(|l| l.starts_with("| R-"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_owned))
        .collect();
    assert!(templates.len() >= 18, "{templates:?}");
    let suite = load();
    let mut expected = Vec::new();
    for f in &suite.files {
        for c in &f.file.cases {
            let expects = c
                .expect
                .iter()
                .chain(c.steps.iter().flatten().map(|s| &s.expect));
            for e in expects {
                if let Some(err) = &e.error {
                    if let Some(m) = &err.message {
                        expected.push((m.clone(), false));
                    }
                    if let Some(p) = &err.message_prefix {
                        expected.push((p.clone(), true));
                    }
                }
            }
        }
    }
    let fits = |template: &str, message: &str| {
        // Literal pieces between placeholders must appear in order.
        let mut rest = message;
        for (i, piece) in template.split(['{', '}']).enumerate() {
            if i % 2 == 1 || piece.is_empty() {
                continue;
            }
            match rest.find(piece) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    };
    let missing: Vec<_> = templates
        .iter()
        .filter(|t| {
            !expected.iter().any(|(m, prefix)| {
                // A prefix expectation covers a template that starts with it.
                if *prefix {
                    t.starts_with(m.as_str())
                } else {
                    fits(t, m)
                }
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "messages no vector expects: {missing:?}"
    );
}
