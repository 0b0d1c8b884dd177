#!/usr/bin/env bash
# Builds the prebuilt addons that ship in the npm package, with prebuildify (which always builds
# through node-gyp and binding.gyp): prebuilds/linux-x64 natively and prebuilds/linux-arm64 with
# Debian's cross compiler (native/scripts/install-cross-tools.sh installs it).
#
# Offline: node-gyp is pointed at the headers of the Node that runs this script (its
# include/node), so nothing is downloaded; the N-API target is that Node's version (an N-API
# addon loads in every later Node). The build runs in a copy of the sources in a temporary
# folder, so the developer's own build/ is never touched.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$node_prefix/include/node/node_api.h" ]; then
  export npm_config_nodedir="$node_prefix"
elif [ -z "${npm_config_nodedir:-}" ]; then
  echo "no Node headers in $node_prefix/include/node: install them (Debian: nodejs-dev / libnode-dev) or set npm_config_nodedir" >&2
  exit 1
fi
target="node@$(node -p process.versions.node)"

cp "$root/binding.gyp" "$root/package.json" "$work/"
cp -r "$root/native" "$work/native"
ln -s "$root/node_modules" "$work/node_modules"
prebuildify="$root/node_modules/.bin/prebuildify"

(cd "$work" && "$prebuildify" --napi --strip --arch x64 --target "$target")

if ! command -v aarch64-linux-gnu-g++ >/dev/null; then
  echo "aarch64-linux-gnu-g++ is missing: run native/scripts/install-cross-tools.sh for the arm64 prebuild" >&2
  exit 1
fi
(cd "$work" && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
  "$prebuildify" --napi --strip --arch arm64 --target "$target" --strip-bin aarch64-linux-gnu-strip)

rm -rf "$root/prebuilds"
cp -r "$work/prebuilds" "$root/prebuilds"
ls -l "$root"/prebuilds/*/
file "$root"/prebuilds/*/*.node 2>/dev/null || true
