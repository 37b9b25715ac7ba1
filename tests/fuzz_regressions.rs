//! Replays every input under `tests/fuzz-regressions/<target>/` through the same checks the
//! fuzz target `<target>` runs (`tests/fuzz_checks/`, which the fuzz crate includes by path), so a crash the
//! fuzzer found, once fixed, stays fixed under plain `cargo test`. The folders also hold a few
//! inputs from the fuzz corpora that reach deep paths (an accepted token, a valid request, a
//! multi-page walk), so each check is replayed on something that exercises it.

#[path = "fuzz_checks/mod.rs"]
mod checks;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

type Check = fn(&[u8]) -> &'static str;

/// Runs `check` on every file of `tests/fuzz-regressions/<target>/` and counts the outcomes.
fn replay(target: &str, check: Check) -> BTreeMap<&'static str, usize> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut outcomes = BTreeMap::new();
    for path in &files {
        let data = fs::read(path).expect("a readable input");
        let outcome = std::panic::catch_unwind(|| check(&data))
            .unwrap_or_else(|_| panic!("{target}: {} fails its check", path.display()));
        *outcomes.entry(outcome).or_insert(0) += 1;
    }
    assert!(
        !files.is_empty(),
        "no inputs in {}: the replay would test nothing",
        dir.display()
    );
    outcomes
}

#[test]
fn token_inputs_replay() {
    let outcomes = replay("token", checks::check_token);
    assert!(outcomes.contains_key("accepted"), "{outcomes:?}");
    assert!(outcomes.contains_key("refused"), "{outcomes:?}");
}

#[test]
fn request_inputs_replay() {
    let outcomes = replay("request", checks::check_request);
    assert!(outcomes.contains_key("valid"), "{outcomes:?}");
    assert!(outcomes.contains_key("invalid"), "{outcomes:?}");
}

#[test]
fn evaluate_inputs_replay() {
    let outcomes = replay("evaluate", checks::check_evaluate);
    assert!(outcomes.contains_key("walked"), "{outcomes:?}");
}

#[test]
fn paginator_inputs_replay() {
    let outcomes = replay("paginator", checks::check_paginator);
    assert!(outcomes.contains_key("walk ended"), "{outcomes:?}");
}
