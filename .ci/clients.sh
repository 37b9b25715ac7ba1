#!/usr/bin/env bash
# Real-client tests: boto3's paginator and the aws cli against `batchlist serve`, compared
# with `batchlist list-service-jobs` on the same jobs. Installs its own virtualenv (.venv)
# from tests/clients/requirements.txt, so a fresh machine needs only python3 and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/clients/requirements.txt

cargo build --quiet -p batchlist-cli
# Where cargo put it: target/ unless CARGO_TARGET_DIR says otherwise.
bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/batchlist"

# -rfE lists failures and errors by name; pytest's closing line carries the counts.
# No __pycache__ in the work tree: nothing to ignore or commit by mistake.
PYTHONDONTWRITEBYTECODE=1 BATCHLIST_BIN="$bin" \
    .venv/bin/python -m pytest tests/clients -q -rfE -p no:cacheprovider "$@"
