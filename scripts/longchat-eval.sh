#!/usr/bin/env bash
# A long chat with a real small model (llama.cpp's server and SmolLM2-135M-Instruct from PyPI, as
# in scripts/e2e-local-model.sh): facts stated among chit-chat and pastes three times the model's
# window, then each fact asked for. Prints one JSON line: how many facts the stored summary and the
# prompts sent still carry word for word, how many the model repeats, requests refused, time.
# Usage: scripts/longchat-eval.sh [--quick] [WORKDIR]
#   full: 40 turns, 10 facts, 4 pastes, a 2,048-token window (about 10 minutes on 2 cores)
#   --quick: 6 turns, 3 facts, 1 paste with a question, a 512-token window (under a minute on an
#            idle machine; CI runs it)
# CODEX=path picks the binary (default .build/release/codex if built, else .build/debug/codex).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/local-model.sh
quick=""
ctx=2048
if [[ "${1:-}" == --quick ]]; then
    quick=--quick
    ctx=512
    shift
fi
work="${1:-.build/e2e-llama}"
codex="${CODEX:-}"
if [[ -z "$codex" ]]; then
    codex=.build/release/codex
    [[ -x "$codex" ]] || codex=.build/debug/codex
fi
[[ -x "$codex" ]] || { echo "error: no codex binary at $codex (swift build first)" >&2; exit 1; }
codex="$(cd "$(dirname "$codex")" && pwd)/$(basename "$codex")"

model=$(local_model_setup "$work")
port=$(local_model_free_port)
tmp=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
local_model_start "$work" "$model" "$port" --ctx "$ctx"
server_pid=$LOCAL_MODEL_PID
echo "longchat: llama.cpp (SmolLM2-135M, window $ctx) on 127.0.0.1:$port, load $(cut -d' ' -f1 /proc/loadavg)" >&2
python3 scripts/longchat_eval.py "$codex" "http://127.0.0.1:$port" "$tmp" $quick
