#!/usr/bin/env bash
# Retrieval and answer quality on real corpora and their question sets: codex (hybrid, BM25 alone,
# vectors alone, one vector per file), refpipe (hybrid, BM25, vectors) and llm similar (one
# vector per file, as llm embed-multi stores them). Same metrics for all: the first answering
# file among the first 10 distinct files of the results, and the share of answering files in the
# first 5. The llm run also gives its cold per-query latency (a process per question).
set -euo pipefail
source scripts/bench/lib.sh
stores="$BENCH_WORK/stores"
mkdir -p "$stores"
for corpus in flask django; do
    label=$(python3 -c "print('$corpus'.capitalize())")
    docs="$BENCH_WORK/corpora/$corpus-docs"
    questions="$BENCH_WORK/corpora/$corpus-questions.json"
    glob='**/*.rst'
    [[ $corpus == django ]] && glob='**/*.txt'
    if [[ ! -f "$stores/$corpus-codex.sqlite" ]]; then  # django's come from the ingest area
        say "quality: indexing $label for codex, refpipe and llm"
        "$CODEX" ingest "$docs" --store "$stores/$corpus-codex.sqlite" --quiet
        $PY scripts/bench/peers/refpipe.py ingest "$docs" --db "$stores/$corpus-refpipe.sqlite" >/dev/null
        $PY scripts/bench/peers/llm_peer.py embed --root "$docs" --db "$stores/$corpus-llm.db" --glob "$glob" >/dev/null
    fi
    say "quality: $label, $(python3 -c "import json; print(len(json.load(open('$questions'))['questions']))") questions"
    "$BENCH" eval --corpus "$docs" --questions "$questions" --store "$stores/$corpus-codex.sqlite" \
        --collection default --label "$label" >&2
    $PY scripts/bench/peers/refpipe.py eval --db "$stores/$corpus-refpipe.sqlite" --questions "$questions" \
        --root "$docs" > "$BENCH_WORK/quality-$corpus-refpipe.jsonl"
    for mode in hybrid keyword semantic; do
        name="refpipe $(python3 -c "print({'hybrid': 'hybrid', 'keyword': 'BM25', 'semantic': 'vectors'}['$mode'])")"
        recjson quality "$name" --where mode=$mode "$label: hit@1=hit_at_1:hit@1:higher" "$label: hit@5=hit_at_5:hit@5:higher" \
            "$label: MRR@10=mrr_at_10:MRR@10:higher" "$label: recall@5=recall_at_5:recall@5:higher" \
            < "$BENCH_WORK/quality-$corpus-refpipe.jsonl"
    done
    limit=()
    quick && limit=(--limit 1)
    $PY scripts/bench/peers/llm_peer.py similar --root "$docs" --db "$stores/$corpus-llm.db" --questions "$questions" \
        "${limit[@]}" > "$BENCH_WORK/quality-$corpus-llm.jsonl"
    recjson quality "llm similar" --where op=eval "$label: hit@5=hit_at_5:hit@5:higher" \
        "$label: MRR@10=mrr_at_10:MRR@10:higher" "$label: recall@5=recall_at_5:recall@5:higher" \
        < "$BENCH_WORK/quality-$corpus-llm.jsonl"
done
# The Markdown set and the mixed-format set (DOCX/HTML/PDF/EPUB made with pandoc and Chromium),
# codex only: scripts/eval/run.sh records the same figures into $BENCH_RESULTS.
if command -v pandoc >/dev/null && command -v chromium >/dev/null; then
    EVAL_WORK="$BENCH_WORK/eval" scripts/eval/run.sh black attrs-mixed >&2
else
    EVAL_WORK="$BENCH_WORK/eval" scripts/eval/run.sh black >&2
    say "quality: no pandoc/chromium, so no mixed-format set (apt-get install pandoc chromium)"
fi
# llm similar's cold latency per question, on the Django store (as codex ask's, in the retrieval area).
python3 - "$BENCH_WORK/quality-django-llm.jsonl" <<'PY'
import json, subprocess, sys
r = [json.loads(l) for l in open(sys.argv[1]) if '"similar"' in l][-1]
for figure, value, unit in [("cold query, real corpus: p50 ms", r["p50_s"] * 1000, "ms"),
                            ("cold query, real corpus: p95 ms", r["p95_s"] * 1000, "ms"),
                            ("cold query, real corpus: peak RSS MB", r["peak_rss_mb"], "MB")]:
    subprocess.run([sys.executable, "scripts/bench/record.py", "add", "retrieval", figure, "llm similar", str(value), unit],
                   check=True)
PY
