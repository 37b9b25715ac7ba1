//! Every rule of spec/README.md has at least one test named after it (`r_status_2_...` for
//! R-STATUS-2), and every rule a test names exists: the spec and the tests cannot drift apart.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Rule IDs defined in the spec: the bold `**R-AREA-N` at the start of a rule.
fn spec_rules() -> BTreeSet<String> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/README.md"))
        .expect("spec/README.md");
    text.lines()
        .filter_map(|l| l.strip_prefix("**R-"))
        .map(|rest| {
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            format!("R-{id}")
        })
        .collect()
}

/// Rule IDs named by test functions in tests/*.rs, and in the command's sources and tests
/// for the rules only `batchlist serve` implements (R-TERM): `fn r_area_n_...`.
fn tested_rules() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeSet::new();
    let mut dirs = vec!["tests"];
    if has_the_command() {
        dirs.extend(["cli/src", "cli/tests"]);
    }
    let files = dirs
        .into_iter()
        .flat_map(|dir| fs::read_dir(root.join(dir)).expect("a test folder"));
    for entry in files {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("test file");
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("fn r_") else {
                continue;
            };
            let mut parts = rest.split('_');
            if let (Some(area), Some(n)) = (parts.next(), parts.next())
                && n.chars().all(|c| c.is_ascii_digit())
                && !n.is_empty()
            {
                found.insert(format!("R-{}-{n}", area.to_ascii_uppercase()));
            }
        }
    }
    found
}

/// Whether the command's sources are here: in the workspace, not in the published crate,
/// which holds the core alone.
fn has_the_command() -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("cli/src")
        .is_dir()
}

#[test]
fn every_rule_has_a_test_and_every_tested_rule_exists() {
    let mut spec = spec_rules();
    if !has_the_command() {
        // The published crate: the R-TERM rules are `serve`'s, tested with the command.
        spec.retain(|r| !r.starts_with("R-TERM-"));
    }
    let tested = tested_rules();
    assert!(
        spec.len() >= 30,
        "spec/README.md defines only {} rules: {spec:?}",
        spec.len()
    );
    let untested: Vec<_> = spec.difference(&tested).collect();
    let unknown: Vec<_> = tested.difference(&spec).collect();
    assert!(
        untested.is_empty(),
        "rules without a test named after them: {untested:?}"
    );
    assert!(
        unknown.is_empty(),
        "tests name rules the spec does not define: {unknown:?}"
    );
}
