// A quick measure of the native block renderer against JsBlockRenderer (not a test):
//   npm run build:ts && node test/native/measure.mjs [voices] [blockSize] [rampShare]
// Renders blocks of `voices` looping voices with effects on, half of them filtered, and a share
// of gains ramping in each block; prints nanoseconds per block and per voice-block.
import { createRequire } from "node:module";
import { JsBlockRenderer } from "../../dist/kernels/JsBlockRenderer.js";
import { NativeBlockRenderer } from "../../dist/kernels/NativeBlockRenderer.js";
import { VoiceTable } from "../../dist/kernels/VoiceTable.js";
import { Chorus } from "../../dist/synth/Chorus.js";
import { Reverb } from "../../dist/synth/Reverb.js";

const require = createRequire(import.meta.url);
const addon = process.env.MELTYSYNTH_NATIVE_ADDON
  ? require(process.env.MELTYSYNTH_NATIVE_ADDON)
  : require("node-gyp-build")(new URL("../..", import.meta.url).pathname);
const voices = Number(process.argv[2] ?? 64);
const blockSize = Number(process.argv[3] ?? 64);
const rampShare = Number(process.argv[4] ?? 0.2);

let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);

function context() {
  const waveData = new Int16Array(1 << 20);
  for (let i = 0; i < waveData.length; i++) waveData[i] = Math.round(8000 * Math.sin(i * 0.05) + 2000 * (random() - 0.5));
  const table = new VoiceTable(voices);
  for (let v = 0; v < voices; v++) {
    const w = v * 32, d = v * 16;
    const start = Math.floor(random() * 900000);
    table.i32[w + 4] = 1 | (v % 2 ? 2 : 0);
    table.i32[w + 5] = start + 60000;
    table.i32[w + 6] = start + 20000;
    table.i32[w + 7] = start + 60000;
    table.f64[d] = start * 16777216;
    table.f64[d + 1] = Math.floor((0.5 + 1.5 * random()) * 16777216);
    const c = [0.02, 0.04, 0.02, -1.6, 0.7];
    for (let i = 0; i < 5; i++) table.f32[w + 8 + i] = c[i];
    for (let g = 0; g < 10; g++) table.f32[w + 17 + g] = g < 4 || g >= 8 ? 0.1 : 0;
  }
  return {
    blockSize, waveData, table,
    order: Int32Array.from({ length: voices }, (_, i) => i),
    left: new Float32Array(blockSize), right: new Float32Array(blockSize),
    reverb: new Reverb(44100), chorus: new Chorus(44100),
  };
}

function measure(name, renderer, ctx) {
  // The renderer was built over ctx; ramp() changes the gains the voice code would change.
  const ramp = () => {
    for (let v = 0; v < voices; v++) {
      const g = v * 32 + 17;
      const moving = random() < rampShare;
      ctx.table.f32[g] = ctx.table.f32[g + 1];
      ctx.table.f32[g + 1] = moving ? 0.05 + 0.1 * random() : ctx.table.f32[g];
    }
  };
  for (let i = 0; i < 3000; i++) { ramp(); renderer.render(voices, 0.5); }
  const times = [];
  for (let round = 0; round < 7; round++) {
    const blocks = 4000;
    // CPU time, not wall time: other processes on a shared machine then matter less.
    const start = process.cpuUsage();
    for (let i = 0; i < blocks; i++) { ramp(); renderer.render(voices, 0.5); }
    const used = process.cpuUsage(start);
    times.push(((used.user + used.system) * 1000) / blocks);
  }
  times.sort((a, b) => a - b);
  const ns = times[3];
  console.log(`${name.padEnd(14)} ${ns.toFixed(0).padStart(7)} ns/block  ${(ns / voices).toFixed(1).padStart(6)} ns/voice-block`);
  return ns;
}

console.log(`${voices} voices, blockSize ${blockSize}, ${Math.round(rampShare * 100)}% of left gains ramping, reverb and chorus on`);
const jsCtx = context();
const jsTime = measure("js", new JsBlockRenderer(jsCtx), jsCtx);
for (const set of addon.instructionSets()) {
  const ctx = context();
  const ns = measure(`native ${set}`, new NativeBlockRenderer(addon, ctx, set), ctx);
  console.log(`${"".padEnd(14)} ${(jsTime / ns).toFixed(2)}x the JS renderer`);
}
