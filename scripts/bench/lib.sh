# Shared by scripts/bench/*.sh (sourced): paths, the mode, and helpers that record figures.
# Every area script runs from the repository root with BENCH_RESULTS, BENCH_MODE (full|quick)
# and BENCH_WORK (scratch folder, kept between runs for the downloads) set by scripts/bench.sh.
: "${BENCH_RESULTS:?run scripts/bench.sh, which sets BENCH_RESULTS}"
: "${BENCH_MODE:=full}" "${BENCH_WORK:=.build/bench-$BENCH_MODE}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
source scripts/lib/release.sh
CODEX="$release_dir/codex"
BENCH="$release_dir/codex-bench"
PY="$PWD/.build-venv/peers/bin/python"
LLM="$PWD/.build-venv/peers/bin/llm"
export LLM_USER_PATH="$PWD/.build-venv/peers/llm-home"
RECORD="python3 $PWD/scripts/bench/record.py"
RUN="python3 $PWD/scripts/bench/run.py"

quick() { [[ "$BENCH_MODE" == quick ]]; }
# rec AREA FIGURE TOOL VALUE UNIT [lower|higher]
rec() { $RECORD add "$@"; }
# recjson AREA TOOL 'FIGURE=KEY:UNIT[:higher]'... < JSON line
recjson() { $RECORD json "$@"; }
say() { echo "bench: $*" >&2; }
# field FILE KEY: one value from a JSON file or line
field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])[sys.argv[2]])' "$1" "$2"; }
# textmb DIR: MB (10^6 bytes) of the files under DIR that are UTF-8 text without NUL bytes, the
# same count for every tool, so MB/s compares like with like (images and fonts are not text).
textmb() {
    python3 - "$1" <<'PY'
import os, sys
total = 0
for d, dirs, names in os.walk(sys.argv[1]):
    dirs[:] = [x for x in dirs if not x.startswith(".")]
    for n in names:
        if n.startswith("."):
            continue
        data = open(os.path.join(d, n), "rb").read()
        try:
            if b"\0" not in data:
                data.decode("utf-8")
                total += len(data)
        except UnicodeDecodeError:
            pass
print(total / 1e6)
PY
}
# timed NAME RUNS CMD...: runs CMD (a shell string) RUNS times with run.py; the JSON goes to $BENCH_WORK/NAME.json
timed() {
    local name=$1 runs=$2
    shift 2
    $RUN --runs "$runs" --warmup 0 -- sh -c "$*" > "$BENCH_WORK/$name.json"
    cat "$BENCH_WORK/$name.json" >&2
}
# ratio A B: A / B
ratio() { python3 -c "import sys; print(float(sys.argv[1]) / float(sys.argv[2]))" "$1" "$2"; }
