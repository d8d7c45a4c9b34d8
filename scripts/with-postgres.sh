#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at PostgreSQL. Uses TEST_DATABASE_URL when it
# is given; otherwise starts a throwaway cluster from this machine's PostgreSQL binaries (as the
# `postgres` user when run as root) and removes it afterwards.
source "$(dirname "$0")/lib.sh"
if [ -n "${TEST_DATABASE_URL:-}" ]; then exec "$@"; fi

bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
[ -x "$bin/initdb" ] || die "no PostgreSQL binaries found (scripts/setup.sh --test installs them)"
data=$(mktemp -d /tmp/minqing-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres: "$data"
stop() {
  run_pg "$bin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT
run_pg "$bin/initdb" -D "$data/db" -U postgres -A trust -E UTF8 --no-sync >/dev/null
run_pg "$bin/pg_ctl" -D "$data/db" -w -l "$data/server.log" \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$data/server.log"; die "PostgreSQL did not start"; }
say "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port"
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
