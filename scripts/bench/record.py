#!/usr/bin/env python3
"""Appends benchmark figures to $BENCH_RESULTS (JSON lines), the shape codex-bench writes too.

  record.py add AREA FIGURE TOOL VALUE UNIT [lower|higher]
  record.py json AREA TOOL [--where KEY=VALUE] 'FIGURE=KEY:UNIT[:higher]' ...   < a peer's JSON lines

`json` reads the last JSON object on stdin (with --where, the last one whose KEY is VALUE) and
records each named key; KEY may be dotted (`warm.p50_ms`). A missing key is an error, so a peer that silently stopped producing a figure
fails the run instead of leaving a hole in the report.
"""
import json
import os
import sys


def append(area, figure, tool, value, unit, better="lower"):
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        sys.exit("record.py: BENCH_RESULTS is not set")
    record = {"area": area, "figure": figure, "tool": tool, "value": float(value), "unit": unit, "better": better}
    with open(path, "a") as f:
        f.write(json.dumps(record, sort_keys=True) + "\n")


def lookup(obj, dotted):
    for part in dotted.split("."):
        obj = obj[part]
    return obj


def main(argv):
    if len(argv) >= 6 and argv[0] == "add":
        append(*argv[1:6], *(argv[6:7] or ["lower"]))
    elif len(argv) >= 4 and argv[0] == "json":
        area, tool, specs = argv[1], argv[2], argv[3:]
        where = None
        if specs[:1] == ["--where"]:
            where, specs = specs[1].split("=", 1), specs[2:]
        objects = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip().startswith("{")]
        if where:
            objects = [o for o in objects if str(o.get(where[0])) == where[1]]
        if not objects:
            sys.exit(f"record.py: no JSON line on stdin for {area}/{tool}" + (f" with {'='.join(where)}" if where else ""))
        obj = objects[-1]
        for spec in specs:
            figure, rest = spec.split("=", 1)
            key, unit, *better = rest.split(":")
            try:
                value = lookup(obj, key)
            except (KeyError, TypeError):
                sys.exit(f"record.py: {area}/{tool}: no '{key}' in {json.dumps(obj)[:200]}")
            append(area, figure, tool, value, unit, better[0] if better else "lower")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
