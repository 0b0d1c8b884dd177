#!/usr/bin/env bash
# Checks that the npm package loads its prebuilt addon where there is no compiler: packs the
# package (after `npm run prebuilds`), installs the tarball into an empty folder with a PATH that
# holds only node, npm and sh (no g++, make, python or node-gyp), approves and runs its install
# script (node-gyp-build, which must find the prebuild and build nothing), imports the package,
# which must report the native backend as available, and runs the command under the package's
# name (`npx meltysynth-native`) to render the demo song natively (and on the wasm backend, the
# same bytes), to WAV, FLAC and MP3, and `meltysynth serve` with no Redis anywhere to render it
# over HTTP, and `meltysynth worker`, whose queue packages are not installed, to say which to
# install. The tarball must also hold the examples the README points to, the linux-arm64 and
# win32-x64 prebuilds (test/packaging/windows.test.ts loads the latter under Wine) and the wasm
# module, and no source maps.
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
for prebuild in linux-x64 linux-arm64 win32-x64; do
  if ! grep -q "^package/prebuilds/$prebuild/.*\.node$" "$work/contents"; then
    echo "the packed tarball holds no prebuilds/$prebuild" >&2
    exit 1
  fi
done
if ! grep -q "^package/wasm/meltysynth.wasm$" "$work/contents"; then
  echo "the packed tarball holds no wasm/meltysynth.wasm" >&2
  exit 1
fi
for example in examples/README.md examples/render-folder.mjs examples/stream-to-stdout.mjs examples/player/index.html; do
  if ! grep -q "^package/$example$" "$work/contents"; then
    echo "the packed tarball holds no $example, which the README points to" >&2
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
# The wasm module from where the installed code finds it.
run npx --no-install meltysynth-native render --backend wasm --quiet --out demo-wasm.wav
cmp demo.wav demo-wasm.wav
# The encoders are dependencies: FLAC and MP3 must work from the installed package too.
run npx --no-install meltysynth-native render --quiet --out demo.flac
run npx --no-install meltysynth-native render --quiet --out demo.mp3
test "$(head -c 4 demo.flac)" = fLaC
test -s demo.mp3
# The render service from the installed command, with no Redis: a folder holding the built-in
# font, one render over HTTP, and a graceful stop.
cat >serve.mjs <<'JS'
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { builtinSoundFont, generateDemoSong, writeSoundFont } from "meltysynth-native";
mkdirSync("fonts", { recursive: true });
writeFileSync("fonts/builtin.sf2", writeSoundFont(builtinSoundFont()));
const server = spawn("node_modules/.bin/meltysynth", ["serve", "--fonts", "fonts", "--port", "0"], { stdio: ["ignore", "inherit", "pipe"] });
let log = "";
const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
const url = await new Promise((resolve, reject) => {
  server.stderr.on("data", (data) => {
    log += data;
    process.stderr.write(data);
    const match = /listening on (http:\/\/\S+) /.exec(log);
    if (match) resolve(match[1]);
  });
  exited.then(() => reject(new Error(`meltysynth serve exited: ${log}`)));
});
const answer = await fetch(`${url}/render?font=builtin.sf2`, { method: "POST", body: generateDemoSong() });
const wav = new Uint8Array(await answer.arrayBuffer());
if (answer.status !== 200 || answer.headers.get("content-type") !== "audio/wav" || new TextDecoder().decode(wav.subarray(0, 4)) !== "RIFF") {
  throw new Error(`POST /render answered ${answer.status}: ${new TextDecoder().decode(wav.subarray(0, 200))}`);
}
server.kill("SIGTERM");
if ((await exited) !== 0) throw new Error("meltysynth serve did not stop cleanly on SIGTERM");
console.log(`meltysynth serve rendered ${wav.length} bytes of WAV from the installed package, with no Redis`);
JS
run node serve.mjs
# The queue's client packages are optional peer dependencies: not installed with the package, and
# asked for by name when the queue is.
for package in bullmq ioredis; do
  if [ -e "node_modules/$package" ]; then echo "installing the package installed the optional $package" >&2; exit 1; fi
done
if run node_modules/.bin/meltysynth worker --queue redis://127.0.0.1:9 --fonts fonts 2>queue.txt; then
  echo "meltysynth worker started without bullmq and ioredis" >&2
  exit 1
fi
cat queue.txt
grep -q "the Redis queue needs [a-z]*, which is not installed: npm install bullmq@" queue.txt
echo "the packed package loads prebuilds/linux-x64 with no compiler on PATH"
