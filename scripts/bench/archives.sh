#!/usr/bin/env bash
# Archives and compressed files: Debian's /usr/share/doc ingested with and without them (files
# read, skipped with reasons, MB/s), and save-to-searchable latency under `codex ingest --watch`.
# Standalone too: `scripts/bench/archives.sh [TREE]` prints the table (needs .build/release/codex).
set -euo pipefail
export BENCH_RESULTS="${BENCH_RESULTS:-}"
source scripts/lib/release.sh
codex="${CODEX:-$release_dir/codex}"
saves=10
[[ "${BENCH_MODE:-full}" == quick ]] && saves=3
python3 scripts/bench/archives.py "$codex" "${1:-/usr/share/doc}" --saves "$saves"
