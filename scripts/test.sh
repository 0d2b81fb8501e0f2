#!/usr/bin/env bash
# The test suite: installs what is missing (system libraries, the test clients), then runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup/packages.sh
source scripts/setup/test-clients.sh
source scripts/setup/chromium.sh
source scripts/setup/encoder-model.sh
source scripts/setup/postgres.sh
# Not exec: the PostgreSQL cluster is stopped when this script exits.
swift test "$@"
