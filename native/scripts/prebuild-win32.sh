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

# binding.gyp's sources and defines; its compiler flags, with node-gyp's -fno-exceptions -fno-rtti.
target() {
  node -e "const gyp = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
    console.log(gyp.targets[0][process.argv[2]].join('\n'))" "$root/binding.gyp" "$1"
}
mapfile -t sources < <(target sources)
sources+=(native/win32_host_imports.cpp)
mapfile -t defines < <(target defines)
addon_api="$(cd "$root" && node -p "require('node-addon-api').include_dir")"
flags=(-O3 -std=c++17 -ffp-contract=off -fno-exceptions -fno-rtti -Wa,-muse-unaligned-vector-move
  "${defines[@]/#/-D}" -DWIN32_LEAN_AND_MEAN
  -I "$root/node_modules/node-api-headers/include" -I "$root/$addon_api")
compiles=()
for source in "${sources[@]}"; do
  "$cxx" "${flags[@]}" -c "$root/$source" -o "$work/$(basename "$source" .cpp).o" &
  compiles+=($!)
done
for compile in "${compiles[@]}"; do wait "$compile"; done

mkdir -p "$out/win32-x64"
"$cxx" -shared -static -s -Wl,--no-insert-timestamp -o "$out/win32-x64/meltysynth-native.node" "$work"/*.o "$work/node_api_delay.a"
