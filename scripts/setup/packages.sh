#!/usr/bin/env bash
# Installs the system libraries the Swift package links (Debian 12): OpenBLAS for GEMM, SQLite for GRDB, HDF5 for Keras files.
# Sourced by scripts/serve.sh and scripts/test.sh; says what it installs, and installs nothing when all is there.
set -euo pipefail
wm_missing=()
for pkg in libopenblas-dev libsqlite3-dev libhdf5-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || wm_missing+=("$pkg")
done
if ((${#wm_missing[@]})); then
    echo "setup: installing ${wm_missing[*]} (apt-get; needs root)" >&2
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${wm_missing[@]}" >/dev/null
    echo "setup: installed ${wm_missing[*]}" >&2
fi
