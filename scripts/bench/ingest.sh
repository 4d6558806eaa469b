#!/usr/bin/env bash
# Ingest: codex next to refpipe (a hand-written SQLite FTS5 + MiniLM pipeline) and llm embed-multi,
# on the same real corpus. Each tool times whole processes (start-up included) into fresh stores.
set -euo pipefail
source scripts/bench/lib.sh
corpus="$BENCH_WORK/corpora/django-docs"
big="$BENCH_WORK/corpora/django-sdist"
w="$BENCH_WORK/ingest"
rm -rf "$w" && mkdir -p "$w"
runs=5
quick && runs=1
docs_mb=$(textmb "$corpus")
big_mb=$(textmb "$big")

say "ingest: text phase, no embeddings ($docs_mb MB of text, $runs runs each)"
timed ingest-codex "$runs" "rm -f $w/c.sqlite*; $CODEX ingest $corpus --store $w/c.sqlite --embedder none --quiet"
timed ingest-refpipe "$runs" "rm -f $w/r.sqlite*; $PY scripts/bench/peers/refpipe.py ingest $corpus --db $w/r.sqlite --no-embed >/dev/null"
for tool in codex refpipe; do
    seconds=$(python3 -c "print($(field "$BENCH_WORK/ingest-$tool.json" p50_ms) / 1000)")
    rec ingest "text phase, no embeddings: MB/s" "$tool" "$(ratio "$docs_mb" "$seconds")" MB/s higher
    rec ingest "text phase, no embeddings: peak RSS MB" "$tool" "$(field "$BENCH_WORK/ingest-$tool.json" peak_rss_mb)" MB
done

say "ingest: text phase, no embeddings, larger tree ($big_mb MB of text)"
timed ingest-big-codex "$runs" "rm -f $w/cb.sqlite*; $CODEX ingest $big --store $w/cb.sqlite --embedder none --quiet"
timed ingest-big-refpipe "$runs" "rm -f $w/rb.sqlite*; $PY scripts/bench/peers/refpipe.py ingest $big --db $w/rb.sqlite --no-embed >/dev/null"
for tool in codex refpipe; do
    seconds=$(python3 -c "print($(field "$BENCH_WORK/ingest-big-$tool.json" p50_ms) / 1000)")
    rec ingest "text phase, no embeddings, larger tree: MB/s" "$tool" "$(ratio "$big_mb" "$seconds")" MB/s higher
done
rm -f "$w"/cb.sqlite* "$w"/rb.sqlite*
# How fast codex's own part (read, extract, chunk) runs without SQLite, for the notes on the target.
"$BENCH" ingest-chunk "$big" >&2

# With embeddings, into the stores the quality and retrieval areas then query.
stores="$BENCH_WORK/stores"
rm -rf "$stores" && mkdir -p "$stores"
say "ingest: with the built-in embedder (one run each)"
timed embed-codex 1 "$CODEX ingest $corpus --store $stores/django-codex.sqlite --quiet"
timed embed-refpipe 1 "$PY scripts/bench/peers/refpipe.py ingest $corpus --db $stores/django-refpipe.sqlite >/dev/null"
timed embed-llm 1 "$PY scripts/bench/peers/llm_peer.py embed --root $corpus --db $stores/django-llm.db --glob '**/*.txt' >/dev/null"
for tool in codex refpipe llm; do
    name=$tool
    [[ $tool == llm ]] && name="llm embed-multi"
    seconds=$(python3 -c "print($(field "$BENCH_WORK/embed-$tool.json" p50_ms) / 1000)")
    rec ingest "with the built-in embedder: total s" "$name" "$seconds" s
    rec ingest "with the built-in embedder: MB/s" "$name" "$(ratio "$docs_mb" "$seconds")" MB/s higher
    rec ingest "with the built-in embedder: peak RSS MB" "$name" "$(field "$BENCH_WORK/embed-$tool.json" peak_rss_mb)" MB
done

# Per token: the tools cut the text differently, so seconds alone would not compare like with like.
$PY scripts/bench/embedded_tokens.py "$stores/django-codex.sqlite" "$stores/django-refpipe.sqlite" "$corpus" .txt \
    > "$BENCH_WORK/embedded-tokens.json"
for tool in codex refpipe llm; do
    name=$tool
    [[ $tool == llm ]] && name="llm embed-multi"
    tokens=$(field "$BENCH_WORK/embedded-tokens.json" "$tool")
    seconds=$(python3 -c "print($(field "$BENCH_WORK/embed-$tool.json" p50_ms) / 1000)")
    rec ingest "with the built-in embedder: tokens embedded" "$name" "$tokens" tokens higher
    rec ingest "with the built-in embedder: tokens/s" "$name" "$(ratio "$tokens" "$seconds")" tokens/s higher
done

say "ingest: re-ingest of the unchanged corpus"
timed again-codex "$runs" "$CODEX ingest $corpus --store $stores/django-codex.sqlite --quiet"
timed again-refpipe "$runs" "$PY scripts/bench/peers/refpipe.py ingest $corpus --db $stores/django-refpipe.sqlite >/dev/null"
for tool in codex refpipe; do
    rec ingest "re-ingest, unchanged: s" "$tool" "$(python3 -c "print($(field "$BENCH_WORK/again-$tool.json" p50_ms) / 1000)")" s
done

say "ingest: re-ingest after editing 1% of the files (a line appended; embeddings redone)"
# -p: the restored files keep their times, so putting them back is the same small change again
# (without it every file looked new to refpipe, which then re-embedded the whole corpus).
cp -rp "$corpus" "$w/original"
python3 - "$corpus" <<'PY'
import os, sys
files = sorted(os.path.join(d, n) for d, _, names in os.walk(sys.argv[1]) for n in names if n.endswith(".txt"))
for path in files[::100]:
    with open(path, "a") as f:
        f.write("\nEdited for the benchmark: this line changes the file.\n")
print(f"edited {len(files[::100])} of {len(files)} files", file=sys.stderr)
PY
timed edited-codex 1 "$CODEX ingest $corpus --store $stores/django-codex.sqlite --quiet"
timed edited-refpipe 1 "$PY scripts/bench/peers/refpipe.py ingest $corpus --db $stores/django-refpipe.sqlite >/dev/null"
for tool in codex refpipe; do
    rec ingest "re-ingest after editing 1% of files: s" "$tool" "$(python3 -c "print($(field "$BENCH_WORK/edited-$tool.json" p50_ms) / 1000)")" s
done
# Put the corpus back as shipped, and the stores with it, for the areas that follow.
rm -rf "$corpus" && mv "$w/original" "$corpus"
"$CODEX" ingest "$corpus" --store "$stores/django-codex.sqlite" --quiet
$PY scripts/bench/peers/refpipe.py ingest "$corpus" --db "$stores/django-refpipe.sqlite" >/dev/null

say "ingest: unchanged re-ingest of a 5,000-file tree"
files=5000
quick && files=500
"$BENCH" ingest-corpus "$w/tree" 8 "$files" >&2
"$CODEX" ingest "$w/tree" --store "$w/tree.sqlite" --embedder none --quiet
timed tree-codex "$runs" "$CODEX ingest $w/tree --store $w/tree.sqlite --embedder none --quiet"
rec ingest "re-ingest, unchanged 5,000-file tree: s" codex "$(python3 -c "print($(field "$BENCH_WORK/tree-codex.json" p50_ms) / 1000)")" s
rm -rf "$w"
