#!/usr/bin/env python3
"""Tunes the retriever's parameters on part of an evaluation set and reports the rest as held out.

Coordinate ascent on recall@10 (evaluated questions, category 1-4): each parameter in turn is set
to each value of its grid, all others fixed, and the best value is kept; `--passes` sweeps.
The tuning groups are the first `--tune-groups` groups in the items file (LoCoMo: conversations
0-4); the others are held out and never looked at while tuning. Prints the chosen configuration
(JSON for `wm eval retrieval --config`) and recall on the tuning, held-out and full sets.

usage: scripts/tune/tune_retrieval.py --wm .build/release/wm --items ITEMS.jsonl --queries QUERIES.jsonl
       [--tune-groups 5] [--passes 2] [--start CONFIG.json] [--out tuned.json]
Needs only the Python standard library (and a release build of `wm`).
"""
import argparse
import copy
import json
import os
import subprocess
import tempfile

KS = (1, 5, 10, 20)

# Parameter grids: (path in the configuration JSON, values tried).
GRID = [
    (("bm25", "k1"), [0.6, 0.9, 1.2, 1.5, 2.0]),
    (("bm25", "b"), [0.2, 0.3, 0.5, 0.75, 0.9]),
    (("neighbourWindow",), [2, 3, 4, 6, 8, 10]),
    (("neighbourDecay",), [0.3, 0.5, 0.7, 0.85, 1.0]),
    (("neighbourFromLater",), [0.5, 0.7, 1.0, 1.4, 2.0]),
    (("weights", "neighbours"), [0.5, 0.7, 1.0, 1.4, 2.0]),
    (("weights", "episode"), [0.0, 0.2, 0.5, 0.8, 1.2]),
    (("episodeBM25", "k1"), [0.3, 0.6, 1.2, 2.0]),
    (("episodeBM25", "b"), [0.3, 0.5, 0.75, 0.9]),
    (("weights", "speaker"), [0.0, 0.1, 0.2, 0.3, 0.5]),
    (("weights", "timeCue"), [0.0, 0.3, 0.5, 0.8, 1.2, 2.0]),
    (("weights", "timeMention"), [0.0, 0.1, 0.3, 0.5, 0.8, 1.2]),
    (("timeCueSlackDays",), [0, 3, 7, 14]),
    (("timeCueScaleDays",), [1, 3, 7, 14, 30]),
    (("weights", "recency"), [0.0, 0.02, 0.05]),
    (("feedbackWeight",), [0.0, 0.1, 0.2, 0.3]),
    (("feedbackDocuments",), [3, 5, 10]),
    (("feedbackTerms",), [5, 10, 20]),
    (("episodeDiversity",), [1.0, 0.97, 0.9]),
]


def load(path):
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip()]


def group(o):
    return o.get("conv_id", o.get("corpus_id"))


def write(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


def recall(queries, rankings_path):
    ranked = {str(o["qid"]): o["ranked_ids"] for o in load(rankings_path)}
    sums, n = [0.0] * len(KS), 0
    for q in queries:
        ev = set(q.get("evidence_ids") or [])
        if not q.get("evaluated", True) or not ev or q.get("category") == 5:
            continue
        r = ranked.get(str(q["qid"]), [])
        sums = [s + len(ev & set(r[:k])) / len(ev) for s, k in zip(sums, KS)]
        n += 1
    return [s / n for s in sums]


class Runner:
    def __init__(self, wm, tmp):
        self.wm, self.tmp = wm, tmp

    def run(self, items_path, queries, queries_path, config, captions=True):
        cfg = os.path.join(self.tmp, "config.json")
        out = os.path.join(self.tmp, "rankings.jsonl")
        with open(cfg, "w") as f:
            json.dump(config, f)
        cmd = [self.wm, "eval", "retrieval", "--items", items_path, "--queries", queries_path, "--out", out,
               "--config", cfg, "--k", "20"]
        if not captions:
            cmd.append("--no-captions")
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        return recall(queries, out)


def setp(config, path, value):
    c = copy.deepcopy(config)
    d = c
    for p in path[:-1]:
        d = d.setdefault(p, {})
    d[path[-1]] = value
    return c


def getp(config, path):
    d = config
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wm", default=".build/release/wm")
    ap.add_argument("--items", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--tune-groups", type=int, default=5)
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--start", help="configuration JSON to start from (default: the built-in defaults)")
    ap.add_argument("--out", help="write the chosen configuration here")
    a = ap.parse_args()

    items, queries = load(a.items), load(a.queries)
    order = []
    for it in items:
        if group(it) not in order:
            order.append(group(it))
    tune = set(order[: a.tune_groups])
    tmp = tempfile.mkdtemp(prefix="tune-retrieval-")
    sets = {}
    for name, sel in (("tune", lambda g: g in tune), ("held-out", lambda g: g not in tune), ("all", lambda g: True)):
        ip, qp = os.path.join(tmp, f"items-{name}.jsonl"), os.path.join(tmp, f"queries-{name}.jsonl")
        qs = [q for q in queries if sel(group(q))]
        write(ip, [i for i in items if sel(group(i))])
        write(qp, qs)
        sets[name] = (ip, qs, qp)
    runner = Runner(a.wm, tmp)
    config = json.load(open(a.start)) if a.start else {}
    best = runner.run(*sets["tune"], config)[2]
    print(f"start: tune R@10 = {best:.4f}  {json.dumps(config)}", flush=True)
    for p in range(a.passes):
        changed = False
        for path, values in GRID:
            current = getp(config, path)
            for v in values:
                if v == current:
                    continue
                c = setp(config, path, v)
                r = runner.run(*sets["tune"], c)[2]
                if r > best + 1e-9:
                    best, config, changed = r, c, True
                    print(f"pass {p + 1}: {'.'.join(path)} = {v}: tune R@10 = {best:.4f}", flush=True)
        if not changed:
            break
    print("chosen:", json.dumps(config, sort_keys=True))
    for name in ("tune", "held-out", "all"):
        r = runner.run(*sets[name], config)
        print(f"{name:9} " + "  ".join(f"R@{k} {v:.3f}" for k, v in zip(KS, r)))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
