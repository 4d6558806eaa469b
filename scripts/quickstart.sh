#!/usr/bin/env bash
# Sets up codex, indexes a folder and asks it a question, with no model server needed.
#   scripts/quickstart.sh [DIR] [QUESTION]
# Defaults: the sample documents shipped in docs/sample and a question about them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/docs/sample}"
question="${2:-How do I rotate the signing key?}"
"$root/scripts/setup.sh"
codex="$root/.build/release/codex"
store="${CODEX_STORE:-$root/.build/quickstart.sqlite}"
"$codex" ingest "$dir" --store "$store"
echo
"$codex" ask "$question" --store "$store"
