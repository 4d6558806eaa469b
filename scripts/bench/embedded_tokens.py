#!/usr/bin/env python3
"""How many tokens each tool embedded while ingesting the corpus, counted with the reference
WordPiece tokenizer and each tool's own truncation (256), so embedding speed compares per token:
the tools cut text differently (codex embeds each chunk with its heading path first, leaving out
the lines it shares with the chunk before it, as `VectorBackfill.embeddingText` does; refpipe's
200-word chunks lose what passes 256 tokens; llm embeds the first 256 tokens of each file).

  embedded_tokens.py CODEX.sqlite REFPIPE.sqlite CORPUS_DIR GLOB_SUFFIX   (run with the peers' python)

Prints one JSON line: {"codex": N, "refpipe": N, "llm": N}.
"""
import json
import os
import sqlite3
import sys

from transformers import BertTokenizerFast

MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "all-minilm-l6-v2")


def count(tokenizer, texts):
    total = 0
    for start in range(0, len(texts), 512):
        batch = tokenizer(texts[start:start + 512], truncation=True, max_length=256)["input_ids"]
        total += sum(len(ids) for ids in batch)
    return total


def codex_texts(db):
    """What codex's embedder is given: the chunk without the lines the previous chunk of its file
    ends with (they are in that chunk's vector already), heading path first."""
    texts, previous = [], {}
    for doc, start, end, heading, text in db.execute(
            "SELECT document_id, start_line, end_line, heading, text FROM chunk ORDER BY document_id, ordinal"):
        shared = previous.get(doc, 0) - start + 1
        lines = end - start + 1
        if 0 < shared < lines and text.count("\n") == lines - 1:
            text = text.split("\n", shared)[shared]
        previous[doc] = end
        texts.append(heading + "\n" + text if heading else text)
    return texts


def main():
    codex_db, refpipe_db, corpus, suffix = sys.argv[1:5]
    tokenizer = BertTokenizerFast(os.path.join(MODEL, "vocab.txt"), do_lower_case=True)
    codex = codex_texts(sqlite3.connect(codex_db))
    refpipe = [t for (t,) in sqlite3.connect(refpipe_db).execute("SELECT text FROM chunk")]
    files = []
    for directory, _, names in os.walk(corpus):
        for name in names:
            if name.endswith(suffix):
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                    files.append(f.read())
    print(json.dumps({"codex": count(tokenizer, codex), "refpipe": count(tokenizer, refpipe), "llm": count(tokenizer, files)}))


if __name__ == "__main__":
    main()
