//! Fuzz target `evaluate`: see `check_evaluate` in tests/fuzz_checks/mod.rs for what it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    batchlist_fuzz::checks::check_evaluate(data);
});
