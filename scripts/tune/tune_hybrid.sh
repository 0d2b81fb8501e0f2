#!/usr/bin/env bash
# Tunes the weight of the vector signal in the hybrid ranking on LoCoMo's tuning half (conversations 0-4)
# and prints the held-out half (5-9) and all beside it, for each weight given.
#   scripts/tune/tune_hybrid.sh VECTORS.safetensors [WEIGHT...]
# VECTORS: the --vectors cache of `wm eval retrieval` (written by a run with --model, or by
# scripts/tune/embed_reference.py). WM: the wm binary (default .build/release/wm). PYTHON: any python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
vectors="$1"; shift
weights=("$@"); [ ${#weights[@]} -gt 0 ] || weights=(0 0.5 1 1.5 2 3)
WM="${WM:-.build/release/wm}"; PY="${PYTHON:-python3}"
D="${WM_EVAL_DATA:-eval-data}/queries"
tuning=conv-26,conv-30,conv-41,conv-42,conv-43
held=conv-44,conv-47,conv-48,conv-49,conv-50
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
r10() { "$PY" scripts/tune/score_retrieval.py --queries "$D/locomo_queries.jsonl" --rankings "$1" ${2:+--convs "$2"} --json \
        | "$PY" -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["overall (cat 1-4)"]["R@10"])'; }
printf '%-8s %8s %8s %8s\n' weight tuning held-out all
for w in ${weights[@]}; do
    echo "{\"weights\": {\"extra\": {\"vector\": $w}}}" > "$tmp/cfg.json"
    "$WM" eval retrieval --items "$D/locomo_items.jsonl" --queries "$D/locomo_queries.jsonl" --out "$tmp/r.jsonl" \
        --vectors "$vectors" --config "$tmp/cfg.json" 2>/dev/null
    printf '%-8s %8s %8s %8s\n' "$w" "$(r10 "$tmp/r.jsonl" $tuning)" "$(r10 "$tmp/r.jsonl" $held)" "$(r10 "$tmp/r.jsonl")"
done
