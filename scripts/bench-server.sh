#!/usr/bin/env bash
# Bounded load test of `codex serve` (release build) with the fast fixture model, loopback only.
# Usage: scripts/bench-server.sh [REQUESTS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product codex >/dev/null
source scripts/serve-fixture.sh release
trap stop_servers EXIT
echo "machine: $(nproc) cores, $(uname -m)"
python3 scripts/bench-server.py "$CODEX_URL" "$SERVER_PID" "${1:-2000}" "${2:-50}"
