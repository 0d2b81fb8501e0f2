#!/usr/bin/env bash
# Speed of the lexical ranking against Python's rank_bm25 and bm25s, on the same items, in one run.
# usage: scripts/bench/bench_retrieval.sh [ITEMS.jsonl] [QUERIES.jsonl] [COPIES] [MAX_QUERIES]
# Builds `wm` in release, runs `wm eval bench` and scripts/bench/bench_bm25.py (in a venv with scripts/requirements.txt ($PYTHON), or $PYTHON)
# on the same corpus (COPIES copies of ITEMS, one corpus), and prints speeds and ratios (wm / peer).
set -euo pipefail
cd "$(dirname "$0")/../.."
ITEMS=${1:-$WM_EVAL_DATA/queries/locomo_items.jsonl}
QUERIES=${2:-$WM_EVAL_DATA/queries/locomo_queries.jsonl}
COPIES=${3:-1}
MAXQ=${4:-2000}
PYTHON=${PYTHON:-$PYTHON}
swift build -c release --product wm >/dev/null
OUT=$(mktemp)
.build/release/wm eval bench --items "$ITEMS" --queries "$QUERIES" --copies "$COPIES" --max-queries "$MAXQ" >"$OUT"
"$PYTHON" scripts/bench/bench_bm25.py --items "$ITEMS" --queries "$QUERIES" --copies "$COPIES" --max-queries "$MAXQ" >>"$OUT"
"$PYTHON" - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
wm = next(r for r in rows if r["system"] == "wm")
n, q = wm["items"], wm["queries"]
print(f"corpus: {n} items, {q} queries (top 10)")
print(f"{'system':<26}{'index items/s':>15}{'queries/s':>12}{'p50 ms':>9}{'p99 ms':>9}")
def line(name, index_s, query_s, p50, p99):
    print(f"{name:<26}{n / index_s:>15,.0f}{q / query_s:>12,.0f}{p50:>9.3f}{p99:>9.3f}")
line("wm BM25 (LexicalIndex)", wm["bm25_index_s"], wm["bm25_query_s"], wm["bm25_p50_ms"], wm["bm25_p99_ms"])
line("wm fused (Retriever)", wm["fused_index_s"], wm["fused_query_s"], wm["fused_p50_ms"], wm["fused_p99_ms"])
for r in rows:
    if r["system"] != "wm":
        line(r["system"], r["index_s"], r["query_s"], r["p50_ms"], r["p99_ms"])
        if "batch_query_s" in r:
            print(f"{r['system'] + ' (one batch)':<26}{'':>15}{q / r['batch_query_s']:>12,.0f}")
print("ratios (wm BM25 speed / peer speed; > 1: wm faster):")
for r in rows:
    if r["system"] == "wm":
        continue
    s = f"  vs {r['system']:<10} indexing x{r['index_s'] / wm['bm25_index_s']:.2f}   queries x{r['query_s'] / wm['bm25_query_s']:.2f}"
    if "batch_query_s" in r:
        s += f"   queries vs its batch x{r['batch_query_s'] / wm['bm25_query_s']:.2f}"
    s += f"   (fused retriever queries x{r['query_s'] / wm['fused_query_s']:.2f})"
    print(s)
PY
rm -f "$OUT"
