#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Fuzz/ (a separate package, so
# the main build never compiles them) and runs each for FUZZ_SECONDS (default
# 60) from its committed seed corpus in Fuzz/corpus/<target>/, with the tokens
# of its input format from Fuzz/dict/<target>.dict. New inputs go
# to Fuzz/.build/fuzz-work/<target>/ so the committed corpus only grows on
# purpose; crash inputs go to Fuzz/.build/fuzz-artifacts/<target>/.
# Prints execs and crashes per target and one summary line; exits non-zero on
# a crash (or a build failure).
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
TARGETS=(FuzzEnvelope FuzzCloudEvent FuzzCommand)
SWIFT="${SWIFT:-swift}"
work=Fuzz/.build/fuzz-work
artifacts=Fuzz/.build/fuzz-artifacts

build() {
  "$SWIFT" build -c release --package-path Fuzz -Xswiftc "-sanitize=$1" -Xswiftc -parse-as-library "${@:2}"
}

# AddressSanitizer finds memory errors the fuzzer alone would miss; if this
# toolchain cannot link it, fuzz without it rather than not at all.
sanitizers=fuzzer,address
if ! build "$sanitizers"; then
  echo "fuzz: the address sanitizer build failed; building with the fuzzer alone" >&2
  sanitizers=fuzzer
  build "$sanitizers"
fi
bin="$(build "$sanitizers" --show-bin-path)"

total_execs=0
total_crashes=0
for target in "${TARGETS[@]}"; do
  mkdir -p "$work/$target" "$artifacts/$target"
  log="$work/$target.log"
  status=0
  dict=()
  [ -f "Fuzz/dict/$target.dict" ] && dict=(-dict="Fuzz/dict/$target.dict")
  # Leak checking is off: the Swift runtime keeps metadata caches for the
  # process lifetime, which LeakSanitizer would report on every run.
  "$bin/$target" "$work/$target" "Fuzz/corpus/$target" \
    -max_total_time="$FUZZ_SECONDS" -timeout=25 -detect_leaks=0 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target/" "${dict[@]}" >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  execs="${execs:-0}"
  crashes=0
  if [ "$status" -ne 0 ]; then
    crashes=1
    echo "$target: FAILED (exit $status); last lines of $log:" >&2
    tail -n 30 "$log" >&2
    ls "$artifacts/$target" >&2 || true
  fi
  echo "$target: execs=$execs crashes=$crashes seconds=$FUZZ_SECONDS sanitizers=$sanitizers"
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
done

echo "fuzz: targets=${#TARGETS[@]} execs=$total_execs crashes=$total_crashes"
[ "$total_crashes" -eq 0 ]
