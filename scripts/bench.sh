#!/usr/bin/env bash
# Measures Minqing against the budgets in shared/ENGINEERING.md and prints a table. A
# measurement, not a test: it never fails on a number. Release build, demo data in a fresh
# SQLite file, wrk at 64 connections for BENCH_SECONDS (default 10) per page.
source "$(dirname "$0")/lib.sh"
scripts/setup.sh --bench
scripts/build.sh --release

seconds="${BENCH_SECONDS:-10}"
# Which parts to run (all by default): signin pages access visits grievances.
sections=" ${BENCH_SECTIONS:-signin pages access visits grievances} "
section() { [[ $sections == *" $1 "* ]]; }
port="${BENCH_PORT:-3900}"
work=$(mktemp -d /tmp/minqing-bench.XXXXXX)
export DATABASE_URL="sqlite://$work/bench.db" MINQING_BIND="127.0.0.1:$port" MINQING_LOG=warn
target/release/minqing seed --demo
target/release/minqing serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"

# load PATH [WRK ARGS…] -> "req/s p50 p99 non-2xx" (wrk's latency percentiles, in ms)
load() {
  local path=$1; shift
  wrk -t2 -c64 -d"${seconds}s" --latency -H 'Accept-Encoding: br' "$@" "$base$path" >"$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad ? bad : 0) }' "$work/wrk.txt"
}
# size FILE -> "raw gzip brotli" in bytes
size() {
  node -e '
    const z = require("zlib"), d = require("fs").readFileSync(process.argv[1]);
    const br = z.brotliCompressSync(d, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } });
    console.log(d.length, z.gzipSync(d, { level: 9 }).length, br.length);' "$1"
}
served() { # served PATH ENCODING -> bytes on the wire
  curl -s -H "Accept-Encoding: $2" -o "$work/body" "$base$1"; stat -c %s "$work/body"
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

row() { printf '| %-44s | %-22s | %-26s |\n' "$1" "$2" "$3"; }
echo
echo "Minqing bench: $(nproc) cores, ${seconds}s per page at 64 connections, SQLite, demo data"
echo "(wrk shares the 2 cores with the server, so these numbers understate a dedicated server)"
echo
row "what" "budget" "measured"
row "---" "---" "---"
# ---- Sign-in storm (first, while the process is fresh, so its memory is the storm's) -----------
if section signin; then
# 200 good sign-ins over 64 connections at once (Monday 08:00), then 10 s of quiet.
read -r peak after p50 p99 ok busy errors < <(scripts/sign-in-storm.py "$base" "$pid" 200 64 10)
row "sign-in storm: 200 at 64 conn, peak RSS" "≤ 100 MB" "$peak MB (after 10 s idle: $after MB)"
row "sign-in storm: latency, answers" "no 500" "p50 $p50 ms, p99 $p99 ms; $ok ok, $busy busy (503), $errors errors"
fi

if section pages; then
for path in / /sign-in /readyz /healthz; do
  read -r rps p50 p99 bad < <(load "$path")
  note=""; [ "$bad" != "0" ] && note=", $bad non-2xx"
  row "GET $path (64 conn)" "≥ 10,000 req/s, p99 ≤ 10 ms" "$rps req/s, p50 $p50 ms, p99 $p99 ms$note"
done
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
row "server peak RSS under load" "≤ 100 MB" "$(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')"

for path in / /sign-in; do
  raw=$(served "$path" identity); gz=$(served "$path" gzip); br=$(served "$path" br)
  row "HTML+inline CSS of $path (raw/gzip/br)" "≤ 14 KB compressed" "$(kb "$raw") / $(kb "$gz") / $(kb "$br")"
done
read -r raw gz br < <(size app/style/main.css)
row "stylesheet alone, inlined (raw/gzip/br)" "(part of the above)" "$(kb "$raw") / $(kb "$gz") / $(kb "$br")"
js=$(ls target/site/pkg/minqing.*.js); wasm=$(ls target/site/pkg/minqing.*.wasm)
read -r jraw jgz jbr < <(size "$js"); read -r wraw wgz wbr < <(size "$wasm")
row "JS loader (raw/gzip/br)" "" "$(kb "$jraw") / $(kb "$jgz") / $(kb "$jbr")"
row "WASM islands (raw/gzip/br)" "" "$(kb "$wraw") / $(kb "$wgz") / $(kb "$wbr")"
row "JS+WASM, page with an island (br)" "village ≤ 30 KB, admin ≤ 150 KB" "$(kb $((jbr + wbr)))"
row "JS+WASM, page without islands" "display-only 0 KB" "0 KB (no bundle referenced)"
fi

# ---- Access and imports ----------------------------------------------------------------------
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
login() { # login COUNTY USER -> access token
  curl -fs -H 'Content-Type: application/json' \
    -d "{\"county\":\"$1\",\"username\":\"$2\",\"password\":\"Minqing2026\"}" "$base/api/v1/auth/login" | json 'd["access_token"]'
}
# timed_import TOKEN PATH FILE [PASSWORD] -> "check_seconds apply_seconds status"
timed_import() {
  local start id status check apply extra=()
  [ -n "${4:-}" ] && extra=(-F "password=$4")
  start=$(date +%s.%N)
  id=$(curl -fs -H "Authorization: Bearer $1" -F "file=@$3" "${extra[@]}" "$base/api/v1$2" | json 'd["id"]')
  wait_job() {
    while :; do
      status=$(curl -fs -H "Authorization: Bearer $1" "$base/api/v1/imports/$id" | json 'd["status"]')
      case "$status" in checking|applying) sleep 0.2 ;; *) break ;; esac
    done
  }
  wait_job "$1"
  check=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  [ "$status" = ready ] || { echo "$check - $status"; return; }
  start=$(date +%s.%N)
  curl -fs -X POST -H "Authorization: Bearer $1" "$base/api/v1/imports/$id/apply" >/dev/null
  wait_job "$1"
  apply=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  echo "$check $apply $status"
}

# load95 PATH [WRK ARGS…] -> "req/s p95 p99 non-2xx"; the -s script must print "p95 <µs>" in done().
load95() {
  local path=$1; shift
  wrk -t2 -c64 -d"${seconds}s" --latency -H 'Accept-Encoding: br' "$@" "$base$path" >"$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "p95" { p95 = $2 / 1000 }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p95, p99, (bad ? bad : 0) }' "$work/wrk.txt"
}

cat >"$work/p95.lua" <<'LUA'
done = function(summary, latency, requests) io.write(string.format("p95 %d\n", latency:percentile(95))) end
LUA

admin=$(login 130123 admin)
township=$(login 130123 township)
if section access; then
# 126 new townships × 396 villages + the townships themselves: 50,022 rows.
python3 - "$work/org.csv" "$work/users.csv" <<'PY'
import sys
org, users = open(sys.argv[1], "w"), open(sys.argv[2], "w")
org.write("区划代码,名称\n")
users.write("用户名,姓名,角色,单位代码\n")
n = 0
for t in range(300, 426):
    org.write(f"130123{t}000,测试{t}镇\n")
    for v in range(1, 397):
        org.write(f"130123{t}{v:03d},测试{t}镇{v}村\n")
for i in range(50_000):
    t, v = 300 + i % 126, 1 + (i // 126) % 396
    users.write(f"bench{i:05d},测试用户{i},村干部,130123{t}{v:03d}\n")
PY
read -r ocheck oapply ostatus < <(timed_import "$admin" /org-units/import "$work/org.csv")
row "org sheet, 50,022 rows: check / apply" "" "$ocheck s / $oapply s ($ostatus)"
read -r ucheck uapply ustatus < <(timed_import "$admin" /users/import "$work/users.csv" Bench2026pass)
row "user sheet, 50,000 rows: check / apply" "" "$ucheck s / $uapply s ($ustatus)"

cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"county":"130123","username":"clerk","password":"Minqing2026"}'
LUA
read -r rps p50 p99 bad < <(load /api/v1/auth/login -s "$work/login.lua")
row "sign-in, POST /api/v1/auth/login (64 conn)" "(argon2id, OWASP cost)" "$rps sign-ins/s, p99 $p99 ms, non-2xx $bad"

# (The county admin's unpaged org tree is 50,000 units after the import: listed by township.)
for case in "admin /api/v1/users?limit=50" "township /api/v1/users?limit=50" "township /api/v1/org-units"; do
  read -r who path <<<"$case"
  token=$admin; [ "$who" = township ] && token=$township
  read -r rps p50 p99 bad < <(load "$path" -H "Authorization: Bearer $token")
  row "GET ${path%%\?*} as $who (64 conn)" "p99 ≤ 10 ms" "$rps req/s, p99 $p99 ms, non-2xx $bad"
done
fi

# ---- Households and visits -------------------------------------------------------------------
if section visits; then
# A generated county on top of the demo: 300,000 households, 1,000,000 visits (BENCH_HOUSEHOLDS,
# BENCH_VISITS to change), written while the server runs.
target/release/minqing generate --county 130123 --households "${BENCH_HOUSEHOLDS:-300000}" \
  --visits "${BENCH_VISITS:-1000000}" >"$work/generate.txt" 2>"$work/generate.err" ||
  die "generate failed: $(tail -5 "$work/generate.err")"
took=$(awk '/^took/ { print $2 }' "$work/generate.txt")
cadre_user=$(awk '/^sign in as/ { print $4 }' "$work/generate.txt")
town_user=$(awk '/^sign in as/ { print $8 }' "$work/generate.txt")
campaign=$(awk '/^campaign/ { print $2 }' "$work/generate.txt")
row "generate ${BENCH_HOUSEHOLDS:-300000} households + ${BENCH_VISITS:-1000000} visits" "—" "$took s ($(awk '/^took/ { sub(/^took [^:]*: /, ""); print }' "$work/generate.txt"))"

cadre=$(login 130123 "$cadre_user")
town=$(login 130123 "$town_user")
curl -fs -H "Authorization: Bearer $cadre" "$base/api/v1/households?limit=500" |
  json '"\n".join(h["id"] for h in d["items"])' >"$work/households.txt"
household=$(head -1 "$work/households.txt")

# Each request a new visit by the cadre at one of their households, with a fresh submission key
# (run start, thread, counter: unique across threads).
cat >"$work/visit.lua" <<'LUA'
local ids, n, tid = {}, 0, 0
for line in io.lines(os.getenv("HOUSEHOLDS")) do ids[#ids + 1] = line end
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function() math.randomseed(os.time() * 100 + tid) end
request = function()
  n = n + 1
  local key = string.format("%08x-%04x-4%03x-%04x-%012x", os.time(), tid, math.random(0, 4095),
    32768 + math.random(0, 16383), n)
  local body = string.format('{"household_id":"%s","mode":"in_person","met":true,' ..
    '"attitude":"satisfied","submission_key":"%s"}', ids[(n % #ids) + 1], key)
  return wrk.format("POST", "/api/v1/visits", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, body)
end
LUA
cat "$work/p95.lua" >>"$work/visit.lua"

read -r rps p95 p99 bad < <(HOUSEHOLDS="$work/households.txt" TOKEN="$cadre" load95 /api/v1/visits -s "$work/visit.lua")
row "POST /api/v1/visits as a village cadre (64 conn)" "SQLite ≥ 5,000/s" "$rps visits/s, p95 $p95 ms, p99 $p99 ms, non-2xx $bad"

# The coverage API, and the coverage page when it answers.
cases=("admin /api/v1/campaigns/$campaign/coverage" "township /api/v1/campaigns/$campaign/coverage")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $admin" "$base/campaigns/$campaign")
[ "$code" = 200 ] && cases+=("admin /campaigns/$campaign" "township /campaigns/$campaign")
for case in "${cases[@]}"; do
  read -r who path <<<"$case"
  token=$admin; [ "$who" = township ] && token=$town
  read -r rps p95 p99 bad < <(load95 "$path" -H "Authorization: Bearer $token" -s "$work/p95.lua")
  row "GET ${path/$campaign/ID} as $who (64 conn)" "p95 ≤ 20 ms" "$rps req/s, p95 $p95 ms, p99 $p99 ms, non-2xx $bad"
done
[ "$code" = 200 ] || row "GET /campaigns/ID (the coverage page)" "p95 ≤ 20 ms" "not measured: answered $code"

read -r rps p95 p99 bad < <(load95 /visits -H "Authorization: Bearer $cadre" -s "$work/p95.lua")
row "GET /visits as a village cadre (64 conn)" "p99 ≤ 10 ms" "$rps req/s, p95 $p95 ms, p99 $p99 ms, non-2xx $bad"

served_as() { # served_as TOKEN PATH ENCODING -> bytes on the wire
  curl -s -H "Authorization: Bearer $1" -H "Accept-Encoding: $3" -o "$work/body" "$base$2"; stat -c %s "$work/body"
}
for path in /visits "/visits/new?household=$household"; do
  raw=$(served_as "$cadre" "$path" identity); br=$(served_as "$cadre" "$path" br)
  curl -s -H "Authorization: Bearer $cadre" "$base$path" >"$work/page.html"
  bundle="no bundle"; grep -q '/pkg/' "$work/page.html" && bundle="REFERENCES /pkg/"
  # The inline scripts' text (the page's only JavaScript when no bundle is referenced).
  python3 -c 'import re,sys; sys.stdout.write("".join(re.findall(r"<script[^>]*>(.*?)</script>", open(sys.argv[1]).read(), re.S)))' \
    "$work/page.html" >"$work/inline.js"
  read -r jraw _ jbr < <(size "$work/inline.js")
  label=${path%%\?*}
  row "HTML+inline CSS of $label, cadre (raw/br)" "≤ 14 KB compressed" "$(kb "$raw") / $(kb "$br")"
  row "JS+WASM of $label (inline script, br)" "village ≤ 30 KB" "$(kb "$jbr") ($(kb "$jraw") raw; $bundle)"
done
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
row "server peak RSS after the visit loads" "≤ 100 MB" "$(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')"
fi

# ---- Grievances ------------------------------------------------------------------------------
if section grievances; then
# A year of grievances in the same county: 1,000,000 by default (BENCH_GRIEVANCES to change).
grievances="${BENCH_GRIEVANCES:-1000000}"
target/release/minqing generate-grievances --county 130123 --grievances "$grievances" \
  >"$work/grievances.txt" 2>"$work/grievances.err" || die "generate-grievances failed: $(tail -5 "$work/grievances.err")"
row "generate $grievances grievances" "—" "$(awk '/^took/ { print $2 }' "$work/grievances.txt") s ($(head -1 "$work/grievances.txt" | sed 's/^generated //'))"

# The deadline job's first pass marks every case due soon or overdue; the second finds nothing.
for pass in first second; do
  out=$(target/release/minqing deadlines 2>/dev/null | tail -1)
  row "deadline job, $pass pass" "—" "${out#deadline job: }"
done

leader=$(login 130123 leader)
dept=$(login 130123 dept)
month=$(date -d '-30 days' +%F)
cases=("leader /api/v1/grievances?limit=25"
  "leader /api/v1/grievances?status=in_progress&limit=25"
  "leader /api/v1/grievances?overdue=1&limit=25"
  "leader /api/v1/grievances?from=$month&channel=phone&limit=25"
  "township /api/v1/grievances?status=replied&limit=25"
  "dept /api/v1/grievances?limit=25")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $leader" "$base/grievances")
[ "$code" = 200 ] && cases+=("leader /grievances" "leader /grievances?status=in_progress")
for case in "${cases[@]}"; do
  read -r who path <<<"$case"
  case $who in leader) token=$leader ;; dept) token=$dept ;; *) token=$township ;; esac
  read -r rps p95 p99 bad < <(load95 "$path" -H "Authorization: Bearer $token" -s "$work/p95.lua")
  row "GET $path as $who (64 conn)" "p95 ≤ 20 ms" "$rps req/s, p95 $p95 ms, p99 $p99 ms, non-2xx $bad"
done

# Case creation: walk-ins registered by the township at its first village.
category=$(curl -fs -H "Authorization: Bearer $township" "$base/api/v1/categories" |
  json '[c["id"] for c in d["items"] if c["parent_id"]][0]')
village=$(curl -fs -H "Authorization: Bearer $township" "$base/api/v1/org-units" |
  json '[u["id"] for u in d["items"] if u["kind"] == "village"][0]')
cat >"$work/grievance.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $township"
wrk.body = '{"channel":"walk_in","category_id":"$category","place_id":"$village","reporter_name":"王建国","reporter_phone":"13803110001","description":"村东头道路坑洼积水，雨天出行不便。"}'
LUA
cat "$work/p95.lua" >>"$work/grievance.lua"
read -r rps p95 p99 bad < <(load95 /api/v1/grievances -s "$work/grievance.lua")
row "POST /api/v1/grievances as township (64 conn)" "SQLite ≥ 5,000/s" "$rps cases/s, p95 $p95 ms, p99 $p99 ms, non-2xx $bad"

# The xlsx export of about 100,000 cases (a tenth of the year), time and the server's peak memory.
from=$(date -d '-36 days' +%F)
echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
start=$(date +%s.%N)
curl -fs -H "Authorization: Bearer $leader" -o "$work/grievances.xlsx" "$base/api/v1/grievances/export?from=$from"
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
rows=$(python3 -c 'import zipfile,re,sys; z=zipfile.ZipFile(sys.argv[1]); x=z.read("xl/worksheets/sheet1.xml").decode(); print(len(re.findall(r"<row ", x)) - 1)' "$work/grievances.xlsx")
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
row "xlsx export of $rows cases" "constant memory" "$took s, $(kb "$(stat -c %s "$work/grievances.xlsx")"), server peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')"
fi
