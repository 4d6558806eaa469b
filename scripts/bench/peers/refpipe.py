#!/usr/bin/env python3
"""refpipe: the reference local RAG pipeline codex is compared against, written the way a
LangChain/PrivateGPT user would write it by hand.

Ingest walks a folder (hidden entries skipped; a file is text when its first 8 KiB hold no NUL
and are valid UTF-8, the rest binary and skipped), splits each file into 200-word chunks (no
overlap), stores them in SQLite with an FTS5 table (porter unicode61) and, unless --no-embed,
all-MiniLM-L6-v2 embeddings (sentence-transformers, batch 32, 2 threads, normalised, max 256
tokens) as float32 BLOBs. A file whose mtime and size are unchanged is skipped; a changed one is
re-chunked and re-embedded whole. Queries: keyword = FTS5 BM25 over the OR of the question's
words; semantic = cosine over a numpy matrix loaded from the BLOBs; hybrid = BM25 top-20 and
cosine top-20 fused by reciprocal rank (k=60).

Each subcommand prints one JSON line of figures on stdout (query without --json also prints one
"rank path" line per result first); diagnostics go to stderr. A query's "seconds" run from the
script's first line (after the interpreter started), "process_seconds" from the exec.

  .build-venv/peers/bin/python scripts/bench/peers/refpipe.py ingest DIR --db PATH [--no-embed]
  .build-venv/peers/bin/python scripts/bench/peers/refpipe.py query --db PATH "question" [--mode hybrid|keyword|semantic] [--k 10] [--json]
  .build-venv/peers/bin/python scripts/bench/peers/refpipe.py eval --db PATH --questions Q.json --root DIR
  .build-venv/peers/bin/python scripts/bench/peers/refpipe.py warm --db PATH --queries FILE [--repeat 1]

ingest figures: files/bytes/chunks are the whole indexed tree; changed_files, changed_bytes and
new_chunks what this run (re)indexed, embedded the chunks it embedded (all those without a
vector); mb_per_s (MiB) is changed_bytes and chunks_per_s is new_chunks (--no-embed) or embedded
over the run's wall seconds, model loading included.
"""
import argparse
import json
import os
import re
import sqlite3
import sys
import time

START = time.perf_counter()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peerlib  # noqa: E402

CHUNK_WORDS = 200
# Words between chunk starts: 200 (no overlap) by default; REFPIPE_STRIDE=160 gives the
# 200-word / 160-stride windows of the reference run in issue 15.
CHUNK_STRIDE = int(os.environ.get("REFPIPE_STRIDE", CHUNK_WORDS))
BATCH = 32
DEPTH = 20
RRF_K = 60
SCHEMA = """
CREATE TABLE IF NOT EXISTS file(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, mtime_ns INTEGER, size INTEGER);
CREATE TABLE IF NOT EXISTS chunk(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, ord INTEGER NOT NULL,
                                 text TEXT NOT NULL, embedding BLOB);
CREATE INDEX IF NOT EXISTS chunk_file ON chunk(file_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(text, tokenize='porter unicode61');
"""


def connect(path, create=False):
    if not create and not os.path.exists(path):
        peerlib.die(f"no database at {path}: run ingest first")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    return db


def looks_binary(sample):
    """NUL bytes or invalid UTF-8 in the first 8 KiB (a sequence cut by the sample's end is fine)."""
    if b"\0" in sample:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return not (len(sample) == 8192 and error.start >= len(sample) - 3 and error.reason == "unexpected end of data")
    return False


def walk(root):
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield os.path.join(directory, name)


def chunks_of(text):
    words = text.split()
    starts = range(0, max(len(words) - CHUNK_WORDS, 0) + CHUNK_STRIDE, CHUNK_STRIDE)
    return [" ".join(words[i:i + CHUNK_WORDS]) for i in starts if i < len(words)]


def remove_file(db, file_id):
    ids = [row[0] for row in db.execute("SELECT id FROM chunk WHERE file_id = ?", (file_id,))]
    db.executemany("DELETE FROM chunk_fts WHERE rowid = ?", [(i,) for i in ids])
    db.execute("DELETE FROM chunk WHERE file_id = ?", (file_id,))
    return len(ids)


def ingest(args):
    root = os.path.realpath(args.dir)
    if not os.path.isdir(root):
        peerlib.die(f"{args.dir} is not a directory")
    db = connect(args.db, create=True)
    known = {path: (fid, mtime, size) for fid, path, mtime, size in db.execute("SELECT id, path, mtime_ns, size FROM file")}
    seen = set()
    files = total_bytes = changed = changed_bytes = new_chunks = binary = 0
    with db:
        for path in walk(root):
            try:
                stat = os.stat(path)
                if not os.path.isfile(path):
                    continue
                stored = known.get(path)
                if stored and stored[1:] == (stat.st_mtime_ns, stat.st_size):
                    seen.add(path)
                    files += 1
                    total_bytes += stat.st_size
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as error:
                peerlib.log(f"refpipe: skipping {path}: {error}")
                continue
            if looks_binary(data[:8192]):
                binary += 1
                continue
            seen.add(path)
            files += 1
            total_bytes += len(data)
            changed += 1
            changed_bytes += len(data)
            if stored:
                remove_file(db, stored[0])
                db.execute("UPDATE file SET mtime_ns = ?, size = ? WHERE id = ?", (stat.st_mtime_ns, stat.st_size, stored[0]))
                file_id = stored[0]
            else:
                file_id = db.execute("INSERT INTO file(path, mtime_ns, size) VALUES (?, ?, ?)",
                                     (path, stat.st_mtime_ns, stat.st_size)).lastrowid
            for ordinal, text in enumerate(chunks_of(data.decode("utf-8", errors="replace"))):
                chunk_id = db.execute("INSERT INTO chunk(file_id, ord, text) VALUES (?, ?, ?)", (file_id, ordinal, text)).lastrowid
                db.execute("INSERT INTO chunk_fts(rowid, text) VALUES (?, ?)", (chunk_id, text))
                new_chunks += 1
        for path, (file_id, _, _) in known.items():
            if path not in seen and (path == root or path.startswith(root + os.sep)):
                remove_file(db, file_id)
                db.execute("DELETE FROM file WHERE id = ?", (file_id,))
    text_seconds = time.perf_counter() - START

    embedded = 0
    embed_started = time.perf_counter()
    if not args.no_embed:
        pending = db.execute("SELECT id, text FROM chunk WHERE embedding IS NULL ORDER BY id").fetchall()
        if pending:
            model = peerlib.load_model()
            vectors = model.encode([t for _, t in pending], batch_size=BATCH, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False).astype("<f4")
            with db:
                db.executemany("UPDATE chunk SET embedding = ? WHERE id = ?",
                               [(v.tobytes(), cid) for (cid, _), v in zip(pending, vectors)])
            embedded = len(pending)
    seconds = time.perf_counter() - START
    embed_seconds = time.perf_counter() - embed_started
    chunks = db.execute("SELECT count(*) FROM chunk").fetchone()[0]
    peerlib.emit({
        "peer": "refpipe", "op": "ingest", "embed": not args.no_embed, "files": files, "bytes": total_bytes,
        "chunks": chunks, "changed_files": changed, "changed_bytes": changed_bytes, "new_chunks": new_chunks,
        "embedded": embedded, "skipped_binary": binary, "text_seconds": round(text_seconds, 3),
        "embed_seconds": round(embed_seconds, 3), "seconds": round(seconds, 3), "mb_per_s": round(changed_bytes / 1048576 / seconds, 3),
        "chunks_per_s": round((new_chunks if args.no_embed else embedded) / seconds, 2), "peak_rss_mb": peerlib.peak_rss_mb(),
    })


class Searcher:
    """BM25, cosine and RRF over one database; the model and matrix load on first use."""

    def __init__(self, db):
        self.db = db
        self.model = None
        self.ids = self.matrix = None

    def load_vectors(self):
        import numpy as np

        if self.model is None:
            self.model = peerlib.load_model()
            rows = self.db.execute("SELECT id, embedding FROM chunk WHERE embedding IS NOT NULL ORDER BY id").fetchall()
            if not rows:
                peerlib.die("no embeddings in the database: ingest without --no-embed")
            self.ids = np.array([r[0] for r in rows], dtype=np.int64)
            self.matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)

    def keyword(self, question, limit):
        terms = re.findall(r"\w+", question.lower())
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        return [r[0] for r in self.db.execute(
            "SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY bm25(chunk_fts) LIMIT ?", (match, limit))]

    def semantic(self, question, limit):
        import numpy as np

        self.load_vectors()
        query = self.model.encode([question], normalize_embeddings=True, convert_to_numpy=True)[0].astype("<f4")
        scores = self.matrix @ query
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        return [int(self.ids[i]) for i in top[np.argsort(-scores[top], kind="stable")]]

    def hybrid(self, question, limit):
        fused = {}
        for ranked in (self.keyword(question, DEPTH), self.semantic(question, DEPTH)):
            for rank, chunk_id in enumerate(ranked, 1):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        return sorted(fused, key=lambda c: (-fused[c], c))[:limit]

    def search(self, question, mode, limit):
        return getattr(self, mode)(question, limit)

    def paths(self, chunk_ids):
        if not chunk_ids:
            return []
        marks = ",".join("?" * len(chunk_ids))
        by_id = dict(self.db.execute(
            f"SELECT chunk.id, file.path FROM chunk JOIN file ON file.id = chunk.file_id WHERE chunk.id IN ({marks})", chunk_ids))
        return [by_id[c] for c in chunk_ids]


def query(args):
    searcher = Searcher(connect(args.db))
    ids = searcher.search(args.question, args.mode, args.k)
    paths = searcher.paths(ids)
    seconds = time.perf_counter() - START
    record = {"peer": "refpipe", "op": "query", "mode": args.mode, "k": args.k, "results": len(ids),
              "seconds": round(seconds, 3), "process_seconds": peerlib.seconds_since_exec(),
              "peak_rss_mb": peerlib.peak_rss_mb()}
    if args.json:
        record["paths"] = paths
    else:
        for rank, path in enumerate(paths, 1):
            print(rank, path)
    peerlib.emit(record)


def evaluate(args):
    root = os.path.realpath(args.root)
    questions = peerlib.load_questions(args.questions)
    searcher = Searcher(connect(args.db))
    for mode in ("keyword", "semantic", "hybrid"):
        # The first 10 distinct files of the top 20 passages, as codex-bench eval scores them.
        ranked = [[os.path.relpath(p, root) for p in searcher.paths(searcher.search(q["q"], mode, 20))] for q in questions]
        peerlib.emit({"peer": "refpipe", "op": "eval", "mode": mode, "passages": 20, **peerlib.quality(ranked, questions)})


def read_queries(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as error:
        peerlib.die(f"cannot read {path}: {error}")
    try:
        return [q["q"] for q in json.loads(text)["questions"]]
    except (ValueError, KeyError, TypeError):
        return [line.strip() for line in text.splitlines() if line.strip()]


def warm(args):
    queries = read_queries(args.queries)
    if not queries:
        peerlib.die(f"no queries in {args.queries}")
    searcher = Searcher(connect(args.db))
    started = time.perf_counter()
    searcher.load_vectors()
    load_seconds = time.perf_counter() - started
    for q in queries[:3]:
        searcher.paths(searcher.hybrid(q, 10))  # warm-up, not timed
    samples = []
    for _ in range(args.repeat):
        for q in queries:
            t = time.perf_counter()
            searcher.paths(searcher.hybrid(q, 10))
            samples.append((time.perf_counter() - t) * 1000)
    peerlib.emit({"peer": "refpipe", "op": "warm", "mode": "hybrid", "queries": len(samples),
                  "chunks": len(searcher.ids), "load_seconds": round(load_seconds, 3),
                  "p50_ms": round(peerlib.percentile(samples, 50), 2), "p95_ms": round(peerlib.percentile(samples, 95), 2),
                  "peak_rss_mb": peerlib.peak_rss_mb()})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="index a folder (re-runs skip files whose mtime and size are unchanged)")
    p.add_argument("dir")
    p.add_argument("--db", required=True)
    p.add_argument("--no-embed", action="store_true", help="text phase only (chunks + FTS5), no embeddings")
    p.set_defaults(run=ingest)
    p = sub.add_parser("query", help="one cold query in this fresh process")
    p.add_argument("question")
    p.add_argument("--db", required=True)
    p.add_argument("--mode", choices=["hybrid", "keyword", "semantic"], default="hybrid")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--json", action="store_true", help="put the result paths in the JSON line instead of printing them")
    p.set_defaults(run=query)
    p = sub.add_parser("eval", help="hit@5, MRR@10, recall@5 for keyword, semantic and hybrid (top-10 chunks)")
    p.add_argument("--db", required=True)
    p.add_argument("--questions", required=True)
    p.add_argument("--root", required=True, help="the folder the questions' relevant paths are relative to")
    p.set_defaults(run=evaluate)
    p = sub.add_parser("warm", help="in-process hybrid query latency p50/p95 (model and matrix loaded once)")
    p.add_argument("--db", required=True)
    p.add_argument("--queries", required=True, help="one query per line, or a questions JSON file")
    p.add_argument("--repeat", type=int, default=1, help="passes over the queries")
    p.set_defaults(run=warm)
    args = parser.parse_args()
    try:
        args.run(args)
    except sqlite3.Error as error:
        peerlib.die(f"sqlite: {error}")


if __name__ == "__main__":
    main()
