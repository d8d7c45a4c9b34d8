#!/usr/bin/env bash
# Schema-driven API fuzzing: schemathesis generates requests from /api/v1/openapi.json and sends
# them, as a county admin and as a village cadre, to the debug server on a fresh demo database.
# Fails on any server error or any response that contradicts the document (status, content
# type, headers, schema). FUZZ_EXAMPLES sets the examples per operation (default 10).
source "$(dirname "$0")/lib.sh"
bin="${MINQING_BIN:-target/debug/minqing}"
[ -x "$bin" ] || die "no $bin: run scripts/build.sh first"
command -v schemathesis >/dev/null || die "schemathesis missing: scripts/setup.sh --test installs it"
work=$(mktemp -d /tmp/minqing-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export DATABASE_URL="sqlite://$work/minqing.db" MINQING_BIND="127.0.0.1:$port" MINQING_LOG=warn
"$bin" seed --demo >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
# Python's standard library, not curl: a fresh machine has python3 but not always curl.
python3 - "$base" <<'PY'
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(sys.argv[1] + "/healthz", timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("the server did not start")
PY

token() { # token USERNAME: an access token of the demo county 130123
  python3 - "$base" "$1" <<'PY'
import json, sys, urllib.request
body = json.dumps({"county": "130123", "username": sys.argv[2], "password": "Minqing2026"}).encode()
request = urllib.request.Request(sys.argv[1] + "/api/v1/auth/login", data=body,
                                 headers={"content-type": "application/json"})
print(json.load(urllib.request.urlopen(request, timeout=30))["access_token"])
PY
}

total=0
for user in admin cadre; do
  say "fuzzing the API as $user"
  # Ending the session or changing the password would sign the fuzzer out halfway; so would a
  # security rule requiring two-step verification of cadres with no grace (PUT /security-settings).
  # Run from the scratch folder: schemathesis keeps a cache in its working directory.
  if ! (cd "$work" && schemathesis run "$base/api/v1/openapi.json" \
      -H "Authorization: Bearer $(token "$user")" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
      --exclude-path-regex '/auth/logout|/me/sessions|/me/password|/security-settings' \
      --max-examples "${FUZZ_EXAMPLES:-10}" --request-timeout 20 --seed 20261202 \
      >"$work/$user.log" 2>&1); then
    sed -n '/ERRORS\|FAILURES/,$p' "$work/$user.log" | head -n 120
    grep -iE ' (ERROR|panicked)' "$work/server.log" | head -n 20 || true
    die "fuzzing as $user found failures"
  fi
  cases=$(grep -oE '[0-9]+ generated' "$work/$user.log" | tail -n 1 | grep -oE '[0-9]+')
  printf '%s: %s requests, no failure\n' "$user" "${cases:-0}"
  total=$((total + ${cases:-0}))
done
[ "$total" -gt 0 ] || die "the fuzzer sent no request"
printf 'api fuzz: %s passed, 0 failed\n' "$total"
