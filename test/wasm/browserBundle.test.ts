// The browser entry as a web app gets it: test/wasm/bundledApp.js imports the package by its name
// and esbuild bundles it for the browser, as an app's build would (package.json's "." export
// without the "node" condition: dist/index.js). esbuild keeps the module's
// `new URL("../../wasm/meltysynth.wasm", import.meta.url)` as it is, relative to the bundle, so
// the page serves the bundle two folders deep and the package's wasm/ at the root, where that URL
// points (README: the wasm backend in a bundle). Headless Chromium renders the demo song on the
// wasm backend, and every sample must be the one the JavaScript backend renders in Node.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, Synthesizer, builtinSoundFont, generateDemoSong } from "../../lib/io/index.js";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const seconds = 12;
const settings = { sampleRate: 44100, blockSize: 64, maximumPolyphony: 64, enableReverbAndChorus: true };

if (chromium === undefined) console.warn("Skipping the bundled browser render: Chromium is absent (apt-get install -y chromium).");

function renderInNode(): Float32Array {
  const synthesizer = new Synthesizer(builtinSoundFont(), { ...settings, backend: "js" });
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(generateDemoSong()), false);
  const frames = seconds * settings.sampleRate;
  const samples = new Float32Array(2 * frames);
  sequencer.render(samples.subarray(0, frames), samples.subarray(frames));
  return samples;
}

describe.skipIf(chromium === undefined)("the browser entry bundled with esbuild", () => {
  const work = mkdtempSync(path.join(tmpdir(), "meltysynth-bundle-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("renders the demo song in Chromium on the wasm backend, sample for sample as Node renders it", async () => {
    const bundled = await build({
      entryPoints: [path.join(root, "test/wasm/bundledApp.js")],
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile: path.join(work, "app.js"),
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs).toContain("dist/index.js");
    expect(inputs.filter((input) => input.startsWith("dist/io/") || input.startsWith("node:"))).toEqual([]);
    // What the README tells esbuild's users rests on this: the URL is kept, not rewritten.
    expect(readFileSync(path.join(work, "app.js"), "utf8")).toContain('new URL("../../wasm/meltysynth.wasm", import.meta.url)');

    writeFileSync(path.join(work, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="js/app.js"></script>');
    const query = encodeURIComponent(JSON.stringify({ seconds, settings }));
    // /wasm/meltysynth.wasm is the repository's own file, served from its root.
    const answer = await runSelfTestPage(`site/index.html?render=${query}`, {
      "/site/index.html": path.join(work, "index.html"),
      "/site/js/app.js": path.join(work, "app.js"),
    });

    const browser = new Float32Array(answer.buffer.slice(answer.byteOffset, answer.byteOffset + answer.byteLength));
    const node = renderInNode();
    expect(browser.length).toBe(node.length);
    expect(node.some((x) => Math.abs(x) > 0.05)).toBe(true);
    const first = browser.findIndex((x, i) => !Object.is(x, node[i]));
    expect(first, `the first sample that differs (of ${node.length})`).toBe(-1);
  });
});
