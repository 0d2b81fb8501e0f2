#!/usr/bin/env bash
# Builds one libFuzzer target (swiftc -sanitize=fuzzer,address, Linux) and runs it for SECONDS.
# Usage: scripts/fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#   TARGET: safetensors | jsonlines | gate-parameters | eval-config
# The committed seeds (Fuzz/corpus/TARGET) are read, never written; the growing corpus lives in
# .build/fuzz/corpus/TARGET and a crashing input in .build/fuzz/crashes/TARGET/ (turn each into a test).
# The last lines printed are libFuzzer's final statistics (executions, executions per second, peak memory).
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=${1:?usage: scripts/fuzz/run.sh TARGET SECONDS}; SECONDS_TO_RUN=${2:?usage: scripts/fuzz/run.sh TARGET SECONDS}
shift 2
WM=Sources/WorkingMemory
case "$TARGET" in
  safetensors) SOURCES="Sources/Neural/Safetensors.swift Sources/Neural/SafetensorsHeader.swift Sources/Neural/SafetensorsError.swift Sources/Neural/Tensor.swift Sources/Neural/NeuralError.swift Fuzz/SafetensorsTarget.swift" ;;
  jsonlines) SOURCES="$WM/Evaluation/JSONLines.swift $WM/Evaluation/EvaluationItem.swift $WM/Evaluation/EvaluationQuery.swift $WM/Evaluation/ISODate.swift $WM/MemoryError.swift Fuzz/JSONLinesTarget.swift" ;;
  gate-parameters) SOURCES="$WM/Gates/GateParameters.swift $WM/MemoryError.swift $WM/KnownFields.swift $WM/JSONErrorText.swift Fuzz/GateParametersTarget.swift" ;;
  eval-config) SOURCES="$(ls $WM/Retrieval/*.swift | tr '\n' ' ') $WM/Evaluation/ISODate.swift $WM/MemoryError.swift $WM/KnownFields.swift $WM/JSONErrorText.swift Fuzz/EvalConfigurationTarget.swift" ;;
  *) echo "unknown target '$TARGET'; one of: safetensors, jsonlines, gate-parameters, eval-config" >&2; exit 64 ;;
esac
OUT=.build/fuzz; BIN=$OUT/$TARGET
mkdir -p "$OUT/corpus/$TARGET" "$OUT/crashes/$TARGET"
# The target's sources are compiled into one module, instrumented for coverage (fuzzer) and memory errors.
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_${TARGET//-/_}" $SOURCES -o "$BIN"
"$BIN" -max_total_time="$SECONDS_TO_RUN" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$OUT/crashes/$TARGET/" "$@" "$OUT/corpus/$TARGET" "Fuzz/corpus/$TARGET"
