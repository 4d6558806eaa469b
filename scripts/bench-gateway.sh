#!/usr/bin/env bash
# What the gateway adds to a streamed chat: time to first token (TTFT) and tokens/s
# (a) straight through libcurl, (b) ProviderClient, (c) Gateway.streamChat with a warm health
# cache, and (d) the whole `codex chat -m` process; against a fast loopback SSE server and a
# real llama.cpp server (SmolLM2-135M, set up as in scripts/e2e-local-model.sh). Target: (c) adds < 5 ms TTFT.
# Usage: scripts/bench-gateway.sh [RUNS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-model.sh
runs="${1:-10}"
work="${2:-.build/e2e-llama}"
swift build -c release --product codex-bench 2>&1 | grep -E "error|warning: " || true
swift build -c release --product codex 2>&1 | grep -E "error|warning: " || true
bench=.build/release/codex-bench
codex=.build/release/codex
pids=()
tmp=$(mktemp -d)
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

echo "== fast loopback SSE server (256 events, no model)"
fast_port=$(local_model_free_port)
python3 scripts/bench-http-server.py "$fast_port" 256 > /dev/null &
pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$fast_port/small" && break; sleep 0.1; done
"$bench" gateway --url "http://127.0.0.1:$fast_port" --runs "$((runs * 5))" --max-tokens 256

echo "== real llama.cpp server, SmolLM2-135M-Instruct Q4_1, 2 threads"
model=$(local_model_setup "$work")
port=$(local_model_free_port)
local_model_start "$work" "$model" "$port"
pids+=("$LOCAL_MODEL_PID")
"$bench" gateway --url "http://127.0.0.1:$port" --model smollm2 --runs "$runs" --max-tokens 32

echo "== (d) codex chat -m as a process (new session each time; includes start-up, store, probe)"
CODEX_HOME="$tmp" MODEL_PROVIDER=openai-compatible OPENAI_COMPATIBLE_BASE_URL="http://127.0.0.1:$port/v1" \
    CODEX_BIN="$codex" STORE="$tmp/codex.sqlite" RUNS="$runs" python3 - <<'PY'
import os, subprocess, time, statistics
firsts, totals = [], []
for _ in range(int(os.environ["RUNS"])):
    start = time.perf_counter()
    proc = subprocess.Popen([os.environ["CODEX_BIN"], "chat", "--store", os.environ["STORE"], "-q",
                             "--max-tokens", "32", "-m", "Count from one to twenty in words."],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = None
    while True:
        byte = proc.stdout.read(1)
        if not byte:
            break
        if first is None and not byte.isspace():
            first = time.perf_counter() - start
    proc.wait()
    firsts.append(first or 0)
    totals.append(time.perf_counter() - start)
print(f"gateway: (d) codex chat -m process TTFT p50 {statistics.median(firsts) * 1000:8.2f} ms, "
      f"whole run p50 {statistics.median(totals) * 1000:.0f} ms")
PY
