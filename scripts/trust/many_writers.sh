#!/usr/bin/env bash
# Several processes of `wm` on one session: WRITERS loops of N `wm remember` each, while one loop asks for
# contexts. Prints failed calls, stored events and whether `wm inspect` agrees.
# Usage: scripts/trust/many_writers.sh [N=100] [WRITERS=3] [WM=.build/debug/wm]
set -u
N=${1:-100}; WRITERS=${2:-3}; WM=${3:-.build/debug/wm}
DIR=$(mktemp -d); DB="$DIR/m.sqlite"; trap 'rm -rf "$DIR"' EXIT
# A copy of the binary: a rebuild during the run must not pull it away ("Text file busy").
cp "$WM" "$DIR/wm" && WM="$DIR/wm"
"$WM" remember --db "$DB" --pin "The shared session starts here." > /dev/null || exit 1
start=$(date +%s.%N)
for w in $(seq 1 "$WRITERS"); do
  ( fails=0
    for k in $(seq 1 "$N"); do
      "$WM" remember --db "$DB" "writer $w says number $k about topic w${w}k${k}" > /dev/null 2>> "$DIR/err" || fails=$((fails+1))
    done
    echo "$fails" > "$DIR/fails.$w" ) &
done
( fails=0; calls=0
  while [ "$(ls "$DIR"/fails.* 2>/dev/null | wc -l)" -lt "$WRITERS" ]; do
    calls=$((calls+1))
    "$WM" context --db "$DB" "what did writer 2 say about topic" > /dev/null 2>> "$DIR/err" || fails=$((fails+1))
  done
  echo "$fails $calls" > "$DIR/readers" ) &
wait
end=$(date +%s.%N)
writes_failed=$(cat "$DIR"/fails.* | paste -sd+ | bc)
read reads_failed reads < "$DIR/readers"
events=$(sqlite3 "$DB" "SELECT COUNT(*) FROM events" 2>/dev/null || echo "?")
distinct=$(sqlite3 "$DB" "SELECT COUNT(DISTINCT text) FROM events" 2>/dev/null || echo "?")
turn=$("$WM" inspect --db "$DB" --decisions 0 | head -1 | sed 's/.*turn //')
expected=$((N * WRITERS + 1))
echo "writers=$WRITERS x $N remember: failed $writes_failed; context calls: $reads, failed $reads_failed"
echo "events stored $events (distinct texts $distinct), expected $expected; wm inspect turn $turn"
echo "seconds $(echo "$end - $start" | bc)"
[ -s "$DIR/err" ] && { echo "first errors:"; sort "$DIR/err" | uniq -c | sort -rn | head -5; }
[ "$writes_failed" = 0 ] && [ "$reads_failed" = 0 ] && [ "$events" = "$expected" ] && [ "$distinct" = "$expected" ] && [ "$turn" = "$expected" ]
