#!/usr/bin/env bash
# Cross-compiles the win32-x64 addon with Debian's MinGW-w64 (g++-mingw-w64-x86-64, its posix
# thread model, which node-addon-api's std::mutex needs) into
# $1/win32-x64/meltysynth-native.node, the name node-gyp-build looks for. The same sources and
# flags as binding.gyp, so the same kernel sets are chosen at load; libstdc++, libgcc and
# winpthread are linked in statically, so the addon needs only system DLLs and its host.
#
# The Node-API functions: an import library made from node-api-headers' node_api.def by dlltool,
# delay-loaded, and native/win32_host_imports.cpp resolves it from the host executable (node.exe,
# electron.exe) at the first call.
#
# AVX2 and AVX-512 on Win64: GCC keeps the stack only 16-byte aligned there, yet would spill a
# 32- or 64-byte vector with an aligned move (its bug 54412). Today's kernels spill none; with
# -muse-unaligned-vector-move the assembler emits unaligned moves, which cost nothing on aligned
# data, so that a later change cannot crash on Windows alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$1"
cxx=x86_64-w64-mingw32-g++-posix
if ! command -v "$cxx" >/dev/null; then
  echo "$cxx is missing: apt-get install g++-mingw-w64-x86-64 (Debian) for the win32-x64 prebuild" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

x86_64-w64-mingw32-dlltool -d "$root/node_modules/node-api-headers/def/node_api.def" -D node.exe \
  -y "$work/node_api_delay.a"

addon_api="$(cd "$root" && node -p "require('node-addon-api').include_dir")"
node_api="$root/node_modules/node-api-headers/include"
flags=(-O3 -std=c++17 -ffp-contract=off -fvisibility=hidden -fno-exceptions -fno-rtti
  -Wa,-muse-unaligned-vector-move
  -DNAPI_VERSION=8 -DNAPI_DISABLE_CPP_EXCEPTIONS -DNODE_ADDON_API_DISABLE_DEPRECATED
  -DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS -DWIN32_LEAN_AND_MEAN
  -I "$node_api" -I "$root/$addon_api")
sources=(binding block_renderer voice_step effects kernels kernels_scalar kernels_sse2 kernels_avx2
  kernels_avx512 kernels_neon win32_host_imports)
printf '%s\n' "${sources[@]}" |
  xargs -P "$(nproc)" -I{} "$cxx" "${flags[@]}" -c "$root/native/{}.cpp" -o "$work/{}.o"

objects=("${sources[@]/#/$work/}")
mkdir -p "$out/win32-x64"
"$cxx" -shared -static -s -o "$out/win32-x64/meltysynth-native.node" "${objects[@]/%/.o}" \
  "$work/node_api_delay.a"
