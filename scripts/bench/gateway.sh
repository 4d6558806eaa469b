#!/usr/bin/env bash
# What codex adds between a client and a model server: time to first token and tokens/s,
# straight through libcurl, through codex's gateway in-process, and through `codex serve`'s
# OpenAI-compatible /v1/chat/completions; against a real llama.cpp server (SmolLM2-135M from
# PyPI) and a fast loopback server that answers at once.
set -euo pipefail
source scripts/bench/lib.sh
source scripts/lib/local-model.sh
runs=20
quick && runs=3
w=$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-gateway.XXXXXX")
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$w"' EXIT

serve() {  # serve UPSTREAM_URL [MODEL]: codex serve in front of an OpenAI-compatible server; sets SERVE_URL
    local port
    port=$(local_model_free_port)
    CODEX_HOME="$w" MODEL_PROVIDER=openai-compatible OPENAI_COMPATIBLE_BASE_URL="$1/v1" OPENAI_COMPATIBLE_MODEL="${2:-}" \
        "$CODEX" serve --port "$port" --store "$w/serve-$port.sqlite" > "$w/serve-$port.log" 2>&1 &
    pids+=($!)
    SERVE_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do curl -sf "$SERVE_URL/health" >/dev/null && return 0; sleep 0.05; done
    echo "error: codex serve did not start; see $w/serve-$port.log" >&2
    return 1
}

say "gateway: fast loopback server"
port=$(local_model_free_port)
python3 scripts/bench/sse_server.py "$port" 64 > /dev/null &
pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/small" && break; sleep 0.1; done
"$BENCH" gateway --url "http://127.0.0.1:$port" --runs $((runs * 5)) --max-tokens 64 --label "fast loopback server" \
    --no-rate >&2
serve "http://127.0.0.1:$port" bench  # it lists no models, so name one
"$BENCH" gateway --url "$SERVE_URL" --model codex --runs $((runs * 5)) --max-tokens 64 --label "fast loopback server" \
    --only-direct "codex serve /v1" --no-rate >&2

say "gateway: llama.cpp server with SmolLM2-135M-Instruct"
model=$(local_model_setup "$BENCH_WORK/../e2e-llama")
port=$(local_model_free_port)
local_model_start "$BENCH_WORK/../e2e-llama" "$model" "$port"
pids+=("$LOCAL_MODEL_PID")
"$BENCH" gateway --url "http://127.0.0.1:$port" --model smollm2 --runs "$runs" --max-tokens 32 --label llama.cpp \
    --direct-tool "llama.cpp direct" >&2
serve "http://127.0.0.1:$port"
"$BENCH" gateway --url "$SERVE_URL" --model codex --runs "$runs" --max-tokens 32 --label llama.cpp \
    --only-direct "codex serve /v1" >&2
