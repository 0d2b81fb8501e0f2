#!/usr/bin/env bash
# The main job: installs what is missing, builds `wm` (release) and serves the memory over HTTP on
# http://127.0.0.1:8080 with its embedded SQLite default (wm.sqlite). Extra arguments go to `wm serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup/packages.sh
swift build -c release --product wm
exec .build/release/wm serve "$@"
