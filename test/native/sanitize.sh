#!/usr/bin/env bash
# Runs the native code under AddressSanitizer and UndefinedBehaviorSanitizer: the C++ kernel
# tests, then the native JavaScript tests against an addon built with the sanitizers into
# build-sanitize/ (the ordinary build in build/ is left alone). Node itself is not instrumented,
# so libasan is preloaded; leak checking is off in the test runner, which Node does not free at
# exit, and on in the child process of test/native/leaks.test.ts, which makes and drops renderers.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

bash test/native/run-kernel-tests.sh x64 sanitize | tee "${MELTYSYNTH_KERNEL_LOG:-/dev/null}"

node_modules/.bin/cmake-js rebuild --out build-sanitize --CDMELTYSYNTH_SANITIZE=ON >/dev/null
addon="$root/build-sanitize/Release/meltysynth_native.node"
asan="$(g++ -print-file-name=libasan.so)"

MELTYSYNTH_NATIVE_ADDON="$addon" MELTYSYNTH_REQUIRE_NATIVE=1 LD_PRELOAD="$asan" \
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  node_modules/.bin/vitest run test/native "$@"
