//! Shared checks for the fuzz targets; see `tests/fuzz_checks/mod.rs`.
// The checks live with the core's tests, so the published crate replays them too.
#[path = "../../tests/fuzz_checks/mod.rs"]
pub mod checks;
