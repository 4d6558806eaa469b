#!/usr/bin/env bash
# MCP tool calls to the real mcp-server-time (PyPI, stdio): the first call (start the server,
# initialize, list tools, call) and a warm call on a running server, from codex's client
# (codex-bench mcp) and from the `mcp` Python SDK's client (peers/mcp_client.py), same server,
# same call. Both servers are Python, so the first call is dominated by the server's own start.
set -euo pipefail
source scripts/bench/lib.sh
scripts/mcp-fixtures.sh >&2
venv="$PWD/.build/mcp-venv"
first=10 warm=200
quick && first=2 warm=10
tool=get_current_time arguments='{"timezone": "UTC"}'
server=("$venv/bin/mcp-server-time" --local-timezone=UTC)
"$BENCH" mcp --first "$first" --warm "$warm" --tool "$tool" --arguments "$arguments" -- "${server[@]}" \
    | tee /dev/stderr \
    | recjson mcp codex "first call (start + handshake + call): p50 ms=first_p50_ms:ms" \
        "warm call: p50 ms=warm_p50_ms:ms" "warm call: p95 ms=warm_p95_ms:ms"
"$venv/bin/python" scripts/bench/peers/mcp_client.py --first "$first" --warm "$warm" --tool "$tool" \
    --arguments "$arguments" -- "${server[@]}" \
    | tee /dev/stderr \
    | recjson mcp "mcp Python SDK" "first call (start + handshake + call): p50 ms=first_p50_ms:ms" \
        "warm call: p50 ms=warm_p50_ms:ms" "warm call: p95 ms=warm_p95_ms:ms"
