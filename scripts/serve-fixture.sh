#!/usr/bin/env bash
# Starts the fixture model and `codex serve` on free loopback ports with a temp store; sourced by
# the server scripts. Sets MODEL_PID, SERVER_PID, CODEX_URL, WORK; `stop_servers` stops both.
# Usage: source scripts/serve-fixture.sh [debug|release] [model delay ms]
config="${1:-debug}"
delay="${2:-0}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d /tmp/codex-serve.XXXXXX)
model_port=$(free_port)
server_port=$(free_port)
python3 scripts/fixture-model.py "$model_port" --delay-ms "$delay" &
MODEL_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$model_port/api/version" >/dev/null && break; sleep 0.05; done
CODEX_HOME="$WORK" OLLAMA_HOST="http://127.0.0.1:$model_port" OLLAMA_MODEL=fixture \
    ".build/$config/codex" serve --port "$server_port" --ingest-root "$WORK" --max-concurrent 200 &
SERVER_PID=$!
CODEX_URL="http://127.0.0.1:$server_port"
stop_servers() {
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    kill "$MODEL_PID" 2>/dev/null && wait "$MODEL_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
for _ in $(seq 1 200); do curl -sf "$CODEX_URL/health" >/dev/null && break; sleep 0.05; done
curl -sf "$CODEX_URL/health" >/dev/null || { echo "codex serve did not start" >&2; stop_servers; exit 1; }
