#!/usr/bin/env python3
"""Records the embedder area's figures from the runtimes' JSON lines (one file, every round).

  embedder_record.py RESULTS.jsonl        appends to $BENCH_RESULTS through record.py

Each line names its runtime in `runtime` (codex, onnxruntime, pytorch) and, for codex, the OpenBLAS
kernel set in `kernels`: the kernel set is a fact of the machine (shown in the report's machine
facts), never part of the tool's name, so the figures are the same whatever the environment.
A codex line with `"precision": "float32"` is the tool "codex float32" (the integer path turned
off); an onnxruntime line with `"weights": "int8"` is "onnxruntime int8" (its own dynamic
quantisation of the same export). Each (input, batch, tool) keeps its best round.
"""
import json
import subprocess
import sys

TOOLS = ("codex", "codex float32", "onnxruntime", "onnxruntime int8", "pytorch")


def tool_of(r):
    runtime = r["runtime"]
    if runtime == "codex" and r.get("precision") == "float32":
        return "codex float32"
    if runtime == "onnxruntime" and r.get("weights") == "int8":
        return "onnxruntime int8"
    return runtime


def best_rounds(lines):
    best = {}
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line)
        tool = tool_of(r)
        if tool not in TOOLS:
            sys.exit(f"embedder_record.py: unknown runtime {tool!r} in {line.strip()[:200]}")
        key = (r["input"], r["batch"], tool)
        if key not in best or r["texts_per_s"] > best[key]["texts_per_s"]:
            best[key] = r
    return best


def rec(figure, tool, value, unit, better="lower"):
    subprocess.run([sys.executable, "scripts/bench/record.py", "add", "embedder", figure, tool, str(value), unit,
                    better], check=True)


def main(path):
    for (input, batch, tool), r in best_rounds(open(path)).items():
        if input == "chunks":
            rec(f"256-token chunks, batch {batch}: chunks/s", tool, r["texts_per_s"], "chunks/s", "higher")
            if batch == 32:
                rec("256-token chunks, batch 32: CPU ms per chunk", tool, r["cpu_ms_per_text"], "ms")
                rec("256-token chunks, batch 32: peak RSS MB", tool, r["peak_rss_mb"], "MB")
        else:
            rec("short queries, batch 1: ms per query", tool, r["ms_per_call"], "ms")


if __name__ == "__main__":
    main(sys.argv[1])
