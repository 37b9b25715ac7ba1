#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one at a time, at the lowest CPU
# priority, on one core. Logs go to fuzz/logs/<target>.log. Stable toolchain: cargo fuzz
# passes -Z flags to rustc, which RUSTC_BOOTSTRAP=1 allows.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
TARGETS=${TARGETS:-"request evaluate token paginator"}
export RUSTC_BOOTSTRAP=1
mkdir -p logs
for t in $TARGETS; do
  mkdir -p "corpus/$t"
  extra=()
  sanitizer=address
  case $t in
    request) extra=(-dict=dict/request.dict -max_len=8192) ;;
    # batchlist forbids unsafe code and evaluate touches no unsafe dependency code, so
    # AddressSanitizer finds nothing there and costs most of the speed: the oracle
    # comparison is what this target is for.
    evaluate) sanitizer=none ;;
  esac
  dirs=("corpus/$t")
  [ -d "seeds/$t" ] && dirs+=("seeds/$t")
  nice -n 19 cargo fuzz run -s "$sanitizer" -a -O "$t" "${dirs[@]}" -- \
    -max_total_time="$SECONDS_EACH" -print_final_stats=1 "${extra[@]}" \
    >"logs/$t.log" 2>&1 || echo "$t: exit $? (see logs/$t.log)"
done
