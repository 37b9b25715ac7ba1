#!/usr/bin/env bash
# Bounded loopback load test of `batchlist serve` (not run in CI): 1M jobs, wrk for
# DURATION (default 60s) at CONNECTIONS (default 64) with a list/submit mix, RSS sampled every
# 5 s, then every submitted job is counted through ListServiceJobs. Everything stays on
# 127.0.0.1 and stops by itself. Needs wrk (apt-get install wrk) and python3.
#
#   tests/load/run.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-64}
JOBS=${JOBS:-/tmp/jobs-1m.json}
OUT=${OUT:-/tmp/batchlist-load}
mkdir -p "$OUT"

cargo build --release -p batchlist-cli
BIN=target/release/batchlist
[ -s "$JOBS" ] || "$BIN" gen --count 1000000 --seed 1 --out "$JOBS"

"$BIN" serve --addr 127.0.0.1:0 --jobs "$JOBS" >"$OUT/serve.out" 2>"$OUT/serve.err" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q '^listening on' "$OUT/serve.out" 2>/dev/null && break
  sleep 0.1
done
URL=$(sed -n 's/^listening on //p' "$OUT/serve.out" | head -1)
[ -n "$URL" ] || { echo "serve did not start"; cat "$OUT/serve.err"; exit 1; }
case "$URL" in http://127.0.0.1:*) ;; *) echo "not loopback: $URL"; exit 1 ;; esac
echo "serving at $URL (pid $SERVER)"

rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }
echo "RSS before load: $(rss) kB"
( start=$(date +%s)
  while kill -0 "$SERVER" 2>/dev/null; do
    echo "$(( $(date +%s) - start ))s $(rss) kB"
    sleep 5
  done ) >"$OUT/rss.txt" 2>/dev/null &
SAMPLER=$!

wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s tests/load/mix.lua "$URL" \
  | tee "$OUT/wrk.txt"
sleep 2
kill "$SAMPLER" 2>/dev/null || true
echo "RSS samples (seconds since start, kB):"
cat "$OUT/rss.txt"
python3 tests/load/count_submitted.py "$URL" | tee "$OUT/count.txt"
echo "RSS after counting: $(rss) kB"
kill -0 "$SERVER" && echo "server still up"
