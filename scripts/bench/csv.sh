#!/usr/bin/env bash
# csv_summary (rows, column types, missing values, min/max/mean/median, top values) on a
# generated CSV, next to tools that only count its rows: Python's csv module and wc -l.
set -euo pipefail
source scripts/bench/lib.sh
mb=1024
quick && mb=20
w=$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-csv.XXXXXX")
trap 'rm -rf "$w"' EXIT
"$BENCH" csv --generate "$w/data.csv" --mb "$mb" >&2
rows=$(python3 -c "print(sum(1 for _ in open('$w/data.csv', 'rb')) - 1)")
timed csv-codex 1 "$BENCH csv --file $w/data.csv >/dev/null"
timed csv-python 1 "python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=\"\"))))' $w/data.csv >/dev/null"
timed csv-wc 1 "wc -l $w/data.csv >/dev/null"
for pair in "codex:codex csv_summary" "python:python csv.reader (count only)" "wc:wc -l (count only)"; do
    key=${pair%%:*} tool=${pair#*:}
    rec csv "rows/s" "$tool" "$(ratio "$rows" "$(python3 -c "print($(field "$BENCH_WORK/csv-$key.json" p50_ms)/1000)")")" rows/s higher
    rec csv "peak RSS MB" "$tool" "$(field "$BENCH_WORK/csv-$key.json" peak_rss_mb)" MB
done
