#!/usr/bin/env python3
"""Indexing and query speed of Python's rank_bm25 and bm25s on a retrieval evaluation's items,
the peers of `wm eval bench` (scripts/bench/bench_retrieval.sh runs both and prints ratios).

All items form one corpus, copied --copies times. Indexing time includes tokenization.
- rank_bm25 (BM25Okapi) has no tokenizer: lower-cased \\w+ words (the reference tokenization of
  $WM_EVAL_DATA/README.md); a query is get_scores + the top 10 by argpartition.
- bm25s: its own tokenizer with English stop words (no stemmer: PyStemmer is not installed);
  queries run one at a time (latency) and as one batch (its best case, throughput).
Prints one JSON object per system. Needs a venv with scripts/requirements.txt ($PYTHON) (numpy, rank_bm25, bm25s).
"""
import argparse
import json
import re
import time

import numpy as np

WORD = re.compile(r"\w+")


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(np.ceil(len(xs) * p)) - 1))] * 1000 if xs else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--max-queries", type=int, default=2000)
    ap.add_argument("--systems", default="rank_bm25,bm25s")
    a = ap.parse_args()
    texts = [json.loads(l)["text"] for l in open(a.items) if l.strip()] * a.copies
    questions = [json.loads(l)["question"] for l in open(a.queries) if l.strip()][: a.max_queries]
    systems = a.systems.split(",")

    if "rank_bm25" in systems:
        from rank_bm25 import BM25Okapi

        t0 = time.perf_counter()
        bm = BM25Okapi([WORD.findall(t.lower()) for t in texts])
        index_s = time.perf_counter() - t0
        lat = []
        t0 = time.perf_counter()
        for q in questions:
            s = time.perf_counter()
            scores = bm.get_scores(WORD.findall(q.lower()))
            top = np.argpartition(-scores, 10)[:10]
            top = top[np.argsort(-scores[top])]
            lat.append(time.perf_counter() - s)
        query_s = time.perf_counter() - t0
        print(json.dumps({"system": "rank_bm25", "items": len(texts), "queries": len(questions), "index_s": index_s,
                          "query_s": query_s, "p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99)}), flush=True)

    if "bm25s" in systems:
        import bm25s

        t0 = time.perf_counter()
        tokens = bm25s.tokenize(texts, stopwords="en", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        index_s = time.perf_counter() - t0
        lat = []
        t0 = time.perf_counter()
        for q in questions:
            s = time.perf_counter()
            qt = bm25s.tokenize([q], stopwords="en", show_progress=False)
            if qt.vocab:
                retriever.retrieve(qt, k=10, show_progress=False)
            lat.append(time.perf_counter() - s)
        query_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        qt = bm25s.tokenize(questions, stopwords="en", show_progress=False)
        retriever.retrieve(qt, k=10, show_progress=False, n_threads=1)
        batch_s = time.perf_counter() - t0
        print(json.dumps({"system": "bm25s", "items": len(texts), "queries": len(questions), "index_s": index_s,
                          "query_s": query_s, "batch_query_s": batch_s, "p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99)}), flush=True)


if __name__ == "__main__":
    main()
