// @ts-check
/**
 * Does our render loop allocate once it runs? Renders a warm-up stretch, collects garbage, then
 * renders a long stretch and reads how far the heap (and ArrayBuffer memory) grew and how many
 * garbage collections ran meanwhile. A loop that allocates nothing leaves heapUsed where it was
 * and triggers no collection; any per-block allocation shows as bytes per block, or as
 * scavenges when new space fills up.
 *
 * Two cases: "synth" (Synthesizer.render on a held organ chord: the block renderer, voices and
 * effects) and "song" (MidiFileSequencer.render playing slow_neasy: adds the sequencer and voices
 * starting and ending).
 *
 * Usage: node --expose-gc bench/allocationChild.mjs <js|native|wasm> <synth|song>
 */
import { readFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { exitUnavailable } from "./childHarness.mjs";
import { loadEngine } from "./engine.mjs";
import { BLOCK_SIZE, CHORD_KEYS, FONT, POLYPHONY, SAMPLE_RATE, songById } from "./songs.mjs";

const CHUNK_FRAMES = 8192;
const WARM_UP_SECONDS = 10;
const MEASURED_SECONDS = 50;
const ORGAN = 19; // Church Organ: sustains for as long as the keys are held.

const [backend, scenario] = process.argv.slice(2);
const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
if (!gc) throw new Error("run with node --expose-gc");
const { SoundFont, Synthesizer, MidiFile, MidiFileSequencer, nativeBackendStatus, wasmBackendStatus } = await loadEngine();
const status = backend === "native" ? nativeBackendStatus() : backend === "wasm" ? wasmBackendStatus() : null;
if (status !== null && !status.available) exitUnavailable(`${backend} backend unavailable: ${status.reason}`);

const synthesizer = new Synthesizer(new SoundFont(readFileSync(FONT)), {
  sampleRate: SAMPLE_RATE,
  blockSize: BLOCK_SIZE,
  maximumPolyphony: POLYPHONY,
  enableReverbAndChorus: true,
  backend: /** @type {"js" | "native" | "wasm"} */ (backend),
});
/** @type {{ render(left: Float32Array, right: Float32Array): void }} */
let renderer = synthesizer;
if (scenario === "song") {
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(readFileSync(songById("slow_neasy").file ?? "")), false);
  renderer = sequencer;
} else {
  synthesizer.processMidiMessage(0, 0xc0, ORGAN, 0);
  for (const key of CHORD_KEYS) synthesizer.noteOn(0, key, 100);
}

const left = new Float32Array(CHUNK_FRAMES);
const right = new Float32Array(CHUNK_FRAMES);
const chunks = (/** @type {number} */ seconds) => Math.ceil((seconds * SAMPLE_RATE) / CHUNK_FRAMES);

for (let i = chunks(WARM_UP_SECONDS); i > 0; i--) renderer.render(left, right);
let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
gc();
await new Promise((resolve) => setImmediate(resolve));
observer.observe({ entryTypes: ["gc"] });
const before = process.memoryUsage();
const measuredChunks = chunks(MEASURED_SECONDS);
for (let i = measuredChunks; i > 0; i--) renderer.render(left, right);
const after = process.memoryUsage();
await new Promise((resolve) => setImmediate(resolve));
observer.disconnect();

const blocks = (measuredChunks * CHUNK_FRAMES) / BLOCK_SIZE;
const heapGrowth = after.heapUsed - before.heapUsed;
console.log(
  JSON.stringify({
    backend: synthesizer.backend,
    blocks,
    heapGrowthBytes: heapGrowth,
    arrayBufferGrowthBytes: after.arrayBuffers - before.arrayBuffers,
    externalGrowthBytes: after.external - before.external,
    collections,
    bytesPerBlock: collections > 0 ? null : heapGrowth / blocks,
    allocates: collections > 0 || heapGrowth / blocks >= 1,
  }),
);
