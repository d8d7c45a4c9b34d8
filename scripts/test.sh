#!/usr/bin/env bash
# Every test Minqing has: formatting and lints, unit tests, the HTTP integration tests on SQLite
# and on PostgreSQL, schema-driven API fuzzing, and the browser tests in Chromium. Fails if any
# suite fails, is skipped, or runs no test at all.
source "$(dirname "$0")/lib.sh"
scripts/setup.sh --test
logs=$(mktemp -d /tmp/minqing-test.XXXXXX)

# suite NAME CMD...: runs CMD, keeps its output, and fails on ignored/skipped tests or none run.
suite() {
  local name=$1; shift
  say "$name"
  "$@" 2>&1 | tee "$logs/$name.log"
  if grep -Eq '[1-9][0-9]* (ignored|skipped)' "$logs/$name.log"; then die "$name: tests were skipped"; fi
  grep -Eq '[1-9][0-9]* passed' "$logs/$name.log" || die "$name: no test ran"
}

say "formatting and lints"
cargo fmt --all -- --check
cargo clippy -p app -p server -p migrations --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
say "dependency licences, bans and sources (deny.toml; advisories need a database this network cannot fetch)"
cargo deny -L error check licenses bans sources

scripts/build.sh

suite "unit-and-sqlite" cargo test -p app -p server -p migrations
suite "postgresql" scripts/with-postgres.sh cargo test -p server --test api
suite "api-fuzz" scripts/fuzz.sh
suite "browser" bash -c 'cd e2e && npx playwright test'
say "all suites passed: unit, HTTP on SQLite and PostgreSQL, API fuzzing, browser"
