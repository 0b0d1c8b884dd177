#!/usr/bin/env bash
# Builds wasm/meltysynth.wasm, the WebAssembly backend: the same block renderer, voice step and
# effects as the addon, with the vector kernels instantiated for SIMD128 (kernels_wasm.cpp), and
# the exports of wasm_exports.cpp. Needs Debian's clang, lld, wasi-libc and libc++-14-dev-wasm32.
#
#   native/scripts/build-wasm.sh           rebuild wasm/meltysynth.wasm
#   native/scripts/build-wasm.sh --check   build twice into a temporary folder and fail unless
#                                          both builds and the committed file are the same bytes
#
# The arithmetic must be JavaScript's: no -ffast-math, and no contraction into fused
# multiply-adds (-ffp-contract=off), as in the other builds. The module imports nothing: wasi-libc
# gives memcpy, memset, strcmp and snprintf (error messages), and the only functions of its libm
# allowed in are those whose every use gives an exact result, the same bits on any platform (see
# `allowed` below). The memory is the module's own, exported, and grows only when TypeScript lays
# out a renderer's buffers, before it makes any view of them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
committed="$root/wasm/meltysynth.wasm"
cxx=clang++-14
ld=wasm-ld-14
nm=/usr/lib/llvm-14/bin/llvm-nm
sysroot=/usr/lib/wasm32-wasi

for tool in "$cxx" "$ld" "$nm"; do
  if ! command -v "$tool" >/dev/null; then
    echo "build-wasm: $tool is missing (Debian: apt-get install clang lld wasi-libc libc++-14-dev-wasm32)" >&2
    exit 1
  fi
done

sources=(kernels kernels_scalar kernels_wasm voice_step voice_start block_renderer effects wasm_exports wasm_system)
# fmod is exact in IEEE arithmetic (JavaScript's %); pow and exp2 (which clang makes of pow(2, y))
# are reached only for portablePowf's special cases, whose results are exact (portable_math.h).
allowed="memcpy memset strcmp snprintf fmod pow exp2 __stack_pointer __heap_base"

# build OUT: compiles and links into the file OUT, in a folder of its own.
build() {
  local out=$1 work
  work="$(mktemp -d)"
  local objects=()
  for source in "${sources[@]}"; do
    "$cxx" --target=wasm32-wasi -msimd128 -O2 -std=c++17 -ffp-contract=off -fno-exceptions -fno-rtti \
      -fno-threadsafe-statics -Wall -Wextra -Werror -c "$root/native/$source.cpp" -o "$work/$source.o"
    objects+=("$work/$source.o")
  done
  local external
  external=$(comm -23 <("$nm" -u "${objects[@]}" | awk 'NF == 2 { print $2 }' | sort -u) \
    <("$nm" --defined-only "${objects[@]}" | awk 'NF == 3 { print $3 }' | sort -u))
  for symbol in $external; do
    if ! [[ " $allowed " == *" $symbol "* ]]; then
      echo "build-wasm: the kernels call $symbol, which is not in the allowed list (libm's results differ between platforms)" >&2
      rm -rf "$work"
      exit 1
    fi
  done
  # The stack first, so that an overflow traps instead of overwriting static data.
  "$ld" --no-entry --strip-all --stack-first -z stack-size=65536 "${objects[@]}" -L"$sysroot" -lc -o "$out"
  rm -rf "$work"
  # Anything wasi-libc pulls in that needs the host would be an import (wasm_system.cpp answers
  # the calls it makes now).
  local imports
  imports=$(node -e 'const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
    console.log(WebAssembly.Module.imports(m).map((i) => `${i.module}.${i.name}`).join(" "))' "$out")
  if [ -n "$imports" ]; then
    echo "build-wasm: the module imports $imports; it must import nothing" >&2
    exit 1
  fi
}

if [ "${1:-}" = --check ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  build "$scratch/first.wasm"
  build "$scratch/second.wasm"
  if ! cmp -s "$scratch/first.wasm" "$scratch/second.wasm"; then
    echo "build-wasm: two builds from the same sources differ: the build is not reproducible" >&2
    exit 1
  fi
  if ! cmp -s "$scratch/first.wasm" "$committed"; then
    echo "build-wasm: wasm/meltysynth.wasm differs from a build of the sources: run native/scripts/build-wasm.sh and commit it" >&2
    exit 1
  fi
  echo "wasm/meltysynth.wasm is what the sources build ($(wc -c < "$committed") bytes, $(gzip -9n < "$committed" | wc -c) gzipped)"
  exit 0
fi

mkdir -p "$(dirname "$committed")"
build "$committed"
echo "wrote wasm/meltysynth.wasm: $(wc -c < "$committed") bytes, $(gzip -9n < "$committed" | wc -c) gzipped"
