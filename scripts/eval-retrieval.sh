#!/usr/bin/env bash
# Retrieval quality on a real documentation corpus: Flask 3.1.0's docs (the sdist from PyPI,
# pinned), 50 questions phrased as users ask them (scripts/eval/flask-3.1.0-questions.json).
# Prints hit@5 and MRR@10 for BM25 only, vectors only, hybrid, and one vector per file.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${EVAL_WORK:-.build/eval}"
mkdir -p "$work"
if [ ! -d "$work/flask-3.1.0/docs" ]; then
    python3 -m pip download --quiet --no-deps --no-binary :all: flask==3.1.0 -d "$work"
    tar xzf "$work/flask-3.1.0.tar.gz" -C "$work"
fi
swift build -c release --product codex-bench 2>&1 | grep -E "error|warning: " || true
.build/release/codex-bench eval --corpus "$work/flask-3.1.0/docs" \
    --questions scripts/eval/flask-3.1.0-questions.json --store "$work/eval.sqlite" "$@"
