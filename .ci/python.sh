#!/usr/bin/env bash
# The Python package (python/), as a user gets it: `pip install ./python` builds it from this
# checkout with maturin from PyPI (the PEP 517 backend python/pyproject.toml names, a release
# build), in its own virtualenv (python/.venv); then its pytest suite, the conformance vectors
# through its adapter (through list_service_jobs and through JobIndex), and a smoke run of
# the benchmark. A fresh machine needs only python3 and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=python/.venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
# --force-reinstall: the version does not change between commits, the code does.
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps ./python

cargo build --quiet -p batchlist-cli
export BATCHLIST_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/batchlist"

# From the repository root, so `import batchlist` is the installed package, not python/batchlist.
# No __pycache__ or .pytest_cache in the work tree. pytest exits 5 when it collected no test:
# that is a failure here, like any other non-zero exit.
set +e
PYTHONDONTWRITEBYTECODE=1 "$PY" -m pytest python/tests -q -rfE -p no:cacheprovider
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "python/tests: pytest collected no tests" >&2
    exit 1
elif [ "$status" -ne 0 ]; then
    exit "$status"
fi

for flag in "" " --index"; do
    "$BATCHLIST_BIN" conform --adapter "$PWD/$PY -m batchlist.adapter$flag"
done

# The benchmark runs (and checks its answers against the baseline's); not a measurement.
PYTHONDONTWRITEBYTECODE=1 "$PY" python/benches/bench.py --jobs 2000 --quick >/dev/null
