#!/usr/bin/env bash
# The core crate as crates.io would get it: `cargo package` builds the packaged library, then
# the packaged tests run from the unpacked .crate alone, outside the workspace, so a test that
# reads a file the package leaves out (as the fuzz checks once were) fails here, not for users.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

rm -f target/package/batchlist-*.crate
cargo package --quiet -p batchlist --allow-dirty
crate=$(ls target/package/batchlist-*.crate)
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
# -m: files get the time of extraction, not the archive's, so cargo rebuilds the tests here
# (with this folder as CARGO_MANIFEST_DIR) instead of reusing a binary from an earlier run.
tar -xzmf "$crate" -C "$unpacked"
cd "$unpacked"/batchlist-*/
# The workspace turns the helper features on through a path dev-dependency, which packaging
# drops; --all-features turns them on here. The shared target dir reuses compiled dependencies.
CARGO_TARGET_DIR="$root/target" cargo test --quiet --all-features
