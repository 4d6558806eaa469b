#!/usr/bin/env bash
# The embedder's figures must not depend on the OpenBLAS kernel set the environment forces: some
# machines of this kind set OPENBLAS_CORETYPE=Haswell and OPENBLAS_L2_SIZE=512, and the quick
# suite once recorded no codex figures there. Runs `codex-bench embed` on a few texts with and
# without them, records both through the area's own recorder, and checks that each run produced
# every codex embedder figure under the name `codex`; then runs the embedder's parity tests (the
# vectors against sentence-transformers) under the forced kernel set. A minute or less.
# Needs the release codex-bench and the quick suite's inputs (scripts/bench.sh --quick ran first).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/release.sh
inputs=.build/bench-quick/embedder
test -f "$inputs/chunks.json" || { echo "error: run scripts/bench.sh --quick first (it makes $inputs)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for forced in "" "OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512"; do
    : > "$work/lines.jsonl"
    for input in chunks queries; do
        for batch in 32 1; do
            [[ $input == queries && $batch == 32 ]] && continue
            env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $forced "$release_dir/codex-bench" embed \
                "$inputs/$input.json" --batch $batch --threads 2 --limit 4 \
                | sed "s/^{/{\"input\":\"$input\",/" >> "$work/lines.jsonl"
        done
    done
    : > "$work/results.jsonl"
    BENCH_RESULTS="$work/results.jsonl" python3 scripts/bench/embedder_record.py "$work/lines.jsonl"
    python3 - "$work/results.jsonl" "${forced:-no forced kernel set}" <<'PY'
import json, sys
sys.path.insert(0, "scripts/bench")
from report import CATALOGUE
recorded = {(r["figure"], r["tool"]) for r in map(json.loads, open(sys.argv[1]))}
wanted = [figure for figure, tools, _ in CATALOGUE["embedder"][2] if "codex" in tools]
missing = [f for f in wanted if (f, "codex") not in recorded]
if missing:
    sys.exit(f"kernel-set check ({sys.argv[2]}): no codex figure for: {'; '.join(missing)}; recorded: {sorted(recorded)}")
print(f"kernel-set check ({sys.argv[2]}): all {len(wanted)} codex embedder figures recorded", file=sys.stderr)
PY
done
OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512 swift test --skip-build --filter BuiltinEmbedder 2>&1 | tail -2
