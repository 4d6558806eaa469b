#!/usr/bin/env python3
"""The embedder's peers for scripts/bench/embedder.sh; run with the peers' venv (torch 2.13.0+cpu, onnxruntime).

    embedder_peer.py inputs OUTDIR            write chunks.json (≥256 tokens each) and queries.json
    embedder_peer.py export MODEL_DIR OUT     export the model to ONNX (opset 17, dynamic axes)
    embedder_peer.py quantize MODEL.onnx OUT  onnxruntime's dynamic int8 quantisation (per channel)
    embedder_peer.py torch|onnx MODEL_DIR TEXTS.json --batch N [--threads 2] [--onnx FILE]

Each run prints one JSON line like codex-bench's: texts/s, ms per call, peak RSS of the process.
Both runtimes tokenize with the reference tokenizer (truncate at 256, pad to the longest in a
batch, mean pooling over the attention mask, L2 normalisation), as sentence-transformers does.
"""
import json
import os
import random
import resource
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
MAX_LENGTH = 256

WORDS = """the a of to and in is for on with that by this be are from as or it an at server client key
signing rotate rotation configuration file directory store index chunk embedding vector query answer
document collection provider model token stream request response error retry timeout deadline cache
memory session tool plugin bundle export import archive checksum database migration schema table column
row transaction lock backup restore install setup build release version update upgrade network loopback
port address proxy certificate authority trust policy egress cloud local offline laptop machine process
thread queue worker batch job schedule cron log metric trace span latency throughput benchmark profile
function method class struct protocol interface module package library dependency compiler linker
runtime heap stack pointer buffer array string integer float boolean optional result value reference
user administrator permission role group account password secret environment variable default option
flag argument command shell script terminal output input format json yaml toml markdown text html pdf
search retrieval ranking fusion score citation line range path folder recursive hidden ignored binary
when how why what which must should can may never always first then after before during until unless
""".split()


def make_inputs(outdir: str) -> None:
    rng = random.Random(20261125)
    os.makedirs(outdir, exist_ok=True)

    def sentence(n):
        words = [rng.choice(WORDS) for _ in range(n)]
        return " ".join(words).capitalize() + rng.choice([".", ".", ",", ";", "?", ":"])

    chunks = [" ".join(sentence(rng.randint(8, 20)) for _ in range(24)) for _ in range(1000)]
    queries = [sentence(rng.randint(4, 9)) for _ in range(200)]
    for name, texts in [("chunks.json", chunks), ("queries.json", queries)]:
        with open(os.path.join(outdir, name), "w") as f:
            json.dump(texts, f)


def export(model_dir: str, out: str) -> None:
    import torch
    from transformers import BertModel

    model = BertModel.from_pretrained(model_dir).eval()

    class Wrapper(torch.nn.Module):  # recent transformers need keyword arguments for tracing
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones(2, 8, dtype=torch.long)
    dynamic = {0: "batch", 1: "sequence"}
    torch.onnx.export(Wrapper(model), (ids, ids, torch.zeros_like(ids)), out, dynamo=False, opset_version=17,
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "token_type_ids": dynamic,
                                    "last_hidden_state": dynamic})


def quantize(source: str, out: str) -> None:
    """onnxruntime's dynamic quantisation: int8 weights per channel, activations quantised per call."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(source, out, weight_type=QuantType.QInt8, per_channel=True)


def run(runtime: str, model_dir: str, texts_path: str, batch: int, threads: int, onnx_path: str) -> None:
    import numpy as np

    with open(texts_path) as f:
        texts = json.load(f)
    limit = int(os.environ.get("BENCH_LIMIT", len(texts)))
    texts = texts[:limit]
    if runtime == "torch":
        import torch
        from sentence_transformers import SentenceTransformer, models

        torch.set_num_threads(threads)
        transformer = models.Transformer(model_dir, max_seq_length=MAX_LENGTH)
        pooling = models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode="mean")
        model = SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")
        tokenizer = transformer.tokenizer

        def embed(batch_texts):
            return model.encode(batch_texts, batch_size=batch, convert_to_numpy=True)
    else:
        import onnxruntime as ort
        from transformers import BertTokenizerFast

        tokenizer = BertTokenizerFast(os.path.join(model_dir, "vocab.txt"), do_lower_case=True)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])

        def embed(batch_texts):
            enc = tokenizer(batch_texts, truncation=True, max_length=MAX_LENGTH, padding="longest",
                            return_tensors="np")
            feeds = {"input_ids": enc["input_ids"].astype(np.int64),
                     "attention_mask": enc["attention_mask"].astype(np.int64),
                     "token_type_ids": np.zeros_like(enc["input_ids"], dtype=np.int64)}
            hidden = session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    embed(texts[:min(batch, 4)])  # warm-up
    tokens = sum(len(ids) for ids in tokenizer(texts, truncation=True, max_length=MAX_LENGTH)["input_ids"])
    calls = 0
    cpu_start = sum(os.times()[:2])
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        vectors = embed(texts[i:i + batch])
        assert vectors.shape[1] == 384
        calls += 1
    seconds = time.perf_counter() - start
    cpu = sum(os.times()[:2]) - cpu_start
    weights = "int8" if onnx_path.endswith("-int8.onnx") else "float32"
    print(json.dumps({"runtime": "pytorch" if runtime == "torch" else "onnxruntime", "weights": weights, "batch": batch,
                      "threads": threads, "texts": len(texts), "mean_tokens": tokens / len(texts),
                      "texts_per_s": len(texts) / seconds, "ms_per_call": seconds * 1000 / calls,
                      "cpu_ms_per_text": cpu * 1000 / len(texts),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, sort_keys=True))


def main() -> None:
    args = sys.argv[1:]
    if args[0] == "inputs":
        make_inputs(args[1])
    elif args[0] == "export":
        export(args[1], args[2])
    elif args[0] == "quantize":
        quantize(args[1], args[2])
    else:
        def option(name, default):
            return args[args.index(name) + 1] if name in args else default
        run(args[0], args[1], args[2], int(option("--batch", "32")), int(option("--threads", "2")),
            option("--onnx", ""))


if __name__ == "__main__":
    main()
