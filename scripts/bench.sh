#!/usr/bin/env bash
# One benchmark suite: codex next to the tools its users would otherwise use, side by side in one
# run on this machine and the same inputs, written to docs/BENCHMARKS.md.
#   scripts/bench.sh            everything (about an hour on 2 cores); rewrites docs/BENCHMARKS.md
#   scripts/bench.sh --quick    small inputs, two areas at a time (a few minutes; CI runs it):
#                               checks that every figure is produced, writes .build/bench-quick/BENCHMARKS.md
#   scripts/bench.sh [--quick] AREA...   only those areas (ingest embedder quality retrieval
#                               gateway server bundles models csv archives longchat startup mcp), added to the last run's results
# Peers come from PyPI into .build-venv/peers (scripts/bench/peers/setup.sh); corpora are pinned
# sdists from PyPI (scripts/bench/corpora.sh). Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
if [[ "${1:-}" == --quick ]]; then
    mode=quick
    shift
fi
all_areas=(ingest embedder quality retrieval gateway server bundles models csv archives longchat startup mcp team)
areas=("$@")
((${#areas[@]})) || areas=("${all_areas[@]}")
export BENCH_MODE=$mode BENCH_WORK="$PWD/.build/bench-$mode"
export BENCH_RESULTS="$BENCH_WORK/results.jsonl"
mkdir -p "$BENCH_WORK"
(($# == 0)) && : > "$BENCH_RESULTS"
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

scripts/setup.sh
source scripts/lib/release.sh
release_build --product codex-bench 2>&1 | grep -E "error|warning: " | grep -v swift-distributed || true
scripts/bench/peers/setup.sh
scripts/bench/corpora.sh

# Each area's output is kept in logs/AREA.log, so a missing figure can be explained by the last
# lines of what should have produced it; a failing area does not stop the others.
mkdir -p "$BENCH_WORK/logs"
failures="$BENCH_WORK/logs/failed-areas"
: > "$failures"
for area in "${areas[@]}"; do
    [[ -x "scripts/bench/$area.sh" ]] || { echo "error: no benchmark area '$area'" >&2; exit 2; }
done
run_areas() {  # run_areas AREA...: one after the other; a failing area does not stop the rest
    local area
    for area in "$@"; do
        echo "bench: == $area ($(date +%T), load $(cut -d' ' -f1 /proc/loadavg))" >&2
        if ! "scripts/bench/$area.sh" 2>&1 | tee "$BENCH_WORK/logs/$area.log" >&2; then
            echo "bench: area $area failed; its log is $BENCH_WORK/logs/$area.log" >&2
            echo "$area" >> "$failures"
        fi
    done
}
if [[ $mode == quick && $# == 0 ]]; then
    # The quick suite checks the harness, not the figures, so it runs in two lanes at once (its
    # areas mostly wait on Python peers loading their models, a core each): the areas that
    # build on the ingest area's stores in turn, and the independent ones beside them.
    chained=(ingest quality retrieval) others=()
    for area in "${all_areas[@]}"; do [[ " ${chained[*]} " == *" $area "* ]] || others+=("$area"); done
    run_areas "${chained[@]}" &
    lane=$!
    run_areas "${others[@]}"
    wait "$lane"
else
    run_areas "${areas[@]}"
fi
mapfile -t failed < "$failures"

python3 scripts/bench/machine.py "$mode" "$load_before" "$(( $(date +%s) - started ))" > "$BENCH_WORK/machine.json"
report="$BENCH_WORK/BENCHMARKS.md"
[[ $mode == full ]] && report=docs/BENCHMARKS.md
python3 scripts/bench/report.py "$BENCH_RESULTS" "$BENCH_WORK/machine.json" scripts/bench/notes.md > "$report"
echo "bench: wrote $report ($(( $(date +%s) - started )) s)" >&2
python3 scripts/bench/report.py --check "$BENCH_RESULTS" "$mode" "$BENCH_WORK/logs"
((${#failed[@]} == 0)) || { echo "error: benchmark areas failed: ${failed[*]}" >&2; exit 1; }
