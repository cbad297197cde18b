#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, cargo-fuzz over libFuzzer) and runs each for SECONDS,
# two at a time; fails if any target crashes, and says where the crashing input is.
# `make test-fuzz` runs them briefly, `make fuzz` long (ARCHITECTURE.md, "Fuzzing").
#
# Usage: dev/fuzz.sh SECONDS [TARGET…]     (all targets when none is named)
#   FUZZ_TARGET_DIR  the build's own target directory (instrumented: never the app's)
#   FUZZ_WORK        where each target's growing corpus, logs and crashes go
#   FUZZ_JOBS        targets run at once (default 2, the machine's cores)
#
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets it take the instrumentation
# flags cargo-fuzz passes, and without a sanitizer (`--sanitizer none`) nothing else of
# nightly is used. Panics are still caught: Rust checks bounds and, here, overflows.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: dev/fuzz.sh SECONDS [TARGET…]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz/fuzz_targets | sed -n 's/\.rs$//p')
fi
target_dir=${FUZZ_TARGET_DIR:-$PWD/target/fuzz}
work=${FUZZ_WORK:-$PWD/target/fuzz-work}
jobs=${FUZZ_JOBS:-2}
host=$(rustc -vV | sed -n 's/^host: //p')

started=$SECONDS
# -O: optimised (fuzz/Cargo.toml says how much, per crate); -a: with debug assertions and
# overflow checks, which turn silent wrong arithmetic into a crash the fuzzer reports.
RUSTC_BOOTSTRAP=1 nice cargo fuzz build --sanitizer none -O -a --codegen-units 16 \
  --target "$host" --target-dir "$target_dir"
echo "fuzz targets built in $((SECONDS - started)) s"

run_one() {
  local name=$1
  local corpus="$work/corpus/$name" crashes="$work/crashes/$name" log="$work/logs/$name.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  # New inputs go to the work corpus (first folder); the committed seeds and every past
  # crash are read from the repository. -timeout: an input taking 10 s is a hang.
  if "$target_dir/$host/release/$name" "$corpus" "fuzz/corpus/$name" \
      $( [ -d "fuzz/regressions/$name" ] && echo "fuzz/regressions/$name" ) \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$crashes/" >"$log" 2>&1; then
    echo "$name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') inputs in ${seconds} s, no crash"
  elif ! grep -q 'Test unit written to' "$log"; then
    echo "$name: stopped without a crash (interrupted?); log: $log"
    return 1
  else
    echo "$name: CRASH"
    # The panic that escaped, with its message (the lines before Rust's "cannot unwind";
    # panics the engine caught are printed too, earlier), and libFuzzer's reason.
    { grep -m1 -B3 'panic in a function that cannot unwind' "$log" | grep -A1 -m1 'panicked at'
      grep -m1 -E 'ERROR: libFuzzer' "$log"; } | sed 's/^/  /'
    grep -o 'Test unit written to .*' "$log" | sed 's/^/  /'
    echo "  whole log: $log"
    echo "  fix it, then keep the input as fuzz/regressions/$name/<what it was> (cargo test replays it)"
    return 1
  fi
}
export -f run_one
export seconds target_dir work host

failed=0
# xargs and the fuzzers it starts get a process group of their own, so that stopping this
# script (Ctrl-C, a timeout's TERM) stops them too instead of leaving them running.
printf '%s\n' "${targets[@]}" | setsid xargs -P "$jobs" -I{} bash -c 'run_one {}' &
runner=$!
trap 'kill -TERM -- -"$runner" 2>/dev/null; exit 130' INT TERM
wait "$runner" || failed=1
trap - INT TERM
echo "fuzzing took $((SECONDS - started)) s in all"
exit $failed
