#!/usr/bin/env bash
# npm pack and npm publish run this first (the package's prepack script), so that the package
# never leaves without a prebuild for each platform it ships, built from the native sources it
# ships: a prebuild that is missing or older than a native source or binding.gyp is built again
# (npm run prebuilds); when that cannot be done, the pack stops with one line saying why.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
platforms=(linux-x64 linux-arm64 win32-x64)

# The first prebuild that is missing or out of date, and why; nothing when all are current.
outdated() {
  local platform addon newer
  for platform in "${platforms[@]}"; do
    addon="$root/prebuilds/$platform/meltysynth-native.node"
    if [ ! -f "$addon" ]; then
      echo "prebuilds/$platform is missing"
      return
    fi
    newer="$(find "$root/binding.gyp" "$root/native" -maxdepth 1 -type f \( -name '*.cpp' -o -name '*.h' -o -name binding.gyp \) \
      -newer "$addon" -print -quit)"
    if [ -n "$newer" ]; then
      echo "prebuilds/$platform is older than ${newer#"$root"/}"
      return
    fi
  done
}

problem="$(outdated)"
if [ -z "$problem" ]; then exit 0; fi
echo "meltysynth-native: $problem: building the prebuilds (npm run prebuilds)" >&2
bash "$root/native/scripts/prebuilds.sh" >&2 || true
problem="$(outdated)"
if [ -n "$problem" ]; then
  echo "meltysynth-native: not packing: $problem and npm run prebuilds could not build it (see above)" >&2
  exit 1
fi
