#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the batchlist-sql tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints the export lines for the URL and the folder
#   bash .ci/postgres.sh stop              # stops the cluster of $BATCHLIST_PG_DIR, removes it
#
# start installs Debian's `postgresql` server package when no initdb is found, creates a
# cluster in a temporary folder owned by an unprivileged user (initdb refuses to run as root),
# starts it on a free loopback port with trust authentication (reachable from this machine
# only), and prints:
#   export BATCHLIST_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/postgres
#   export BATCHLIST_PG_DIR=/tmp/batchlist-pg.XXXXXX
# Everything it says goes to stderr, so that stdout holds only the export lines.
set -euo pipefail

say() { printf 'postgres.sh: %s\n' "$*" >&2; }

find_bin() {
  # The newest installed server version.
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
  # Runs a command as the cluster's owner: an unprivileged user when we are root.
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin
  bin="$(find_bin)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      say "no PostgreSQL server found under /usr/lib/postgresql and not root: install the 'postgresql' package"
      exit 1
    fi
    say "installing Debian's postgresql server package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin="$(find_bin)"
  fi
  [ -x "$bin/initdb" ] || { say "initdb not found after installing postgresql"; exit 1; }

  PG_USER="$(id -un)"
  if [ "$(id -u)" = 0 ]; then
    PG_USER=batchlistpg
    if ! id -u "$PG_USER" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
    fi
  fi

  local dir port
  dir="$(mktemp -d /tmp/batchlist-pg.XXXXXX)"
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

  # A free loopback port: the first in the range nobody answers on.
  for port in $(seq 55432 55631); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  done
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir/data"
  printf 'export BATCHLIST_TEST_POSTGRES_URL=%q\n' "postgres://postgres@127.0.0.1:$port/postgres"
  printf 'export BATCHLIST_PG_DIR=%q\n' "$dir"
}

stop() {
  local dir="${BATCHLIST_PG_DIR:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || { say "nothing to stop"; return 0; }
  local bin owner
  bin="$(find_bin)"
  owner="$(stat -c %U "$dir")"
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$owner" -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  else
    "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) say "usage: bash .ci/postgres.sh start|stop"; exit 2 ;;
esac
