#!/usr/bin/env python3
"""Ingest of a messy real tree with and without archives/compressed files, and --watch latency.

  archives.py CODEX [TREE] [--saves N]

TREE defaults to /usr/share/doc (Debian's installed package documentation: gzip-compressed
READMEs, changelogs and man-style pages beside plain text, HTML and symlinks). Prints a Markdown
table; with $BENCH_RESULTS set, also records the figures (area "archives").
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

codex = os.path.abspath(sys.argv[1])
tree = sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "/usr/share/doc"
saves = int(sys.argv[sys.argv.index("--saves") + 1]) if "--saves" in sys.argv else 10
work = tempfile.mkdtemp(prefix="codex-bench-archives.")
records = []


def rec(figure, tool, value, unit, better="lower"):
    records.append((figure, tool, value, unit))
    if os.environ.get("BENCH_RESULTS"):
        subprocess.run(
            ["python3", os.path.join(os.path.dirname(__file__), "record.py"), "add", "archives", figure, tool,
             str(value), unit, better], check=True)


def content_mb(root, packed):
    """MB of content the ingest had to read: files as stored, or with packed=True, what compressed
    files and archives hold once decompressed (Python's gzip/bz2/lzma/tarfile/zipfile)."""
    import bz2, gzip, lzma, tarfile, zipfile
    total = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for n in names:
            p = os.path.join(d, n)
            if n.startswith(".") or os.path.islink(p) or not os.path.isfile(p):
                continue
            size = os.path.getsize(p)
            try:
                if packed and (n.endswith((".tar", ".tgz")) or ".tar." in n):
                    with tarfile.open(p) as t:
                        size = sum(m.size for m in t.getmembers() if m.isfile())
                elif packed and n.endswith(".zip"):
                    with zipfile.ZipFile(p) as z:
                        size = sum(i.file_size for i in z.infolist())
                elif packed and n.endswith((".gz", ".bz2", ".xz")):
                    opener = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}[os.path.splitext(n)[1]]
                    with opener(p) as f:
                        size = len(f.read())
            except Exception:
                pass
            total += size
    return total / 1e6


def ingest(label, extra):
    store = os.path.join(work, label + ".sqlite")
    started = time.monotonic()
    out = subprocess.run([codex, "ingest", tree, "--store", store, "--embedder", "none", "--json", "--quiet"] + extra,
                         capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - started
    summary = json.loads(out)
    skipped = {reason: group["count"] for reason, group in summary["skipped"].items()}
    documents = summary["added"]
    mb = summary["bytes"] / 1e6
    print(f"{label}: {summary['files']} files, {documents} documents, {sum(skipped.values())} skipped {skipped}, "
          f"{mb:.1f} MB read in {summary['seconds']:.2f} s ({mb / summary['seconds']:.1f} MB/s), wall {wall:.2f} s",
          file=sys.stderr)
    return summary, skipped


try:
    print(f"tree: {tree}; load average {open('/proc/loadavg').read().split()[:3]}", file=sys.stderr)
    before, skipped_before = ingest("without", ["--no-archives"])
    after, skipped_after = ingest("with", [])
    contents = {"codex": content_mb(tree, True), "codex --no-archives": content_mb(tree, False)}
    for label, summary, skipped in (("codex", after, skipped_after), ("codex --no-archives", before, skipped_before)):
        rec("content MB (decompressed where read)", label, round(contents[label], 1), "MB", "higher")
        rec("content MB/s", label, round(contents[label] / summary["seconds"], 1), "MB/s", "higher")
        rec("documents indexed", label, summary["added"], "documents", "higher")
        rec("files skipped", label, sum(skipped.values()), "files")
        rec("skipped as binary", label, skipped.get("binary", 0), "files")
        rec("MB read (files as stored)", label, round(summary["bytes"] / 1e6, 1), "MB", "higher")
        rec("chunks written", label, summary["chunks"], "chunks", "higher")
        rec("text phase: MB/s", label, round(summary["bytes"] / 1e6 / summary["seconds"], 1), "MB/s", "higher")
    reasons_after = {}
    for reason, group in after["skipped"].items():
        for entry in group["files"]:
            detail = entry["detail"].split(":")[0]
            reasons_after[(reason, detail)] = reasons_after.get((reason, detail), 0) + 1

    # Save-to-searchable under --watch: each save writes a new word, then `codex search` in
    # another process is run until it finds it; and the watcher's own batch line (with the
    # built-in embedder's vectors) is timed.
    watched = os.path.join(work, "watched")
    os.makedirs(watched)
    with open(os.path.join(watched, "start.md"), "w") as f:
        f.write("# Start\n\nThe first page.\n")
    store = os.path.join(work, "watch.sqlite")
    watcher = subprocess.Popen([codex, "ingest", "--watch", watched, "--store", store],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    batches = queue.Queue()

    def read_batches():
        for out in watcher.stdout:
            if " watch: " in out:
                batches.put(time.monotonic())

    threading.Thread(target=read_batches, daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        line = ""
        while "watching" not in line and time.monotonic() < deadline:
            line = watcher.stderr.readline()
        searchable, batched = [], []
        for i in range(saves):
            word = f"zyzzyva{i}q"
            saved = time.monotonic()
            with open(os.path.join(watched, f"note{i}.md"), "w") as f:
                f.write(f"# Note {i}\n\nThis note mentions {word}.\n")
            found = None
            while time.monotonic() - saved < 10:
                hit = subprocess.run([codex, "search", "--retrieval", "keyword", "--store", store, word],
                                     capture_output=True, text=True).stdout
                if f"note{i}.md" in hit:
                    found = time.monotonic() - saved
                    break
            searchable.append(found if found is not None else float("inf"))
            try:  # the watcher's own batch line, printed once the vectors are stored
                batched.append(batches.get(timeout=10) - saved)
            except queue.Empty:
                batched.append(float("inf"))
        p50 = statistics.median(searchable) * 1000
        worst = max(searchable) * 1000
        print(f"watch: save → found by another process p50 {p50:.0f} ms, max {worst:.0f} ms; "
              f"batch line (with vectors) read by {statistics.median(batched) * 1000:.0f} ms p50", file=sys.stderr)
        rec("save → searchable from another process: p50 ms", "codex ingest --watch", round(p50), "ms")
        rec("save → searchable from another process: max ms", "codex ingest --watch", round(worst), "ms")
        rec("save → batch embedded (built-in embedder): p50 ms", "codex ingest --watch",
            round(statistics.median(batched) * 1000), "ms")
    finally:
        watcher.send_signal(2)
        try:
            watcher.wait(timeout=10)
        except subprocess.TimeoutExpired:
            watcher.kill()
            watcher.wait()

    print("| figure | tool | value |\n|---|---|---|")
    for figure, tool, value, unit in records:
        print(f"| {figure} | {tool} | {value} {unit} |")
    print("\nskipped with archives read, by reason (first 200 paths per reason):")
    for (reason, detail), count in sorted(reasons_after.items(), key=lambda kv: -kv[1])[:12]:
        print(f"- {reason}: {detail} ({count})")
finally:
    shutil.rmtree(work, ignore_errors=True)
