#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in their own build folder and runs each
# one for a bounded time, starting from the committed seed corpus.
#   scripts/fuzz.sh [--build-dir DIR] [--seconds N] [--jobs J]
# Exit status: 0 when no target crashed; 1 otherwise (the crashing input is kept in
# DIR/findings/TARGET/ and named in the output).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
seconds=5
jobs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    *) echo "usage: $0 [--build-dir DIR] [--seconds N] [--jobs J]" >&2; exit 2 ;;
  esac
done

mkdir -p "$build"
build="$(cd "$build" && pwd)"
start=$(date +%s)
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
fi
cmake --build "$build" -j "$jobs"
built=$(date +%s)
echo "fuzz targets built in $((built - start)) s"

status=0
for target in "$build"/fuzz_*; do
  [ -x "$target" ] && [ -f "$target" ] || continue
  name="${target##*/fuzz_}"
  seeds="$root/tests/fuzz/corpus/$name"
  work="$build/corpus/$name"
  findings="$build/findings/$name"
  mkdir -p "$work" "$findings"
  # Inputs the fuzzer finds go to the work corpus; the committed seeds stay as they are.
  if ! (cd "$findings" && ASAN_OPTIONS=detect_leaks=0 \
        "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=0 "$work" "$seeds" > "$findings/run.log" 2>&1); then
    echo "FAIL fuzz_$name: see $findings/run.log"
    grep -E "ERROR|SUMMARY|Test unit written" "$findings/run.log" | head -20 || true
    status=1
  else
    runs=$(grep -oE "#[0-9]+" "$findings/run.log" | tail -1 || true)
    echo "ok   fuzz_$name: ${seconds} s, ${runs#\#} inputs, no crash"
  fi
done
echo "fuzzing took $(( $(date +%s) - start )) s in all"
exit $status
