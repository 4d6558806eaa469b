#!/usr/bin/env python3
"""Times a command as a user would feel it: wall time per run and the peak RSS of each process.

  run.py [--runs N] [--warmup K] [--questions Q.json] [--env K=V ...] -- CMD ARG... ({} = question)

Prints one JSON line: p50_ms, p95_ms, min_ms, mean_ms, peak_rss_mb (the largest of any run),
runs. With --questions, run i substitutes question i (cycling) for every `{}` in the command.
A run that exits non-zero stops everything with its stderr, so a broken peer never reports a
time. Peak RSS comes from wait4(2) per child, so each figure is that process's own.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def main(argv):
    runs, warmup, questions, env = 10, 1, None, dict(os.environ)
    while argv and argv[0] != "--":
        flag = argv.pop(0)
        if flag == "--runs":
            runs = int(argv.pop(0))
        elif flag == "--warmup":
            warmup = int(argv.pop(0))
        elif flag == "--questions":
            with open(argv.pop(0)) as f:
                questions = [q["q"] for q in json.load(f)["questions"]]
        elif flag == "--env":
            key, value = argv.pop(0).split("=", 1)
            env[key] = value
        else:
            sys.exit(f"run.py: unknown option {flag}\n{__doc__}")
    if not argv or argv[0] != "--" or len(argv) < 2:
        sys.exit(__doc__)
    command = argv[1:]
    times, rss = [], []
    for i in range(warmup + runs):
        q = questions[i % len(questions)] if questions else None
        args = [a.replace("{}", q) if q is not None else a for a in command]
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        # wait4 gives this child's own rusage; communicate() first would reap it without one.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = (time.perf_counter() - start) * 1000
        if proc.returncode != 0:
            sys.exit(f"run.py: {' '.join(args)} exited {proc.returncode}: {err.decode(errors='replace')[-2000:]}")
        if i >= warmup:
            times.append(elapsed)
            rss.append(usage.ru_maxrss / 1024)
    times.sort()
    print(json.dumps({"p50_ms": statistics.median(times), "p95_ms": times[max(0, int(len(times) * 0.95 + 0.5) - 1)],
                      "min_ms": times[0], "mean_ms": statistics.fmean(times), "peak_rss_mb": max(rss),
                      "runs": len(times)}, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
