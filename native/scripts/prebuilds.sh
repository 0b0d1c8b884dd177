#!/usr/bin/env bash
# Builds the prebuilt addons that ship in the npm package: prebuilds/linux-x64 natively and
# prebuilds/linux-arm64 with Debian's cross compiler, both with prebuildify (which always builds
# through node-gyp and binding.gyp), and prebuilds/win32-x64 with Debian's MinGW-w64
# (native/scripts/prebuild-win32.sh). native/scripts/install-cross-tools.sh installs both.
#
# A missing cross compiler skips its platform: what was built still replaces its folder in
# prebuilds/, the others are left as they were, and the script names what it skipped, how to
# install the compiler, and fails (`npm pack` refuses a package without every prebuild).
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

skipped=()
(cd "$work" && "$prebuildify" --napi --strip --arch x64 --target "$target")

if command -v aarch64-linux-gnu-g++ >/dev/null; then
  (cd "$work" && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ AR=aarch64-linux-gnu-ar \
    "$prebuildify" --napi --strip --arch arm64 --target "$target" --strip-bin aarch64-linux-gnu-strip)
else
  skipped+=("linux-arm64 (aarch64-linux-gnu-g++ is missing: run native/scripts/install-cross-tools.sh)")
fi

if command -v x86_64-w64-mingw32-g++-posix >/dev/null; then
  bash "$root/native/scripts/prebuild-win32.sh" "$work/prebuilds"
else
  skipped+=("win32-x64 (x86_64-w64-mingw32-g++-posix is missing: run native/scripts/install-cross-tools.sh, or apt-get install g++-mingw-w64-x86-64)")
fi

mkdir -p "$root/prebuilds"
for built in "$work"/prebuilds/*/; do
  platform="$(basename "$built")"
  rm -rf "$root/prebuilds/$platform"
  cp -r "$built" "$root/prebuilds/$platform"
done
ls -l "$root"/prebuilds/*/
file "$root"/prebuilds/*/*.node 2>/dev/null || true
if [ ${#skipped[@]} -gt 0 ]; then
  printf 'prebuilds skipped: %s\n' "${skipped[@]}" >&2
  exit 1
fi
