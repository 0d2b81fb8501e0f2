#!/usr/bin/env python3
"""Recall@k of retrieval rankings, written independently of the Swift scorer (`wm eval score`) to check it.

recall@k of a question = share of its evidence_ids in the top k of its ranking; averaged over
questions with `evaluated` true and category 1-4 ("overall"); every category is also reported
apart (category 5, LoCoMo's adversarial questions, is not in "overall").

usage: scripts/tune/score_retrieval.py --queries QUERIES.jsonl --rankings RANKINGS.jsonl [--convs conv-26,conv-30]
Needs only the Python standard library.
"""
import argparse
import json
from collections import defaultdict

KS = (1, 5, 10, 20)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--rankings", required=True)
    ap.add_argument("--convs", help="comma-separated group keys to score (default: all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    a = ap.parse_args()
    ranked = {}
    with open(a.rankings) as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                ranked[str(o["qid"])] = o["ranked_ids"]
    keep = set(a.convs.split(",")) if a.convs else None
    sums = defaultdict(lambda: [0.0] * len(KS))
    counts = defaultdict(int)
    with open(a.queries) as f:
        for line in f:
            if not line.strip():
                continue
            q = json.loads(line)
            group = q.get("conv_id", q.get("corpus_id"))
            if keep is not None and group not in keep:
                continue
            ev = set(q.get("evidence_ids") or [])
            if not q.get("evaluated", True) or not ev:
                continue
            r = ranked.get(str(q["qid"]), [])
            cat = q.get("category")
            rec = [len(ev & set(r[:k])) / len(ev) for k in KS]
            for key in ([f"category {cat}"] + (["overall (cat 1-4)"] if cat != 5 else [])):
                sums[key] = [s + x for s, x in zip(sums[key], rec)]
                counts[key] += 1
    rows = {k: [s / counts[k] for s in sums[k]] for k in sums}
    if a.json:
        print(json.dumps({k: {"n": counts[k], **{f"R@{kk}": round(v, 4) for kk, v in zip(KS, rows[k])}} for k in rows}))
        return
    print("set                  questions  " + " ".join(f"R@{k:<4}" for k in KS))
    for k in sorted(rows, key=lambda s: (not s.startswith("overall"), s)):
        print(f"{k:<20} {counts[k]:>9}  " + " ".join(f"{v:.3f} " for v in rows[k]))


if __name__ == "__main__":
    main()
