#!/usr/bin/env bash
# On-demand coverage-guided fuzzing of the PostgreSQL-free parsers with libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer (clang). Bounded by time per target.
#   bash scripts/fuzz.sh [seconds-per-target]     (default 60)
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_PER_TARGET=${1:-60}
OUT=$REPO/tmp/fuzz
mkdir -p "$OUT"
command -v clang++ >/dev/null || { apt-get update -qq && apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; }
for target in clinical_codes json json_parse; do
  clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$REPO/src" "$REPO/test/fuzz/${target}_fuzz.cpp" $(find "$REPO/src/core" -name '*.cpp') \
    -o "$OUT/$target"
  # The run's corpus grows from the committed seeds (real codes, documents, hostile strings).
  mkdir -p "$OUT/corpus-$target"
  cp "$REPO/test/fuzz/corpus/$target/"* "$OUT/corpus-$target/"
  echo "==> fuzzing $target for ${SECONDS_PER_TARGET}s"
  "$OUT/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=64 "$OUT/corpus-$target" 2>&1 | tail -3
done
