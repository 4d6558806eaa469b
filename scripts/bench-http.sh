#!/usr/bin/env bash
# HTTP layer figures (release build) next to curl's, against a loopback Python server.
# Usage: scripts/bench-http.sh [EVENTS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-50000}"
requests="${2:-200}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

swift build -c release --static-swift-stdlib --product codex-bench >/dev/null
python3 scripts/bench/sse_server.py "$port" "$events" > /tmp/codex-bench-http.$$ &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f /tmp/codex-bench-http.$$' EXIT
for _ in $(seq 1 100); do [ -s /tmp/codex-bench-http.$$ ] && break; sleep 0.05; done
echo "machine: $(nproc) cores, $(uname -m), libcurl $(curl-config --version | cut -d' ' -f2)"

.build/release/codex-bench http --url "http://127.0.0.1:$port" --requests "$requests"

# Peer: the curl command-line tool (same libcurl). It reuses one connection for the small
# requests, while codex opens a fresh one per request (one easy handle per exchange).
urls=$(for _ in $(seq 1 "$requests"); do printf -- '-o /dev/null http://127.0.0.1:%s/small ' "$port"; done)
# shellcheck disable=SC2086
curl -s -w '%{time_total}\n' $urls | sort -n | awk -v n="$requests" '
    { t[NR] = $1 * 1000; sum += t[NR] }
    END { printf "curl: GET latency over loopback, %d requests: p50 %.3f ms, p99 %.3f ms, mean %.3f ms\n", n, t[int(n/2)+1], t[int(n*0.99)+1], sum/n }'
curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$port/big" | awk '
    { printf "curl: raw body %.1f MiB in %.3f ms = %.1f MiB/s\n", $1/1048576, $2*1000, $1/1048576/$2 }'
