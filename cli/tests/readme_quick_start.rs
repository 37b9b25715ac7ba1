//! The README's first command, run as written, prints exactly the output the README shows:
//! the quick start a new user tries first cannot drift from the code.

use std::path::Path;
use std::process::Command;

/// The first `cargo run ... -p batchlist-cli -- ARGS` line of the README, and the first
/// ```text block after it.
fn quick_start() -> (Vec<String>, String) {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md");
    let (command_at, command) = readme
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("cargo run") && l.contains("-p batchlist-cli --"))
        .expect("a cargo run -p batchlist-cli command in the README");
    let args = command
        .split_once(" -- ")
        .expect("arguments after --")
        .1
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let after: Vec<&str> = readme.lines().skip(command_at).collect();
    let start = after
        .iter()
        .position(|l| *l == "```text")
        .expect("a ```text block after it")
        + 1;
    let end = start
        + after[start..]
            .iter()
            .position(|l| *l == "```")
            .expect("the block's end");
    let mut shown = after[start..end].join("\n");
    shown.push('\n');
    (args, shown)
}

#[test]
fn the_readme_first_command_prints_what_the_readme_shows() {
    let (args, shown) = quick_start();
    assert_eq!(
        args[0], "list-service-jobs",
        "the first command is the main job"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_batchlist"))
        .args(&args)
        .output()
        .expect("batchlist runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8(output.stdout).expect("UTF-8"), shown);
}
