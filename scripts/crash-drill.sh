#!/usr/bin/env bash
# The crash test at scale: `scripts/crash-drill.sh [CYCLES]` (default 30) starts the release
# binary on a SQLite file, fires visits and new households from four clients, kills the process
# with SIGKILL mid-burst, CYCLES times, then restarts it and checks that every acknowledged
# write is there, PRAGMA integrity_check is ok and every audit chain walks. Prints the counts.
# MINQING_BIN=path picks another binary (e.g. target/debug/minqing, skipping the release build).
source "$(dirname "$0")/lib.sh"
cycles="${1:-30}"
if [ -z "${MINQING_BIN:-}" ]; then
  cargo build -p server --release
  MINQING_BIN=target/release/minqing
fi
bin=$(realpath "$MINQING_BIN")
[ -x "$bin" ] || die "no binary at $bin"
say "crash drill: $cycles kill -9 cycles of $bin"
MINQING_BIN="$bin" MINQING_CRASH_CYCLES="$cycles" \
  cargo test -p server --test api crash:: -- --nocapture 2>&1 | tee /dev/stderr | grep -q '^test result: ok' \
  || die "the crash drill failed"
