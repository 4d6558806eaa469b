#!/usr/bin/env bash
# csv_summary on a generated CSV (default 1 GB; `scripts/bench-csv.sh 100` for 100 MB): rows/s and
# peak RSS, next to peers reading the same file: wc -l, and Python's csv module counting rows.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1024}
swift build -c release --product codex-bench >/dev/null
BENCH=.build/release/codex-bench
WORK=$(mktemp -d /tmp/codex-csv-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$BENCH" csv --generate "$WORK/data.csv" --mb "$MB"
/usr/bin/time -f "  (process: %e s wall, peak %M KB)" "$BENCH" csv --file "$WORK/data.csv" | tail -1
echo "peers on the same file:"
/usr/bin/time -f "  wc -l (count lines only):                 %e s, peak %M KB" wc -l "$WORK/data.csv" >/dev/null
/usr/bin/time -f "  python3 csv.reader (count rows only):     %e s, peak %M KB" \
    python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=''))))" "$WORK/data.csv" >/dev/null
