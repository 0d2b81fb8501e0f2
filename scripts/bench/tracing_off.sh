#!/usr/bin/env bash
# Tracing off against the engine before tracing, in one run: alternates two benchmark commands that
# print the median table of `wm nn bench` (BEFORE and AFTER: e.g. release builds of `wm` at the two
# commits, run as `BIN nn bench --python none --quick`) for ROUNDS rounds, flipping the order each
# round so that drift of the machine load hits both alike, and prints per case the median over the
# rounds of each command's median sample and the ratio AFTER / BEFORE (1.000 = the same speed).
#
#   scripts/bench/tracing_off.sh "/tmp/wm-before nn bench --python none --quick" \
#                                "/tmp/wm-after nn bench --python none --quick" 9
set -euo pipefail
before=${1:?usage: tracing_off.sh BEFORE-COMMAND AFTER-COMMAND [ROUNDS]}
after=${2:?usage: tracing_off.sh BEFORE-COMMAND AFTER-COMMAND [ROUNDS]}
rounds=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The median table's time column, in microseconds: "(a) …   18.1 us …" → "a 18.1".
times() {
    awk '/^case \(median\)/ { on = 1; next } /^case \(best\)/ { on = 0 }
         on && /^\([a-d]\)/ { c = substr($1, 2, 1)
             for (i = 2; i <= NF; i++) if ($i == "us" || $i == "ms") { v = $(i - 1); if ($i == "ms") v *= 1000; print c, v; break } }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "uptime at the start: $(uptime)"
for r in $(seq 1 "$rounds"); do
    if (( r % 2 )); then order=(before after); else order=(after before); fi
    for side in "${order[@]}"; do
        command=$before; [ "$side" = after ] && command=$after
        bash -c "$command" | times >> "$out/$side"
    done
done
echo "uptime at the end:   $(uptime)"
printf '%-5s %14s %14s %8s   (median over %d rounds of each run'"'"'s median sample)\n' case before after ratio "$rounds"
for c in a b c d; do
    b=$(awk -v c="$c" '$1 == c { print $2 }' "$out/before" | median)
    a=$(awk -v c="$c" '$1 == c { print $2 }' "$out/after" | median)
    [ -z "$b" ] || [ -z "$a" ] && continue
    awk -v c="$c" -v b="$b" -v a="$a" 'BEGIN { printf "(%s)   %11.1f us %11.1f us %8.3f\n", c, b, a, a / b }'
done
