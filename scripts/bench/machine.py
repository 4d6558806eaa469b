#!/usr/bin/env python3
"""Describes this run for the report: the machine, the versions of everything measured, and
the inputs of each area (which differ in quick mode).

  machine.py MODE "LOAD BEFORE" SECONDS > machine.json
"""
import datetime
import json
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.path.join(ROOT, ".build-venv", "peers", "bin", "python")


def output(*command, default="?"):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return default


def peer_versions():
    names = ["torch", "sentence-transformers", "transformers", "onnxruntime", "numpy", "sqlite-vec", "llm",
             "llm-sentence-transformers"]
    script = ("import importlib.metadata as m, sys, sqlite3; "
              f"print(sys.version.split()[0], sqlite3.sqlite_version, *[m.version(n) for n in {names!r}])")
    values = output(PEERS, "-c", script).split()
    if len(values) != len(names) + 2:
        return "?"
    python, sqlite, *rest = values
    return f"Python {python} (sqlite3 {sqlite}), " + ", ".join(f"{n} {v}" for n, v in zip(names, rest))


def cpu():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    flags = next((line for line in open("/proc/cpuinfo") if line.startswith("flags")), "")
    isa = "AVX-512" if " avx512f" in flags else ("AVX2" if " avx2" in flags else "SSE")
    return f"{model}, {os.cpu_count()} cores, {isa}"


def memory():
    kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{kib / 1024 / 1024:.0f} GiB"


def openblas():
    version = output("dpkg-query", "-W", "-f=${Version}", "libopenblas0-pthread")
    forced = [f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if os.environ.get(k)]
    kernels = ", ".join(forced) if forced else "kernel set chosen by OpenBLAS for this CPU"
    return f"OpenBLAS {version} (Debian libopenblas0-pthread; {kernels})"


def main():
    mode, load_before, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in open("/etc/os-release")
                    if line.startswith("PRETTY_NAME=")), platform.system())
    quick = mode == "quick"
    inputs = {
        "ingest_corpus": (
            "Quick mode: Django 5.1.4's `docs/howto` and `docs/faq` (and `docs/ref` as the larger tree)."
            if quick else
            "Django 5.1.4's documentation from its PyPI sdist (605 reStructuredText files, 5.9 MB of text; "
            "MB/s counts text bytes, the same for every tool), and as the larger tree the whole sdist "
            "(6,809 files: code, docs, translations). Whole processes timed, start-up included; p50 of 5 runs "
            "into fresh stores without embeddings, one run with them. refpipe is a hand-written pipeline "
            "(200-word chunks, SQLite FTS5, sentence-transformers, numpy; `scripts/bench/peers/refpipe.py`); "
            "llm embed-multi embeds each file once (its first 256 tokens)."),
        "embedder_inputs": (
            "all-MiniLM-L6-v2, the same texts for every runtime: synthetic chunks that fill the 256-token "
            "window and short queries (~10 tokens); 2 threads each, each configuration in its own process, "
            "best of interleaved rounds. onnxruntime runs an ONNX export of the same weights made offline; "
            "PyTorch runs through sentence-transformers." + (" Quick mode: 16 chunks." if quick else "")),
        "retrieval_inputs": (
            "Real corpus: the Django docs stores the ingest area built, queried with the 60 Django questions "
            "(cold: a new process per question, page cache warm; warm: one process, the question embedded "
            "each time). At scale: synthetic stores (Zipf words, random unit vectors); numpy and sqlite-vec "
            "search the same vectors codex holds (its int8 codes times their scale), exactly, top 50."
            + (" Quick mode: 1k and 5k chunks, 3 cold runs." if quick else "")),
        "quality_inputs": (
            "Flask 3.1.0's docs with 50 questions (`scripts/eval/flask-3.1.0-questions.json`) and Django "
            "5.1.4's docs with 60 (`scripts/eval/django-5.1.4-questions.json`), phrased as users ask, each "
            "with the files that answer it. A question's rank is that of the first answering file among the "
            "first 10 distinct files of the results; recall@5 is the share of answering files in the first 5."
            + (" Quick mode: subsets of both corpora, and 3 questions for llm." if quick else "")),
        "gateway_inputs": (
            "llama.cpp's server (xllamacpp 2026.10.11549 from PyPI) with SmolLM2-135M-Instruct Q4_1, 2 threads, "
            "32 tokens per reply; a fast loopback server streaming 64 events. Median of "
            + ("3" if quick else "20") + " runs (100 for the fast server) per way."),
        "server_inputs": (
            f"{'200' if quick else '2,000'} POST /chat requests, 50 concurrent on keep-alive connections, each a "
            "whole turn (new session, both messages stored, a streamed reply from a fast scripted Ollama), "
            "after a warm-up round; then a second round for memory."),
        "bundle_inputs": (
            f"{'5,000' if quick else '100,000'} messages in sessions of 100 plus a cited 5,000-chunk collection "
            "with vectors, exported with --include-docs and imported into a fresh store. MB/s is the bundle "
            "file's size over the time; the peers do only part of the work on the same bytes."),
        "model_inputs": (
            f"An Ollama model folder (schema 2 manifest, config, template, params) whose weights are "
            f"{'64 MiB' if quick else '1 GiB'} of random bytes, warm in the page cache; p50 of 3 runs. MB/s is "
            "the model's size over the time. codex hashes every byte, verifies before installing and syncs "
            "to disk before publishing the manifest; the peers only copy."),
        "csv_inputs": (
            f"A generated {'20 MB' if quick else '1 GB'} CSV (quoted fields with commas, decimals, booleans, "
            "2% missing values)."),
        "archives_inputs": (
            "This machine's /usr/share/doc (Debian's installed package documentation: gzip-compressed READMEs, "
            "NEWS, changelogs and man-style pages beside plain text, HTML and links), ingested with no embedder, "
            "with archives and compressed files read and with --no-archives (as before). Then "
            f"{3 if quick else 10} saves of a new Markdown file under `codex ingest --watch` (built-in embedder): "
            "the time until `codex search --retrieval keyword`, run again and again in another process, finds it."),
        "longchat_inputs": (
            "One session with a real small model: llama.cpp's server (xllamacpp wheel) with SmolLM2-135M-Instruct "
            "Q4_1, both from PyPI, at the server's default temperature (0.8), through a recording proxy. "
            + ("Quick mode: a 512-token window, 6 turns stating 3 facts among chit-chat and a paste of about 3x "
               "the window with a question, then the 3 facts asked for; replies capped at 16 tokens."
               if quick else
               "A 2,048-token window, 40 turns stating 10 facts (a name, a city, a time, a server name, a decision, "
               "a budget, a preference, a ticket number, a head count, a pet's name) among chit-chat and 4 pastes "
               "of about 3x the window (a kernel log and a CSV without a question, an application log with one, a "
               "diff with a request before it), then each fact asked for; replies capped at 48 tokens.")
            + " A fact counts as carried when the user's sentence appears word for word in the stored summary, "
              "or in the prompt codex sent with the question; as repeated when the reply contains its value."),
        "startup_inputs": (
            "Whole processes, p50 of " + ("5" if quick else "30") + " runs; the tiny store is the sample "
            "handbook in `docs/sample`, indexed by each tool."),
        "team_inputs": (
            "The embedded SQLite store beside a PostgreSQL 15 server (Debian's, started in a temporary "
            "folder with durability off, on the same 2 cores as everything else). Ingest: the Django docs, "
            "text phase, whole processes, p50 of " + ("1" if quick else "3") + " runs into an empty store. Queries: "
            "one synthetic collection of " + ("5k" if quick else "100k") + " chunks built in SQLite and carried "
            "into PostgreSQL by a bundle, 200 warm queries to each store in one process. Chats: POST /chat "
            "(session, both messages stored, a streamed reply from a fast fixture model), "
            + ("200" if quick else "2,000") + " at 50 concurrent, to one `codex serve` and to two replicas on "
            "one database, all on the same 2 cores."),
        "mcp_inputs": (
            "The real `mcp-server-time` 2026.10.19 (PyPI, a Python stdio server) asked for "
            "`get_current_time` in UTC by each client in one process: the first call starts the server, "
            "runs the 2025-11-25 handshake, lists tools and calls, p50 of " + ("2" if quick else "10")
            + " fresh servers; warm calls are " + ("10" if quick else "200") + " more on one running server. "
            "The peer is the `mcp` 2.3.0 Python SDK's `ClientSession` over `stdio_client`."),
    }
    facts = [
        ("CPU", cpu()), ("memory", memory()), ("system", f"{os_name}, Linux {platform.release()}"),
        ("load average", f"{load_before} before the run, "
                         f"{' '.join(open('/proc/loadavg').read().split()[:3])} after; the run took {seconds // 60} min"),
        ("codex", output(os.path.join(ROOT, ".build/release/codex"), "--version")
         + ", " + output("swift", "--version").splitlines()[0] if output("swift", "--version") else "?"),
        ("libraries", f"SQLite {output('python3', '-c', 'import sqlite3; print(sqlite3.sqlite_version)')} "
                      f"(system), {openblas()}"),
        ("peers", peer_versions()),
        ("mode", mode),
    ]
    print(json.dumps({"date": datetime.date.today().isoformat(), "commit": output("git", "rev-parse", "--short", "HEAD"),
                      "mode": mode, "facts": facts, "inputs": inputs}, indent=1))


if __name__ == "__main__":
    main()
