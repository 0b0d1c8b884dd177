#!/usr/bin/env bash
# Builds the prebuilt addons that ship in the npm package, with prebuildify (which always builds
# through node-gyp and binding.gyp): prebuilds/linux-x64 natively and prebuilds/linux-arm64 with
# Debian's cross compiler (native/scripts/install-cross-tools.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
prebuildify="$root/node_modules/.bin/prebuildify"

"$prebuildify" --napi --strip --arch x64

if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
  echo "aarch64-linux-gnu-g++ is missing: run native/scripts/install-cross-tools.sh for the arm64 prebuild" >&2
  exit 1
fi
CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
  "$prebuildify" --napi --strip --arch arm64 --strip-bin aarch64-linux-gnu-strip

# prebuildify leaves the last build (arm64) in build/; rebuild the local one for this machine.
"$root/node_modules/.bin/node-gyp" rebuild >/dev/null
ls -l prebuilds/*/
file prebuilds/*/*.node 2>/dev/null || true
