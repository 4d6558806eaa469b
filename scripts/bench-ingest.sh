#!/usr/bin/env bash
# Ingest benchmark: builds release, generates a synthetic corpus (Markdown + code) in a temp dir,
# and prints ingest MB/s and files/s (no embeddings), the re-ingest time of the unchanged corpus
# and of a 5,000-file tree, a Python chunk+FTS5 pipeline on the same corpus for comparison, and
# `codex ask` p50/p95 latency over 50 questions (skipped when `codex ask` is not available).
# Everything runs with --embedder none: the figures are the text phase (walk, extract, chunk,
# SQLite + FTS5); ask then answers from BM25 alone, with no model to load.
#   scripts/bench-ingest.sh [CORPUS_MB] [CORPUS_FILES]      defaults: 64 2000
# Targets (DESIGN.md): >= 50 MB/s ingest without embeddings; unchanged 5k-file re-ingest < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes="${1:-64}"
files="${2:-2000}"

swift build -c release --product codex 2>&1 | grep -E "error|warning: " || true
swift build -c release --product codex-bench 2>&1 | grep -E "error|warning: " || true
codex="$PWD/.build/release/codex"
bench="$PWD/.build/release/codex-bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-ingest.XXXXXX")"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every figure)"
echo "sqlite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'), $(swift --version 2>/dev/null | head -1)"
echo

"$bench" ingest-corpus "$work/corpus" "$megabytes" "$files"
corpus_bytes=$(du -sb "$work/corpus" | cut -f1)

# 1. Full ingest of the corpus into a fresh store.
start=$(now)
/usr/bin/time -f "%U %S %M" -o "$work/time.txt" \
    "$codex" ingest "$work/corpus" --store "$work/codex.sqlite" --embedder none --json --quiet > "$work/ingest.json"
end=$(now)
wall=$(elapsed "$start" "$end")
read -r user sys rss < "$work/time.txt"
bytes=$(field "$work/ingest.json" bytes)
count=$(field "$work/ingest.json" added)
chunks=$(field "$work/ingest.json" chunks)
python3 - "$bytes" "$count" "$chunks" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
b, n, c, w, u, s, rss = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), *map(float, sys.argv[4:8])
print(f"codex ingest:          {b/1048576:7.1f} MB, {n} files, {c} chunks in {w:.2f} s "
      f"= {b/1048576/w:6.1f} MB/s, {n/w:7.0f} files/s   (target >= 50 MB/s)")
print(f"                       cpu {u:.2f} s user + {s:.2f} s sys, peak RSS {rss/1024:.0f} MB")
PY
"$bench" ingest-chunk "$work/corpus" | sed 's/^/                       /'

# 2. Re-ingest of the unchanged corpus.
start=$(now)
"$codex" ingest "$work/corpus" --store "$work/codex.sqlite" --embedder none --json --quiet > "$work/again.json"
end=$(now)
echo "re-ingest unchanged:   $(elapsed "$start" "$end") s for $(field "$work/again.json" unchanged) unchanged files"

# 3. A 5,000-file tree: ingest, then time the unchanged re-ingest.
"$bench" ingest-corpus "$work/tree" 20 5000 > /dev/null
"$codex" ingest "$work/tree" --store "$work/tree.sqlite" --embedder none --quiet --json > /dev/null
start=$(now)
"$codex" ingest "$work/tree" --store "$work/tree.sqlite" --embedder none --json --quiet > "$work/tree.json"
end=$(now)
echo "re-ingest 5k tree:     $(elapsed "$start" "$end") s for $(field "$work/tree.json" unchanged) unchanged files   (target < 1 s)"

# 4. The peer: a straightforward Python pipeline (read, split paragraphs into ~800-character
#    chunks, SQLite FTS5 porter/unicode61, one transaction per file), as DESIGN.md's anchor.
python3 - "$work/corpus" "$work/python.sqlite" <<'PY'
import os, sqlite3, sys, time
root, path = sys.argv[1], sys.argv[2]
start = time.time()
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE chunk(id INTEGER PRIMARY KEY, path TEXT, start_line INT, end_line INT, text TEXT)")
db.execute("CREATE VIRTUAL TABLE chunk_fts USING fts5(text, content='chunk', content_rowid='id', tokenize='porter unicode61')")
db.execute("CREATE TRIGGER chunk_ai AFTER INSERT ON chunk BEGIN INSERT INTO chunk_fts(rowid, text) VALUES (new.id, new.text); END")
total = files = 0
for directory, _, names in os.walk(root):
    for name in names:
        full = os.path.join(directory, name)
        text = open(full, encoding="utf-8", errors="replace").read()
        total += len(text.encode()); files += 1
        rows, current, first, line = [], [], 1, 0
        for line, content in enumerate(text.split("\n"), 1):
            current.append(content)
            if sum(len(c) for c in current) > 800 and not content.strip():
                rows.append((full, first, line, "\n".join(current))); current, first = [], line + 1
        if current: rows.append((full, first, line, "\n".join(current)))
        db.execute("BEGIN")
        db.executemany("INSERT INTO chunk(path, start_line, end_line, text) VALUES (?, ?, ?, ?)", rows)
        db.execute("COMMIT")
wall = time.time() - start
print(f"python chunk+FTS5:     {total/1048576:7.1f} MB, {files} files in {wall:.2f} s = {total/1048576/wall:6.1f} MB/s, {files/wall:7.0f} files/s   (peer)")
PY

# 5. `codex ask` latency over 50 questions built from the corpus's own headings.
python3 - "$work/corpus" > "$work/questions.txt" <<'PY'
import os, random, sys
random.seed(7)
headings = []
for directory, _, names in sorted(os.walk(sys.argv[1])):
    for name in sorted(names):
        if name.endswith(".md"):
            for line in open(os.path.join(directory, name), encoding="utf-8"):
                if line.startswith("## "):
                    headings.append(line[3:].strip())
for heading in random.sample(headings, 50):
    print(f"how do I {heading.lower()}?")
PY
if "$codex" ask "$(head -1 "$work/questions.txt")" --store "$work/codex.sqlite" --json > /dev/null 2> "$work/ask.err"; then
    : > "$work/latencies.txt"
    while IFS= read -r question; do
        start=$(now)
        "$codex" ask "$question" --store "$work/codex.sqlite" --json > /dev/null 2>&1 || true
        end=$(now)
        elapsed "$start" "$end" >> "$work/latencies.txt"
    done < "$work/questions.txt"
    python3 - "$work/latencies.txt" <<'PY'
import sys
values = sorted(float(v) for v in open(sys.argv[1]))
p = lambda q: values[min(len(values) - 1, int(q * len(values)))]
print(f"codex ask (cold process, {len(values)} questions): p50 {p(0.5)*1000:.0f} ms, p95 {p(0.95)*1000:.0f} ms")
PY
else
    echo "codex ask: skipped ($(head -1 "$work/ask.err" | cut -c1-100))"
fi
