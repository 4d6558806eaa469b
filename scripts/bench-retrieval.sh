#!/usr/bin/env bash
# Retrieval latency at 10k and 100k chunks (synthetic text and vectors): warm in-process BM25,
# vector scan and hybrid search; cold `codex ask --no-generate` per query (a new process each
# time, with its peak RSS); and numpy's brute-force scan of the same vectors for comparison.
#   scripts/bench-retrieval.sh [SIZES...]    default: 10000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 100000}")
[[ $# -eq 0 ]] && sizes=(10000 100000)
swift build -c release --product codex-bench 2>&1 | grep -E "error|warning: " || true
swift build -c release --product codex 2>&1 | grep -E "error|warning: " || true
scripts/setup.sh --no-build >/dev/null
work="$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-retrieval.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
    echo
    echo "== $n chunks"
    .build/release/codex-bench retrieval --chunks "$n" --queries 200 --store "$work/r$n.sqlite"
    # Cold: a fresh process per question (page cache warm, as on a laptop in use).
    python3 - "$work/r$n.sqlite" <<'PY'
import os, resource, statistics, subprocess, sys, time
store = sys.argv[1]
words = ["kavo", "relisu", "dama", "notefi", "bazo", "pomi", "sulo", "tera"]
times, rss = [], []
for i in range(20):
    q = " ".join(words[(i + j) % len(words)] for j in range(3))
    start = time.perf_counter()
    p = subprocess.run([".build/release/codex", "ask", q, "--no-generate", "--store", store, "--json"],
                       capture_output=True)
    times.append((time.perf_counter() - start) * 1000)
    if p.returncode != 0:
        sys.exit("codex ask failed: " + p.stderr.decode())
    rss.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
times.sort()
print(f"cold codex ask --no-generate (hybrid, embeds the question): p50 {statistics.median(times):.0f} ms, "
      f"p95 {times[int(len(times) * 0.95) - 1]:.0f} ms, peak RSS {max(rss):.0f} MB")
PY
    python3 - "$n" <<'PY'
import sys, time
import numpy as np
n = int(sys.argv[1])
rng = np.random.default_rng(1)
m = rng.standard_normal((n, 384)).astype(np.float32)
m /= np.linalg.norm(m, axis=1, keepdims=True)
qs = rng.standard_normal((200, 384)).astype(np.float32)
ts = []
for q in qs:
    t = time.perf_counter(); s = m @ q; idx = np.argpartition(-s, 50)[:50]; idx = idx[np.argsort(-s[idx])]
    ts.append((time.perf_counter() - t) * 1000)
ts.sort()
print(f"numpy brute force float32 (top 50): p50 {ts[len(ts)//2]:.2f} ms, p95 {ts[int(len(ts)*0.95)]:.2f} ms")
PY
done
