#!/usr/bin/env bash
# The server the browser tests talk to: the debug build, a fresh SQLite database with the demo.
# MINQING_BIN and MINQING_SITE_ROOT may point at a copy of the binary and the bundle, for a
# target directory that others build into while the tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$1"
data=$(mktemp -d /tmp/minqing-e2e.XXXXXX)
trap 'rm -rf "$data"' EXIT
export DATABASE_URL="sqlite://$data/minqing.db" MINQING_BIND="127.0.0.1:$port" MINQING_SITE_ROOT="${MINQING_SITE_ROOT:-target/site}"
bin="${MINQING_BIN:-target/debug/minqing}"
"$bin" seed --demo
"$bin" serve
