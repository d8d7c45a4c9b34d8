#!/usr/bin/env python3
"""A sign-in storm against a running server: N good sign-ins over C connections at once, as
when every cadre of a county signs in on Monday at 08:00. Prints one line:

  peak_rss_mb rss_after_mb p50_ms p99_ms ok busy_503 errors

peak RSS is sampled from /proc/PID/status while the storm runs (VmHWM is reset first where the
kernel allows), rss_after is VmRSS after IDLE seconds of quiet; errors are answers other than
200 and 503-with-Retry-After. A measurement, never a test.

usage: sign-in-storm.py BASE_URL SERVER_PID [N=200] [C=64] [IDLE=10]
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

base, pid = sys.argv[1], int(sys.argv[2])
total = int(sys.argv[3]) if len(sys.argv) > 3 else 200
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 64
idle = float(sys.argv[5]) if len(sys.argv) > 5 else 10
accounts = [(c, u) for c in ("130123", "130131", "130129")
            for u in ("leader", "township", "clerk", "cadre", "dept")]


def rss_kb(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


try:
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")
except OSError:
    pass

url = urllib.parse.urlsplit(base)
lock = threading.Lock()
next_index = [0]
latencies, statuses = [], []
peak = [rss_kb("VmRSS")]
running = [True]


def sampler():
    while running[0]:
        peak[0] = max(peak[0], rss_kb("VmRSS"))
        time.sleep(0.05)


def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    while True:
        with lock:
            i = next_index[0]
            if i >= total:
                break
            next_index[0] += 1
        county, username = accounts[i % len(accounts)]
        body = json.dumps({"county": county, "username": username, "password": "Minqing2026"})
        start = time.monotonic()
        try:
            conn.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if status == 503 and response.getheader("Retry-After") is None:
                status = -503
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        with lock:
            latencies.append((time.monotonic() - start) * 1000)
            statuses.append(status)
    conn.close()


threading.Thread(target=sampler, daemon=True).start()
threads = [threading.Thread(target=worker) for _ in range(connections)]
for t in threads:
    t.start()
for t in threads:
    t.join()
running[0] = False
peak[0] = max(peak[0], rss_kb("VmHWM") if rss_kb("VmHWM") else 0, rss_kb("VmRSS"))
time.sleep(idle)
after = rss_kb("VmRSS")
latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0


ok = statuses.count(200)
busy = statuses.count(503)
errors = len(statuses) - ok - busy
print(f"{peak[0] / 1024:.1f} {after / 1024:.1f} {pct(50):.0f} {pct(99):.0f} {ok} {busy} {errors}")
