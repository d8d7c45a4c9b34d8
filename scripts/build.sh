#!/usr/bin/env bash
# Builds the browser bundle into target/site/pkg and the server binary.
#   scripts/build.sh            server in debug (fast to build; what the tests use)
#   scripts/build.sh --release  server optimised (what `run.sh` and the bench use)
source "$(dirname "$0")/lib.sh"
scripts/setup.sh

say "building the browser bundle (WASM islands)"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
staging=target/bundle
rm -rf "$staging" && mkdir -p "$staging"
wasm-bindgen --target web --no-typescript --out-name minqing --out-dir "$staging" \
  target/wasm32-unknown-unknown/wasm-release/frontend.wasm
scripts/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$staging/minqing_bg.wasm" -o "$staging/minqing_bg.wasm"

# Content-hashed names let the server cache them for a year (see server/src/http/site.rs).
hash=$(cat "$staging/minqing.js" "$staging/minqing_bg.wasm" | sha256sum | cut -c1-16)
pkg=target/site/pkg
rm -rf "$pkg" && mkdir -p "$pkg"
cp "$staging/minqing.js" "$pkg/minqing.$hash.js"
cp "$staging/minqing_bg.wasm" "$pkg/minqing.$hash.wasm"
[ -d "$staging/snippets" ] && cp -r "$staging/snippets" "$pkg/"
node scripts/precompress.mjs "$pkg"
printf 'bundle: %s/minqing.%s.{js,wasm} (%s bytes of WASM, %s brotli)\n' "$pkg" "$hash" \
  "$(stat -c %s "$pkg/minqing.$hash.wasm")" "$(stat -c %s "$pkg/minqing.$hash.wasm.br")"

if [ "${1:-}" = "--release" ]; then
  say "building the server (release)"
  cargo build -p server --release
else
  say "building the server (debug)"
  cargo build -p server
fi
