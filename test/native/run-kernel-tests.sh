#!/usr/bin/env bash
# Builds the native kernels' C++ test without Node and runs it.
#   test/native/run-kernel-tests.sh [x64|arm64|win32|all] [sanitize]
# arm64 cross-compiles with Debian's aarch64-linux-gnu-g++ and runs under qemu-aarch64
# (native/scripts/install-cross-tools.sh installs both). win32 cross-compiles with MinGW-w64 and
# the flags of the win32-x64 prebuild (native/scripts/prebuild-win32.sh), and runs under Debian's
# wine64: every kernel set this CPU has, on the Windows calling convention and stack. `all` runs
# x64, then arm64 and win32 when their tools are installed (and says so when they are not, unless
# MELTYSYNTH_REQUIRE_ARM64=1 or MELTYSYNTH_REQUIRE_WINE=1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
arch="${1:-x64}"
mode="${2:-release}"
wine=/usr/lib/wine/wine64

if [ "$arch" = all ]; then
  "$0" x64 "$mode"
  if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null; then
    "$0" arm64 "$mode"
  elif [ "${MELTYSYNTH_REQUIRE_ARM64:-0}" = 1 ]; then
    echo "arm64 tests required but aarch64-linux-gnu-g++ or qemu-aarch64 is missing" >&2
    exit 1
  else
    echo "SKIPPING arm64 kernel tests: run native/scripts/install-cross-tools.sh to install g++-aarch64-linux-gnu and qemu-user"
  fi
  if command -v x86_64-w64-mingw32-g++-posix >/dev/null && [ -x "$wine" ]; then
    "$0" win32 "$mode"
  elif [ "${MELTYSYNTH_REQUIRE_WINE:-0}" = 1 ]; then
    echo "win32 tests required but x86_64-w64-mingw32-g++-posix or $wine is missing" >&2
    exit 1
  else
    echo "SKIPPING win32 kernel tests: run native/scripts/install-cross-tools.sh and apt-get install wine64"
  fi
  exit 0
fi
out="$root/build-tests/$arch-$mode"
mkdir -p "$out"

# -Wno-psabi: the test's 16-lane set passes 64-byte vectors between its own internal functions
# without AVX-512, where GCC notes that such vectors would be passed differently across a library
# boundary; no such boundary is crossed.
flags=(-std=c++17 -O2 -g -ffp-contract=off -Wall -Wextra -Werror -Wno-psabi -I"$root/native")
if [ "$mode" = sanitize ]; then
  flags+=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
fi
sources=("$root"/native/kernels*.cpp "$root/native/effects.cpp" "$root/native/block_renderer.cpp" "$root/native/voice_step.cpp" "$root/native/voice_start.cpp"
  "$root/test/native/kernels_test.cpp")

case "$arch" in
  x64)
    g++ "${flags[@]}" "${sources[@]}" -o "$out/kernels_test"
    "$out/kernels_test"
    ;;
  arm64)
    # Static, so qemu needs no arm64 system libraries (the sanitizers need them, so not there).
    if [ "$mode" = sanitize ]; then
      echo "sanitizers are run on x64 only" >&2
      exit 2
    fi
    aarch64-linux-gnu-g++ "${flags[@]}" -static "${sources[@]}" -o "$out/kernels_test"
    qemu-aarch64 "$out/kernels_test"
    ;;
  win32)
    if [ "$mode" = sanitize ]; then
      echo "sanitizers are run on x64 only" >&2
      exit 2
    fi
    x86_64-w64-mingw32-g++-posix "${flags[@]}" -D_USE_MATH_DEFINES -Wa,-muse-unaligned-vector-move -static "${sources[@]}" -o "$out/kernels_test.exe"
    WINEPREFIX="$out/wine-prefix" WINEDEBUG=-all "$wine" "$out/kernels_test.exe"
    ;;
  *)
    echo "unknown architecture: $arch (x64, arm64 or win32)" >&2
    exit 2
    ;;
esac
