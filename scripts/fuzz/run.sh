#!/usr/bin/env bash
# Builds one libFuzzer target (swiftc -sanitize=fuzzer,address, Linux) and runs it for SECONDS.
# Usage: scripts/fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
#        FUZZ_CPU=1 scripts/fuzz/run.sh TARGET SECONDS   # SECONDS of CPU time, not wall time (a shared machine)
#   TARGET: safetensors | jsonlines | gate-parameters | eval-config | http-request | keras-config
# http-request needs `swift build --target Server` first (it compiles the contract's generated types and links the
# OpenAPIRuntime and HTTPTypes objects of that debug build, uninstrumented: the coverage is of our code and the types).
# The committed seeds (Fuzz/corpus/TARGET) are read, never written; the growing corpus lives in
# .build/fuzz/corpus/TARGET and a crashing input in .build/fuzz/crashes/TARGET/ (turn each into a test).
# The last lines printed are libFuzzer's final statistics (executions, executions per second, peak memory).
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=${1:?usage: scripts/fuzz/run.sh TARGET SECONDS}; SECONDS_TO_RUN=${2:?usage: scripts/fuzz/run.sh TARGET SECONDS}
shift 2
WM=Sources/WorkingMemory
NN=Sources/Neural
case "$TARGET" in
  safetensors) SOURCES="$NN/Interop/Safetensors.swift $NN/Interop/SafetensorsHeader.swift $NN/Interop/SafetensorsError.swift $NN/Tensor/Tensor.swift $NN/Tensor/NeuralError.swift Fuzz/SafetensorsTarget.swift" ;;
  jsonlines) SOURCES="$WM/Evaluation/JSONLines.swift $WM/Evaluation/EvaluationItem.swift $WM/Evaluation/EvaluationQuery.swift $WM/Evaluation/ISODate.swift $WM/MemoryError.swift $WM/JSONTextCheck.swift Fuzz/JSONLinesTarget.swift" ;;
  gate-parameters) SOURCES="$WM/Gates/GateParameters.swift $WM/MemoryError.swift $WM/KnownFields.swift $WM/JSONErrorText.swift $WM/JSONTextCheck.swift Fuzz/GateParametersTarget.swift" ;;
  eval-config) SOURCES="$(grep -L "^import Neural" $WM/Retrieval/*.swift | tr '\n' ' ') $WM/Evaluation/ISODate.swift $WM/MemoryError.swift $WM/KnownFields.swift $WM/JSONErrorText.swift $WM/JSONTextCheck.swift Fuzz/EvalConfigurationTarget.swift" ;;
  http-request)
    GENERATED=$(ls .build/plugins/outputs/*/Server/destination/OpenAPIGenerator/GeneratedSources/Types*.swift 2>/dev/null | tr '\n' ' ')
    DEBUG=.build/debug
    if [ -z "$GENERATED" ] || ! ls "$DEBUG"/OpenAPIRuntime.build/*.o > /dev/null 2>&1; then
      echo "http-request: run 'swift build --target Server' first (the generated types and OpenAPIRuntime's objects)" >&2; exit 1
    fi
    SRV=Sources/Server/HTTP
    SOURCES="$GENERATED $SRV/RFC3339DateTranscoder.swift $SRV/JSONNullCheck.swift $SRV/DecodingErrorText.swift $SRV/TenantKeys.swift $WM/Session/Namespace.swift $WM/MemoryError.swift $WM/JSONTextCheck.swift Fuzz/HTTPRequestTarget.swift"
    LINK="-I $DEBUG/Modules $(ls "$DEBUG"/OpenAPIRuntime.build/*.o "$DEBUG"/HTTPTypes.build/*.o | tr '\n' ' ')" ;;
  keras-config) K=$NN/Interop/Keras; SOURCES="$K/KerasJSON.swift $K/KerasError.swift $K/KerasLayerConfig.swift $K/KerasRecurrent.swift $K/KerasLayer.swift $K/KerasInput.swift $K/KerasArchitecture.swift $K/KerasArchitecture+Functional.swift $NN/Layers/Activation.swift Fuzz/KerasConfigTarget.swift" ;;
  *) echo "unknown target '$TARGET'; one of: safetensors, jsonlines, gate-parameters, eval-config, http-request, keras-config" >&2; exit 64 ;;
esac
OUT=.build/fuzz; BIN=$OUT/$TARGET
mkdir -p "$OUT/corpus/$TARGET" "$OUT/crashes/$TARGET"
# The target's sources are compiled into one module, instrumented for coverage (fuzzer) and memory errors.
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_${TARGET//-/_}" $SOURCES ${LINK:-} -o "$BIN"
FLAGS=(-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/crashes/$TARGET/")
if [ "${FUZZ_CPU:-0}" != 1 ]; then
  exec "$BIN" -max_total_time="$SECONDS_TO_RUN" "${FLAGS[@]}" "$@" "$OUT/corpus/$TARGET" "Fuzz/corpus/$TARGET"
fi
# CPU-time budget: the fuzzer runs until its own user+system time reaches SECONDS, then gets SIGINT (libFuzzer
# then prints its final statistics and exits 0); a crash ends it earlier with libFuzzer's non-zero status.
"$BIN" "${FLAGS[@]}" "$@" "$OUT/corpus/$TARGET" "Fuzz/corpus/$TARGET" &
PID=$!; START=$(date +%s); TICKS=$(getconf CLK_TCK); USED=0
cpu_seconds() { awk -v t="$TICKS" '{ print int(($14 + $15) / t) }' "/proc/$PID/stat" 2>/dev/null || echo -1; }
while kill -0 "$PID" 2>/dev/null; do
  USED=$(cpu_seconds)
  if [ "$USED" -ge "$SECONDS_TO_RUN" ]; then kill -INT "$PID"; INTERRUPTED=1; break; fi
  sleep 5
done
STATUS=0; wait "$PID" || STATUS=$?
# 72 is libFuzzer's exit code for a run interrupted by the signal sent above: the budget was spent, no crash.
if [ "${INTERRUPTED:-0}" = 1 ] && [ "$STATUS" = 72 ]; then STATUS=0; fi
echo "fuzz $TARGET: ${USED} CPU seconds (budget $SECONDS_TO_RUN) in $(( $(date +%s) - START )) s wall, exit $STATUS"
exit "$STATUS"
