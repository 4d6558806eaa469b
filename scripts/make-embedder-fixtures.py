#!/usr/bin/env python3
"""Writes the reference fixtures the Swift embedder is tested against.

    python3 scripts/make-embedder-fixtures.py

Produces, from the weights in models/all-minilm-l6-v2 (scripts/setup.sh fetches them):
  Tests/Fixtures/embedder/tokenizer.json   tricky texts -> token ids from the reference tokenizer
  Tests/Fixtures/embedder/embeddings.json  varied sentences -> sentence-transformers vectors

The reference is sentence-transformers (Transformer max_seq_length=256 + mean Pooling + Normalize)
on PyTorch CPU, i.e. what people get from `SentenceTransformer("all-MiniLM-L6-v2")`. Its tokenizer is
the fast (Rust) BertTokenizerFast; the slow Python BertTokenizer's ids are recorded beside it so a
difference between the two is visible. Run once; the fixtures are committed. Nothing is downloaded
but the Python packages: the model is loaded offline from the local directory.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "models" / "all-minilm-l6-v2"
OUT_DIR = ROOT / "Tests" / "Fixtures" / "embedder"
VENV = ROOT / ".build-venv" / "embedder"
REQUIREMENTS = ["torch==2.13.0+cpu", "transformers", "sentence-transformers", "onnxruntime", "onnx"]
MAX_SEQ_LENGTH = 256


def ensure_venv() -> None:
    """Re-runs this script inside a private venv holding the pinned CPU torch."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([str(python), "-c", "import torch, sentence_transformers, onnxruntime"],
                           capture_output=True)
    if probe.returncode != 0:
        # An unpinned torch pulls the CUDA build; the +cpu pin installs the small CPU wheel.
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    os.execv(str(python), [str(python), *sys.argv])


LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # 135 characters -> [UNK]
LONG_TEXT = " ".join(
    f"Sentence {i} talks about the configuration of server number {i}, its logs, and the rotation of keys."
    for i in range(40))

TOKENIZER_TEXTS = [
    "",
    "   ",
    "Hello, world!",
    "HeLLo WoRLD, THIS is MiXeD CaSe.",
    "Café naïve résumé Ångström façade coöperate",
    "Crème brûlée à la mode, jalapeño, Zürich, Øresund, Łódź",
    "ΟΔΥΣΣΕΥΣ and Ελληνικά γράμματα",
    "Привет, как дела? Ёлка.",
    "我爱北京天安门",
    "東京タワーは高い。日本語のテキスト",
    "한국어 텍스트도 있습니다",
    "mixed中文and English混合text",
    "I ❤️ pizza 🍕🍕 and 👨‍👩‍👧 families 🇫🇷",
    "emoji-only: 😀😃😄😁",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    LONG_WORD,
    "short " + LONG_WORD + " end",
    "!!!???...,,,;;;:::",
    "Wait... what?! (really) [yes] {no} <maybe>",
    "a--b a---b ~~~ ^_^ @#$%&*",
    "$100.00 is 50% off — “quoted” ‘single’ «guillemets» …",
    "e-mail: someone@example.com, url: https://example.com/path?q=1&r=2#frag",
    "don't won't it's rock'n'roll O'Neill",
    "3.14159 1,000,000 2026-11-25 12:30:45 v1.2.3",
    "func main() { let x = a[i] + b.c(d: 1) }",
    "tab\tseparated\nnew line\r\ncarriage",
    "zero\u200bwidth\u200djoiner and soft\u00adhyphen",
    "control\u0000chars\u0001here\u007f and \ufffd replacement",
    "non\u00a0breaking\u2003em\u3000ideographic spaces",
    "Straße ﬁ ligature Ⅻ ① ²",
    "İstanbul ılık",
    "नमस्ते दुनिया",
    "مرحبا بالعالم",
    "สวัสดีชาวโลก",
    "ÀÉÎÕÜ àéîõü ñÑ çÇ",
    LONG_TEXT,
]

EMBEDDING_SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "A man is riding a horse.",
    "A woman is playing violin.",
    "Two men pushed carts through the woods.",
    "A man is riding a white horse on an enclosed ground.",
    "A monkey is playing drums.",
    "Someone in a gorilla costume is playing a set of drums.",
    "How do I rotate the signing key?",
    "Rotate the signing key every 90 days with `keyctl rotate --all`.",
    "The server returns 503 while the model is loading.",
    "Set CURLOPT_NOSIGNAL=1 before calling curl_easy_perform from a thread.",
    "What is the capital of France?",
    "Paris is the capital and most populous city of France.",
    "Berlin is the capital of Germany.",
    "The quick brown fox jumps over the lazy dog.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "I love programming in Swift.",
    "Python is a popular language for machine learning.",
    "func fibonacci(_ n: Int) -> Int { n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2) }",
    "SELECT id, title FROM document WHERE collection_id = ? ORDER BY mtime DESC;",
    "ERROR: connection refused (errno 111) at 127.0.0.1:11434",
    "Café au lait, crème brûlée and a croissant, s'il vous plaît.",
    "Der schnelle braune Fuchs springt über den faulen Hund.",
    "El rápido zorro marrón salta sobre el perro perezoso.",
    "Быстрая коричневая лиса прыгает через ленивую собаку.",
    "我爱北京天安门",
    "東京は日本の首都です。",
    "I ❤️ pizza 🍕 and sushi 🍣!",
    "!!!???...",
    "OK",
    "a",
    "",
    "The mitochondria is the powerhouse of the cell.",
    "Photosynthesis converts light energy into chemical energy.",
    "The stock market fell sharply on Tuesday amid inflation fears.",
    "Interest rates were raised by a quarter of a percentage point.",
    "She sells seashells by the seashore.",
    "To be, or not to be, that is the question.",
    "All happy families are alike; each unhappy family is unhappy in its own way.",
    "It was the best of times, it was the worst of times.",
    "The patient was prescribed 500 mg of amoxicillin three times a day.",
    "Install the package with apt-get install libopenblas-dev pkg-config.",
    "Memory usage peaked at 280 MB during ingestion of 6 MB of documentation.",
    "Reciprocal rank fusion combines BM25 and vector search results.",
    "The weather today is sunny with a high of 25 degrees Celsius.",
    "It is raining cats and dogs outside.",
    "Can you recommend a good book about distributed systems?",
    "Consensus algorithms such as Raft and Paxos keep replicas consistent.",
    "supercalifragilisticexpialidocious",
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\": true}",
    "user@example.com wrote: see https://example.com/docs?page=2#intro",
    "Version 2.13.0+cpu was released on 2026-11-25 at 12:30 UTC.",
    "The the the the the the the the the the.",
    "  leading and trailing whitespace   ",
    "Tabs\tand\nnewlines\nin\ttext",
    "ÀÉÎÕÜ àéîõü ñÑ çÇ",
    "Ελληνικά γράμματα και λέξεις",
    "मुझे हिंदी पसंद है",
    LONG_TEXT,
    " ".join(["word"] * 300),
]


def round_sig(x: float, digits: int = 5) -> float:
    return float(f"{x:.{digits}g}")


def main() -> None:
    ensure_venv()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertTokenizer, BertTokenizerFast

    torch.set_num_threads(2)
    fast = BertTokenizerFast(str(MODEL_DIR / "vocab.txt"), do_lower_case=True)
    slow = BertTokenizer(str(MODEL_DIR / "vocab.txt"), do_lower_case=True)

    def ids(tokenizer, text):
        return tokenizer(text, truncation=True, max_length=MAX_SEQ_LENGTH)["input_ids"]

    cases = []
    for text in TOKENIZER_TEXTS:
        fast_ids, slow_ids = ids(fast, text), ids(slow, text)
        cases.append({"text": text, "ids": fast_ids, "slow_ids": slow_ids if slow_ids != fast_ids else None,
                      "untruncated_count": len(fast(text)["input_ids"])})
        if slow_ids != fast_ids:
            print(f"note: fast and slow tokenizers differ on {text!r}", file=sys.stderr)

    transformer = models.Transformer(str(MODEL_DIR), max_seq_length=MAX_SEQ_LENGTH)
    for text in TOKENIZER_TEXTS:  # the fixture's tokenizer must be the one the vectors were made with
        assert transformer.tokenize([text])["input_ids"][0].tolist() == ids(fast, text), text
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode="mean")
    model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
    vectors = model.encode(EMBEDDING_SENTENCES, batch_size=8, convert_to_numpy=True)
    sanity = float(vectors[0] @ vectors[1])
    print(f"sanity pair cosine: {sanity:.4f}", file=sys.stderr)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    meta = {"generator": "scripts/make-embedder-fixtures.py", "torch": torch.__version__,
            "tokenizer": "BertTokenizerFast(vocab.txt, do_lower_case=True)", "max_seq_length": MAX_SEQ_LENGTH}
    (OUT_DIR / "tokenizer.json").write_text(
        json.dumps({**meta, "cases": cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    embeddings = [{"text": t, "token_count": len(ids(fast, t)), "vector": [round_sig(float(x)) for x in v]}
                  for t, v in zip(EMBEDDING_SENTENCES, vectors)]
    (OUT_DIR / "embeddings.json").write_text(
        json.dumps({**meta, "sanity_pair_cosine": sanity, "sentences": embeddings}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    print(f"wrote {len(cases)} tokenizer cases and {len(embeddings)} embeddings to {OUT_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
