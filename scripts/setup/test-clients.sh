#!/usr/bin/env bash
# Installs the real clients the server tests talk to (the official openai and mcp packages, schemathesis)
# into a virtual environment outside the repository, once, and exports WM_TEST_PYTHON for the tests.
# Without them those tests skip with a message saying so; a failure here never stops the test run.
wm_venv="${WM_TEST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/workingmemory/venv-clients}"
wm_requirements="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/requirements-clients.txt"

wm_install_test_clients() {
    echo "setup: installing the test clients (openai, mcp, schemathesis) into $wm_venv" >&2
    rm -rf "$wm_venv"
    if ! python3 -m venv "$wm_venv" 2>/dev/null; then
        echo "setup: python3 -m venv failed; installing python3-venv" >&2
        local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
        $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$wm_venv"
        python3 -m venv "$wm_venv" || return 1
    fi
    "$wm_venv/bin/pip" install -q -r "$wm_requirements" || return 1
    cp "$wm_requirements" "$wm_venv/requirements-clients.txt"
}

if [ ! -x "$wm_venv/bin/python" ] || ! cmp -s "$wm_requirements" "$wm_venv/requirements-clients.txt"; then
    wm_install_test_clients || { echo "setup: could not install the test clients; the tests that need them will say they skip" >&2; rm -rf "$wm_venv"; }
fi
if [ -x "$wm_venv/bin/python" ]; then export WM_TEST_PYTHON="$wm_venv/bin/python"; fi
