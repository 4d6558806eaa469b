#!/usr/bin/env bash
# Bundle export and import (sessions plus the collections they cite) next to tools doing part of
# the same work on the same bytes: GNU tar + gzip packing and unpacking the extracted bundle
# (no hashing, checks or store), and Python's json module parsing the JSON bundle.
set -euo pipefail
source scripts/bench/lib.sh
messages=100000
quick && messages=5000
w=$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-bundles.XXXXXX")
trap 'rm -rf "$w"' EXIT
"$BENCH" bundle --messages "$messages" --formats tar.gz,json --keep "$w" >&2
bundle="$w/bundle-$messages.tar.gz"
mb=$(python3 -c "import os; print(os.path.getsize('$bundle') / 1e6)")
json_mb=$(python3 -c "import os; print(os.path.getsize('$w/bundle-$messages.json') / 1e6)")
mkdir -p "$w/x"
tar -xzf "$bundle" -C "$w/x"
timed bundle-tar-pack 3 "tar -czf $w/peer.tar.gz -C $w/x ."
timed bundle-tar-unpack 3 "rm -rf $w/y && mkdir $w/y && tar -xzf $bundle -C $w/y"
timed bundle-json-load 3 "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $w/bundle-$messages.json"
rec bundles "tar.gz export: MB/s" "tar -czf (pack only)" "$(ratio "$mb" "$(python3 -c "print($(field "$BENCH_WORK/bundle-tar-pack.json" p50_ms)/1000)")")" MB/s higher
rec bundles "tar.gz import: MB/s" "tar -xzf (unpack only)" "$(ratio "$mb" "$(python3 -c "print($(field "$BENCH_WORK/bundle-tar-unpack.json" p50_ms)/1000)")")" MB/s higher
rec bundles "JSON import: MB/s" "python json.load (parse only)" "$(ratio "$json_mb" "$(python3 -c "print($(field "$BENCH_WORK/bundle-json-load.json" p50_ms)/1000)")")" MB/s higher
