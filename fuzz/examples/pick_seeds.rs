//! Copies, for each outcome a target's check reports (accepted, refused, walked, ...), the
//! smallest corpus input with that outcome into `tests/fuzz-regressions/<target>/`, so the
//! replay test runs on inputs that reach every branch of the check.
//!
//!     cargo run --example pick_seeds -- token corpus/token ../tests/fuzz-regressions/token

use batchlist_fuzz::checks;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, corpus, out] = args.as_slice() else {
        eprintln!("usage: pick_seeds TARGET CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    let check: fn(&[u8]) -> &'static str = match target.as_str() {
        "token" => checks::check_token,
        "request" => checks::check_request,
        "evaluate" => checks::check_evaluate,
        "paginator" => checks::check_paginator,
        _ => panic!("unknown target {target}"),
    };
    let mut best: BTreeMap<&'static str, (usize, PathBuf)> = BTreeMap::new();
    for entry in std::fs::read_dir(corpus).expect("a corpus directory") {
        let path = entry.expect("an entry").path();
        let data = std::fs::read(&path).expect("a corpus file");
        let outcome = check(&data);
        // Prefer small inputs, but not trivial ones: at least 8 bytes where possible.
        let score = if data.len() >= 8 {
            data.len()
        } else {
            usize::MAX - 8 + data.len()
        };
        if best.get(outcome).is_none_or(|(s, _)| score < *s) {
            best.insert(outcome, (score, path));
        }
    }
    for (outcome, (_, path)) in best {
        let name = format!("seed-{}", outcome.replace(' ', "-"));
        std::fs::copy(&path, PathBuf::from(out).join(&name)).expect("a copy");
        println!("{target}: {name} <- {}", path.display());
    }
}
