"""The `batchlist` command as the oracle of the Python tests: `list-service-jobs --jobs FILE`
is the Rust core and its botocore-compatible paginator, with no HTTP and no Python in
between. Shared by `tests/clients` (real AWS clients against `batchlist serve`) and
`python/tests` (the PyO3 binding), which put this folder on `sys.path`.

The command is `BATCHLIST_BIN`, by default `target/debug/batchlist`.
"""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINARY = Path(os.environ.get("BATCHLIST_BIN", ROOT / "target" / "debug" / "batchlist"))

# The line the aws cli prints on stderr for a service error, as `batchlist` prints it too.
CLIENT_EXCEPTION = "An error occurred (ClientException) when calling the ListServiceJobs operation: "


def run_cli(*args):
    """`batchlist ARGS`: (exit code, stdout, stderr)."""
    assert BINARY.exists(), f"build the command first: cargo build -p batchlist-cli ({BINARY})"
    done = subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def engine(jobs_file, *args):
    """What the Rust engine and paginator print for `list-service-jobs --jobs FILE ARGS`,
    parsed."""
    code, out, err = run_cli("list-service-jobs", "--jobs", str(jobs_file), *args)
    assert code == 0, err
    return json.loads(out)


def engine_error(jobs_file, *args):
    """The engine's ClientException message for `list-service-jobs --jobs FILE ARGS`."""
    code, out, err = run_cli("list-service-jobs", "--jobs", str(jobs_file), *args)
    assert code == 254, (code, out, err)
    line = err.strip()
    assert line.startswith(CLIENT_EXCEPTION), err
    return line.removeprefix(CLIENT_EXCEPTION)
