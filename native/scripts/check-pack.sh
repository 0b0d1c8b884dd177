#!/usr/bin/env bash
# Checks that the npm package loads its prebuilt addon where there is no compiler: packs the
# package (after `npm run prebuilds`), installs the tarball into an empty folder with a PATH that
# holds only node, npm and sh (no g++, make, python or node-gyp), approves and runs its install
# script (node-gyp-build, which must find the prebuild and build nothing), imports the package,
# which must report the native backend as available, and runs the command under the package's
# name (`npx meltysynth-native`) to render the demo song natively, to WAV, FLAC and MP3. The
# tarball must also hold the linux-arm64 prebuild, and no source maps.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ls "$root"/prebuilds/linux-x64/*.node >/dev/null

mkdir -p "$work/bin" "$work/app"
ln -s "$(command -v node)" "$work/bin/node"
ln -s /bin/dash "$work/bin/sh"
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
printf '#!/bin/sh\nexec node %s "$@"\n' "$npm_cli" >"$work/bin/npm"
printf '#!/bin/sh\nexec node %s "$@"\n' "$(dirname "$npm_cli")/npx-cli.js" >"$work/bin/npx"
chmod +x "$work/bin/npm" "$work/bin/npx"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
tar -tzf "$tarball" >"$work/contents"
for prebuild in linux-x64 linux-arm64; do
  if ! grep -q "^package/prebuilds/$prebuild/.*\.node$" "$work/contents"; then
    echo "the packed tarball holds no prebuilds/$prebuild" >&2
    exit 1
  fi
done
if grep -q '\.map$' "$work/contents"; then
  echo "the packed tarball holds source maps, whose sources do not ship" >&2
  exit 1
fi

cd "$work/app"
echo '{"name":"app","version":"1.0.0","type":"module"}' >package.json
run() { env -i HOME="$HOME" PATH="$work/bin" "$@"; }
for tool in g++ gcc cc make python3 node-gyp; do
  if run sh -c "command -v $tool" >/dev/null; then echo "$tool is on the restricted PATH" >&2; exit 1; fi
done
run npm install --silent --no-audit --no-fund "$tarball"
run npm install-scripts approve meltysynth-native >/dev/null 2>&1 || true
run npm rebuild meltysynth-native --foreground-scripts
if [ -d node_modules/meltysynth-native/build ]; then
  echo "the install script compiled the addon instead of using the prebuild" >&2
  exit 1
fi
cat >check.mjs <<'JS'
import { nativeBackendStatus } from "meltysynth-native";
const status = nativeBackendStatus();
console.log("installed package:", JSON.stringify(status));
if (!status.available) process.exit(1);
JS
run node check.mjs
# CommonJS: require() of the ES module package, which the Node versions of `engines` allow.
cat >check.cjs <<'JS'
const { renderToWav, nativeBackendStatus } = require("meltysynth-native");
const node = require("meltysynth-native/node");
if (typeof renderToWav !== "function" || node.renderToWav !== renderToWav || !nativeBackendStatus().available) process.exit(1);
console.log("require() of the package works");
JS
run node check.cjs
run npx --no-install meltysynth-native --help >help.txt
grep -q "^Usage: meltysynth" help.txt
run npx --no-install meltysynth-native render --out demo.wav 2>summary.txt
cat summary.txt
grep -q "native backend" summary.txt
test -s demo.wav
# The encoders are dependencies: FLAC and MP3 must work from the installed package too.
run npx --no-install meltysynth-native render --quiet --out demo.flac
run npx --no-install meltysynth-native render --quiet --out demo.mp3
test "$(head -c 4 demo.flac)" = fLaC
test -s demo.mp3
echo "the packed package loads prebuilds/linux-x64 with no compiler on PATH"
