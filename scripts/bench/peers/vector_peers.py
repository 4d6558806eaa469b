#!/usr/bin/env python3
"""vector_peers: warm exact top-k (default 50) vector search over the same vectors codex
searches, for two Python peers, each measured in its own child process so its load time and
peak RSS are its own:
  numpy       float32 matrix-vector product, argpartition, then a sort of the top k
  sqlite-vec  a vec0 virtual table (float[DIM]) filled once, `WHERE embedding MATCH ? AND k = K`;
              L2 distance by default (on normalised vectors it ranks exactly as cosine),
              --distance cosine for vec0's cosine metric; in :memory: unless --vec-db PATH
Vectors: a raw little-endian float32 N x DIM file; queries: a raw Q x DIM file. Each peer runs 3
untimed warm-up queries, then times every query (p50/p95 ms, nearest rank) and reports how many
of its top-k ids agree with numpy's exact answer (overlap share over the first 20 queries).

  .build-venv/peers/bin/python scripts/bench/peers/vector_peers.py --vectors V.f32 --queries Q.f32 [--dim 384] [--k 50]
  .build-venv/peers/bin/python scripts/bench/peers/vector_peers.py --make 100000 --vectors V.f32 --queries Q.f32 [--seed 7]

--make writes N random unit vectors and 200 random unit queries (seeded), then exits after one
JSON line. One JSON line per peer on stdout; diagnostics on stderr.
"""
import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("OMP_NUM_THREADS", "2")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import peerlib  # noqa: E402

PEERS = ("numpy", "sqlite-vec")


def unit_rows(rng, n, dim):
    rows = rng.standard_normal((n, dim), dtype=np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype("<f4")


def make(args):
    rng = np.random.default_rng(args.seed)
    unit_rows(rng, args.make, args.dim).tofile(args.vectors)
    unit_rows(rng, 200, args.dim).tofile(args.queries)
    peerlib.emit({"op": "make", "vectors": args.make, "queries": 200, "dim": args.dim, "seed": args.seed})


def read_matrix(path, dim):
    try:
        size = os.path.getsize(path)
    except OSError as error:
        peerlib.die(f"cannot read {path}: {error}")
    if size == 0 or size % (4 * dim):
        peerlib.die(f"{path} is {size} bytes, not a whole number of float32[{dim}] rows")
    return np.fromfile(path, dtype="<f4").reshape(-1, dim)


def exact_top(matrix, query, k):
    scores = matrix @ query
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top], kind="stable")]


def numpy_peer(args, queries):
    started = time.perf_counter()
    matrix = read_matrix(args.vectors, args.dim)
    load = time.perf_counter() - started
    search = lambda q: exact_top(matrix, q, args.k)  # noqa: E731
    return matrix, load, search, {}


def sqlite_vec_peer(args, queries):
    import sqlite3

    import sqlite_vec

    started = time.perf_counter()
    matrix = read_matrix(args.vectors, args.dim)
    if args.vec_db != ":memory:" and os.path.exists(args.vec_db):
        os.remove(args.vec_db)
    db = sqlite3.connect(args.vec_db)
    try:
        db.enable_load_extension(True)
    except AttributeError:
        peerlib.die("this Python's sqlite3 cannot load extensions: use the venv made by setup.sh")
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    metric = " distance_metric=cosine" if args.distance == "cosine" else ""
    db.execute(f"CREATE VIRTUAL TABLE vec USING vec0(embedding float[{args.dim}]{metric})")
    with db:
        step = 4096
        for start in range(0, len(matrix), step):
            db.executemany("INSERT INTO vec(rowid, embedding) VALUES (?, ?)",
                           ((start + i, row.tobytes()) for i, row in enumerate(matrix[start:start + step])))
    load = time.perf_counter() - started
    sql = "SELECT rowid FROM vec WHERE embedding MATCH ? AND k = ?"
    search = lambda q: np.array([r[0] for r in db.execute(sql, (q.tobytes(), args.k))])  # noqa: E731
    version = db.execute("SELECT vec_version()").fetchone()[0]
    return matrix, load, search, {"distance": args.distance, "database": args.vec_db, "vec_version": version}


def run_peer(args):
    queries = read_matrix(args.queries, args.dim)
    matrix, load, search, extra = (numpy_peer if args.peer == "numpy" else sqlite_vec_peer)(args, queries)
    if args.k > len(matrix):
        peerlib.die(f"--k {args.k} is more than the {len(matrix)} vectors")
    for q in queries[:3]:
        search(q)
    samples, answers = [], []
    for q in queries:
        t = time.perf_counter()
        ids = search(q)
        samples.append((time.perf_counter() - t) * 1000)
        answers.append(ids)
    checked = min(20, len(queries))
    overlap = sum(len(set(a.tolist()) & set(exact_top(matrix, q, args.k).tolist()))
                  for a, q in zip(answers[:checked], queries[:checked])) / (checked * args.k)
    peerlib.emit({"peer": args.peer, "op": "vector-search", "vectors": len(matrix), "dim": args.dim, "k": args.k,
                  "queries": len(samples), "load_seconds": round(load, 3),
                  "p50_ms": round(peerlib.percentile(samples, 50), 3), "p95_ms": round(peerlib.percentile(samples, 95), 3),
                  "agreement_with_exact": round(overlap, 4), "peak_rss_mb": peerlib.peak_rss_mb(), **extra})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--vectors", required=True, help="raw little-endian float32 N x DIM file")
    parser.add_argument("--queries", required=True, help="raw little-endian float32 Q x DIM file")
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of: " + ", ".join(PEERS))
    parser.add_argument("--distance", choices=["l2", "cosine"], default="l2", help="sqlite-vec metric (default l2)")
    parser.add_argument("--vec-db", default=":memory:", help="sqlite-vec database (default :memory:; a file is recreated)")
    parser.add_argument("--make", type=int, metavar="N", help="write N synthetic unit vectors and 200 queries, then exit")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--peer", choices=PEERS, help=argparse.SUPPRESS)  # internal: run one peer in this process
    args = parser.parse_args()
    if args.make:
        return make(args)
    if args.peer:
        return run_peer(args)
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    for peer in peers:
        if peer not in PEERS:
            peerlib.die(f"unknown peer {peer!r} (known: {', '.join(PEERS)})")
    for peer in peers:
        child = [sys.executable, os.path.abspath(__file__), "--peer", peer, "--vectors", args.vectors,
                 "--queries", args.queries, "--dim", str(args.dim), "--k", str(args.k),
                 "--distance", args.distance, "--vec-db", args.vec_db]
        code = subprocess.call(child)
        if code:
            peerlib.die(f"the {peer} peer exited with {code}")


if __name__ == "__main__":
    main()
