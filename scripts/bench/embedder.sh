#!/usr/bin/env bash
# Built-in embedder (as it runs, and with float32 products only) vs onnxruntime (an ONNX export of
# the same model, made here offline, and onnxruntime's dynamic int8 quantisation of it) and
# PyTorch (sentence-transformers): the same texts, 2 threads each, each configuration in its
# own process. Rounds interleave the runtimes; each keeps its best round (CPU ms is the steady
# figure when the machine is shared).
set -euo pipefail
source scripts/bench/lib.sh
w="$BENCH_WORK/embedder"
model=models/all-minilm-l6-v2
mkdir -p "$w"
rounds=2
limit=300
quick && { rounds=1; limit=16; }
test -f "$w/chunks.json" || $PY scripts/bench/peers/embedder_peer.py inputs "$w"
test -f "$w/model.onnx" || { say "embedder: exporting ONNX"; $PY scripts/bench/peers/embedder_peer.py export "$model" "$w/model.onnx" 2>/dev/null; }
# onnxruntime's own dynamic int8 quantisation of that export: the reduced-precision peer.
test -f "$w/model-int8.onnx" || $PY scripts/bench/peers/embedder_peer.py quantize "$w/model.onnx" "$w/model-int8.onnx" 2>/dev/null
results="$w/results.jsonl"
: > "$results"
for _ in $(seq "$rounds"); do
    for input in chunks queries; do
        for batch in 32 1; do
            [[ $input == queries && $batch == 32 ]] && continue
            n=$limit
            [[ $input == queries ]] && n=$((limit * 4))
            say "embedder: $input, batch $batch, $n texts"
            tag() { sed "s/^{/{\"input\":\"$input\",/" >> "$results"; }
            "$BENCH" embed "$w/$input.json" --batch $batch --threads 2 --limit $n | tag
            "$BENCH" embed "$w/$input.json" --batch $batch --threads 2 --limit $n --precision float32 | tag
            BENCH_LIMIT=$n $PY scripts/bench/peers/embedder_peer.py torch "$model" "$w/$input.json" --batch $batch --threads 2 2>/dev/null | tag
            for onnx in model model-int8; do
                BENCH_LIMIT=$n $PY scripts/bench/peers/embedder_peer.py onnx "$model" "$w/$input.json" --batch $batch --threads 2 \
                    --onnx "$w/$onnx.onnx" 2>/dev/null | tag
            done
        done
    done
done
python3 scripts/bench/embedder_record.py "$results"
