#!/usr/bin/env python3
"""llm_peer: simonw/llm with llm-sentence-transformers used as its users use it, on the same
all-MiniLM-L6-v2 (registered by setup.sh as `minilm-local`, in the isolated LLM_USER_PATH
.build-venv/peers/llm-home).

embed: times `llm embed-multi COLLECTION --files ROOT GLOB -m minilm-local --store -d DB`, which
embeds each FILE as one text (sentence-transformers reads its first 256 tokens and ignores the
rest), from a fresh database unless --keep (then llm skips files whose content hash it has).
similar: runs `llm similar COLLECTION -c QUESTION -n 10 -d DB` in a new process per question
(cold: Python start, torch import, model load, a brute-force cosine over every stored vector in
SQL) and reports p50/p95 seconds and peak RSS per process, then hit@5, MRR@10 and recall@5 of
the returned file ids (paths relative to ROOT) with codex's definitions.

  .build-venv/peers/bin/python scripts/bench/peers/llm_peer.py embed --root DIR --db PATH [--glob '**/*.rst' ...] [--keep]
  .build-venv/peers/bin/python scripts/bench/peers/llm_peer.py similar --root DIR --db PATH --questions Q.json [--limit N]

One JSON line per figure set on stdout; llm's own output and diagnostics go to stderr.
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.realpath(os.path.join(HERE, "..", "..", "..", ".build-venv", "peers"))
MODEL = "minilm-local"


def llm_env():
    env = dict(os.environ)
    env.setdefault("LLM_USER_PATH", os.path.join(VENV, "llm-home"))
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", OMP_NUM_THREADS="2", TOKENIZERS_PARALLELISM="false")
    return env


def llm_binary():
    path = os.path.join(VENV, "bin", "llm")
    if not os.access(path, os.X_OK):
        peerlib.die(f"{path} not found: run scripts/bench/peers/setup.sh")
    return path


def run(arguments):
    """Runs a command; returns (stdout, wall seconds, the child's own peak RSS in MiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(arguments, env=llm_env(), stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # the child's own rusage, not all children's
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        sys.stderr.write(stderr)
        peerlib.die(f"{' '.join(arguments[:3])} ... exited with {child.returncode}")
    return stdout, seconds, round(usage.ru_maxrss / 1024, 1)


def embed(args):
    root = os.path.realpath(args.root)
    if not os.path.isdir(root):
        peerlib.die(f"{args.root} is not a directory")
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.db + suffix):
                os.remove(args.db + suffix)
    command = [llm_binary(), "embed-multi", args.collection, "-m", MODEL, "--store", "-d", args.db]
    for pattern in args.glob:
        command += ["--files", root, pattern]
    _, seconds, rss = run(command)
    with sqlite3.connect(args.db) as db:
        files, stored_bytes = db.execute(
            "SELECT count(*), coalesce(sum(length(CAST(content AS BLOB))), 0) FROM embeddings"
            " WHERE collection_id = (SELECT id FROM collections WHERE name = ?)", (args.collection,)).fetchone()
    peerlib.emit({"peer": "llm", "op": "embed", "model": MODEL, "globs": args.glob, "fresh": not args.keep,
                  "files": files, "bytes": stored_bytes, "seconds": round(seconds, 3),
                  "files_per_s": round(files / seconds, 2), "peak_rss_mb": rss})


def similar(args):
    root = os.path.realpath(args.root)
    if not os.path.exists(args.db):
        peerlib.die(f"no database at {args.db}: run embed first")
    questions = peerlib.load_questions(args.questions)
    if args.limit:
        questions = questions[:args.limit]
    seconds, rss, ranked = [], [], []
    for question in questions:
        out, wall, peak = run([llm_binary(), "similar", args.collection, "-c", question["q"], "-n", "10", "-d", args.db])
        seconds.append(wall)
        rss.append(peak)
        # ids are paths relative to the --files directory given to embed-multi
        ranked.append([os.path.relpath(os.path.join(root, json.loads(line)["id"]), root)
                       for line in out.splitlines() if line.strip()])
    peerlib.emit({"peer": "llm", "op": "similar", "model": MODEL, "queries": len(seconds), "results": 10,
                  "p50_s": round(peerlib.percentile(seconds, 50), 3), "p95_s": round(peerlib.percentile(seconds, 95), 3),
                  "peak_rss_mb": max(rss), "p50_rss_mb": peerlib.percentile(rss, 50)})
    peerlib.emit({"peer": "llm", "op": "eval", "mode": "whole-file semantic", "results": 10,
                  **peerlib.quality(ranked, questions)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("embed", help="time llm embed-multi over a folder (one embedding per file)")
    p.add_argument("--root", required=True, help="the folder to embed (file ids are paths relative to it)")
    p.add_argument("--db", required=True, help="llm's embeddings database (deleted first unless --keep)")
    p.add_argument("--glob", action="append", help="glob under ROOT, repeatable (default '**/*.rst')")
    p.add_argument("--collection", default="docs")
    p.add_argument("--keep", action="store_true", help="keep the database: llm re-embeds only changed content")
    p.set_defaults(run=embed)
    p = sub.add_parser("similar", help="cold llm similar per question: latency, RSS and retrieval quality")
    p.add_argument("--root", required=True, help="the folder given to embed; the questions' paths are relative to it")
    p.add_argument("--db", required=True)
    p.add_argument("--questions", required=True)
    p.add_argument("--collection", default="docs")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.set_defaults(run=similar)
    args = parser.parse_args()
    if args.command == "embed" and not args.glob:
        args.glob = ["**/*.rst"]
    args.run(args)


if __name__ == "__main__":
    main()
