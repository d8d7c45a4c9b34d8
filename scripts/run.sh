#!/usr/bin/env bash
# Builds Minqing, migrates the SQLite database in ./data, seeds the demo and serves it.
# Honours MINQING_BIND (default 127.0.0.1:3000) and every other setting in the README.
source "$(dirname "$0")/lib.sh"
scripts/build.sh --release
target/release/minqing seed --demo
exec target/release/minqing serve
