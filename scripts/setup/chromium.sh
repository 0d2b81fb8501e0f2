#!/usr/bin/env bash
# Installs Debian's chromium, the headless browser the test of `wm inspect --html` loads its page in
# (console errors, rendered DOM, a screenshot). Sourced by scripts/test.sh; says what it installs, and
# installs nothing when a chromium is already on PATH. Without it that test is skipped and says so.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "setup: installing chromium (apt-get; needs root)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
    echo "setup: installed chromium" >&2
fi
