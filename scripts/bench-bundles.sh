#!/usr/bin/env bash
# Bundle export/import throughput and peak memory for 10k and 100k messages (release build),
# next to peers doing part of the same work on the same bytes: GNU tar + gzip/zstd re-packing the
# extracted bundle, and Python's json module parsing the JSON bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product codex-bench >/dev/null
BENCH=.build/release/codex-bench
WORK=$(mktemp -d /tmp/codex-bundle-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for n in ${MESSAGES:-10000 100000}; do
    mkdir -p "$WORK/$n"
    "$BENCH" bundle --messages "$n" --keep "$WORK/$n" "$@"
    echo "peers on the same $n-message bundle:"
    mkdir -p "$WORK/$n/x"
    tar -xzf "$WORK/$n/bundle-$n.tar.gz" -C "$WORK/$n/x"
    /usr/bin/time -f "  tar -czf (pack only, no hashing or store):   %e s, peak %M KB" \
        tar -czf "$WORK/$n/peer.tar.gz" -C "$WORK/$n/x" .
    if command -v zstd >/dev/null; then
        /usr/bin/time -f "  tar --zstd -cf (pack only):                  %e s, peak %M KB" \
            tar --zstd -cf "$WORK/$n/peer.tar.zst" -C "$WORK/$n/x" .
    fi
    /usr/bin/time -f "  tar -xzf (unpack only, no checks or store):  %e s, peak %M KB" \
        tar -xzf "$WORK/$n/bundle-$n.tar.gz" -C "$WORK/$n/x"
    /usr/bin/time -f "  python3 json.load (parse only):              %e s, peak %M KB" \
        python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$WORK/$n/bundle-$n.json"
    rm -rf "$WORK/$n"
done
