#!/usr/bin/env bash
# Every test Minqing has: formatting and lints, unit tests, the HTTP integration tests on SQLite
# and on PostgreSQL, and the browser tests in Chromium. Fails if any suite fails or cannot run.
source "$(dirname "$0")/lib.sh"
scripts/setup.sh --test

say "formatting and lints"
cargo fmt --all -- --check
cargo clippy -p app -p server -p migrations --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

scripts/build.sh

say "unit tests and HTTP integration tests on SQLite"
cargo test -p app -p server -p migrations

say "HTTP integration tests on PostgreSQL"
scripts/with-postgres.sh cargo test -p server --test api

say "browser tests (Chromium, 360 px phone and desktop)"
(cd e2e && npx playwright test)
