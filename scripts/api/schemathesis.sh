#!/usr/bin/env bash
# Runs schemathesis (PyPI) against a live `wm serve` on a temporary database: every operation of the served
# contract (/openapi.json), positive and negative data, all checks (no 5xx, responses inside the schema, status
# codes and content types as documented, auth not ignored, ...).
#
#   scripts/api/schemathesis.sh                 # uses .build/debug/wm (built if missing)
#   WM=.build/release/wm PYTHON=python3 EXAMPLES=50 scripts/api/schemathesis.sh
#
# PYTHON: a Python with schemathesis installed (default python3). Exit status: schemathesis's.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python3}"
WM="${WM:-.build/debug/wm}"
EXAMPLES="${EXAMPLES:-30}"
if ! "$PYTHON" -c "import schemathesis" 2>/dev/null; then
    echo "schemathesis is not installed for $PYTHON; install it with: $PYTHON -m pip install schemathesis" >&2
    exit 2
fi
[ -x "$WM" ] || swift build --product wm
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
key="schemathesis-key-0123456789abcdef"
printf '{"%s": "fuzz"}\n' "$key" > "$work/keys.json"
"$WM" serve --host 127.0.0.1 --port 0 --db "$work/wm.sqlite" --keys "$work/keys.json" --log-level error > "$work/serve.out" &
server=$!
for _ in $(seq 1 300); do
    url="$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "wm serve did not start: $(cat "$work/serve.out")" >&2; exit 1; }
st() { "$PYTHON" -c 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "schemathesis"; sys.exit(schemathesis())' "$@"; }
echo "schemathesis $(st --version | awk '{print $NF}') against $url/openapi.json ($EXAMPLES examples per operation)"
# From the temporary folder: schemathesis keeps its caches in the working directory.
cd "$work"
st run "$url/openapi.json" --checks all -H "Authorization: Bearer $key" \
    --max-examples "$EXAMPLES" --seed 1 --no-color --generation-database none "$@"
