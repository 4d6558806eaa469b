#!/usr/bin/env bash
# Start-up as a user feels it: a whole process, 30 runs each (page cache warm, as on a laptop in
# use): codex and llm's --version and --help, and one question answered from a tiny store with
# no model server (codex ask --no-generate; refpipe query; llm similar).
set -euo pipefail
source scripts/bench/lib.sh
runs=30
# The Python peers load their embedding model in each process (llm loads its plugins, torch among
# them, even for --version; seconds each): a third as many runs.
peer_runs=(--runs "$((runs / 3 + 1))")
quick && { runs=3; peer_runs=(--runs 1 --warmup 0); }
w=$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-startup.XXXXXX")
trap 'rm -rf "$w"' EXIT
$RUN --runs "$runs" -- "$CODEX" --version | recjson startup codex "--version: p50 ms=p50_ms:ms"
$RUN --runs "$runs" -- "$CODEX" --help | recjson startup codex "--help: p50 ms=p50_ms:ms"
$RUN "${peer_runs[@]}" -- "$LLM" --version | recjson startup llm "--version: p50 ms=p50_ms:ms"
$RUN "${peer_runs[@]}" -- "$LLM" --help | recjson startup llm "--help: p50 ms=p50_ms:ms"

# A tiny store: the sample handbook shipped in docs/sample, indexed by each tool.
"$CODEX" ingest docs/sample --store "$w/codex.sqlite" --quiet
$PY scripts/bench/peers/refpipe.py ingest docs/sample --db "$w/refpipe.sqlite" >/dev/null
$PY scripts/bench/peers/llm_peer.py embed --root docs/sample --db "$w/llm.db" --glob '**/*.md' >/dev/null
question="How do I rotate the signing key?"
$RUN --runs "$runs" -- "$CODEX" ask "$question" --no-generate --store "$w/codex.sqlite" \
    | recjson startup codex "ask on a tiny store: p50 ms=p50_ms:ms"
$RUN "${peer_runs[@]}" -- $PY scripts/bench/peers/refpipe.py query --db "$w/refpipe.sqlite" "$question" \
    | recjson startup refpipe "ask on a tiny store: p50 ms=p50_ms:ms"
$RUN "${peer_runs[@]}" -- "$LLM" similar docs -c "$question" -n 6 -d "$w/llm.db" \
    | recjson startup "llm similar" "ask on a tiny store: p50 ms=p50_ms:ms"
