#!/usr/bin/env bash
# Retrieval latency. On the real corpus (the Django store the ingest area built): a cold query
# per process (codex ask --no-generate; refpipe query; llm similar's comes from the quality
# area) and a warm hybrid query with its embedding in a long-running process (codex-bench warm;
# refpipe warm). At scale, on synthetic stores: warm exact vector search against numpy and
# sqlite-vec on the same vectors, warm BM25 and hybrid, and cold codex ask.
set -euo pipefail
source scripts/bench/lib.sh
stores="$BENCH_WORK/stores"
questions="$BENCH_WORK/corpora/django-questions.json"
cold=20 peer_cold=(--runs 20)
# refpipe loads its model in every process (seconds each): the quick run times one.
quick && cold=3 peer_cold=(--runs 1 --warmup 0)

say "retrieval: cold queries on the Django store"
$RUN --runs "$cold" --questions "$questions" -- "$CODEX" ask {} --no-generate --store "$stores/django-codex.sqlite" \
    > "$BENCH_WORK/cold-codex.json"
$RUN "${peer_cold[@]}" --questions "$questions" -- $PY scripts/bench/peers/refpipe.py query --db "$stores/django-refpipe.sqlite" {} \
    > "$BENCH_WORK/cold-refpipe.json"
for tool in codex refpipe; do
    recjson retrieval "$tool" "cold query, real corpus: p50 ms=p50_ms:ms" "cold query, real corpus: p95 ms=p95_ms:ms" \
        "cold query, real corpus: peak RSS MB=peak_rss_mb:MB" < "$BENCH_WORK/cold-$tool.json"
done

say "retrieval: warm hybrid queries with embedding on the Django store"
"$BENCH" warm --store "$stores/django-codex.sqlite" --questions "$questions" >&2
$PY scripts/bench/peers/refpipe.py warm --db "$stores/django-refpipe.sqlite" --queries "$questions" --repeat 2 \
    | recjson retrieval refpipe "warm hybrid query with embedding, real corpus: p50 ms=p50_ms:ms" \
        "warm hybrid query with embedding, real corpus: p95 ms=p95_ms:ms"

sizes=(10000:10k 100000:100k)
quick && sizes=(1000:1k 5000:5k)
for pair in "${sizes[@]}"; do
    n=${pair%%:*} label=${pair##*:}
    dump="$BENCH_WORK/vectors-$label"
    say "retrieval: synthetic store of $label chunks"
    BENCH_RESULTS="$BENCH_RESULTS" "$BENCH" retrieval --chunks "$n" --queries 200 --store "$BENCH_WORK/synthetic-$label.sqlite" \
        --label "$label" --dump "$dump" >&2
    for peer in numpy sqlite-vec; do
        $PY scripts/bench/peers/vector_peers.py --vectors "$dump/vectors.f32" --queries "$dump/queries.f32" --peers "$peer" \
            | recjson retrieval "$peer" --where peer=$peer "warm exact top-50 vector search, $label: p50 ms=p50_ms:ms" \
                "warm exact top-50 vector search, $label: p95 ms=p95_ms:ms"
    done
    $RUN --runs "$cold" --questions "$dump/questions.json" -- "$CODEX" ask {} --no-generate \
        --store "$BENCH_WORK/synthetic-$label.sqlite" > "$BENCH_WORK/cold-$label.json"
    recjson retrieval codex "cold codex ask --no-generate, $label: p50 ms=p50_ms:ms" \
        "cold codex ask --no-generate, $label: peak RSS MB=peak_rss_mb:MB" < "$BENCH_WORK/cold-$label.json"
    rm -rf "$dump" "$BENCH_WORK/synthetic-$label.sqlite"*
done
