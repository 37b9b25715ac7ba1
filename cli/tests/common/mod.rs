//! What the process tests share: starting `batchlist serve` and reading its start-up lines,
//! whose first names the address it bound (`listening on http://ADDR`).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// `batchlist serve --addr 127.0.0.1:0`, ready for more arguments (`--jobs`, `--db`, ...).
pub fn serve_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_batchlist"));
    command
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .stderr(Stdio::null());
    command
}

/// Spawns `command` (a [`serve_command`]) and reads its two start-up lines: the child, the
/// address it listens on, and the lines as printed.
pub fn spawn_serve(command: &mut Command) -> (Child, SocketAddr, Vec<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .expect("batchlist serve starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let startup: Vec<String> = (0..2)
        .map(|_| {
            let mut line = String::new();
            stdout.read_line(&mut line).expect("a start-up line");
            line.trim_end().to_owned()
        })
        .collect();
    let addr = startup[0]
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {:?}", startup[0]))
        .parse()
        .expect("an address");
    (child, addr, startup)
}
