// @ts-check
/**
 * One render on our engine, in a process of its own: loads the SoundFont, renders one song (or
 * a chord) with the given backend and block size, and prints one JSON line. Only the render
 * loop is timed; the output goes to a reused chunk buffer and is not kept.
 *
 * Usage: node bench/meltysynthChild.mjs <js|native|wasm> <song id> <block size> [block|sample] [meltysynth|full] [linear|cubic|sinc] [polyphony]
 */
import { readFileSync } from "node:fs";
import { exitUnavailable, printResult, timed } from "./childHarness.mjs";
import { loadEngine } from "./engine.mjs";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, POLYPHONY, SAMPLE_RATE, framesToRender, songById } from "./songs.mjs";

const CHUNK_FRAMES = 8192;

const [backend, songId, blockSizeText, eventTiming = "block", profile = "meltysynth", interpolation = "linear", polyphonyText = String(POLYPHONY)] = process.argv.slice(2);
const song = songById(songId);
const blockSize = Number(blockSizeText);
const { SoundFont, Synthesizer, MidiFile, MidiFileSequencer, nativeBackendStatus, wasmBackendStatus } = await loadEngine();

const status = backend === "native" ? nativeBackendStatus() : backend === "wasm" ? wasmBackendStatus() : null;
if (status !== null && !status.available) exitUnavailable(`${backend} backend unavailable: ${status.reason}`);

const fontBytes = readFileSync(FONT);
const load = timed(() => new SoundFont(fontBytes));

// Timed too: a wasm synthesizer copies the SoundFont's samples into its instance's memory.
const create = timed(
  () =>
    new Synthesizer(load.value, {
      sampleRate: SAMPLE_RATE,
      blockSize,
      maximumPolyphony: Number(polyphonyText),
      enableReverbAndChorus: song.effects,
      backend: /** @type {"js" | "native" | "wasm"} */ (backend),
      eventTiming: /** @type {"block" | "sample"} */ (eventTiming),
      profile: /** @type {"meltysynth" | "full"} */ (profile),
      interpolation: /** @type {"linear" | "cubic" | "sinc"} */ (interpolation),
    }),
);
const synthesizer = create.value;

/** @type {{ render(left: Float32Array, right: Float32Array): void }} */
let renderer = synthesizer;
let frames;
if (song.file === null) {
  for (const key of CHORD_KEYS) synthesizer.noteOn(0, key, CHORD_VELOCITY);
  frames = framesToRender(song, 0);
} else {
  const midi = new MidiFile(readFileSync(song.file));
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(midi, false);
  renderer = sequencer;
  frames = framesToRender(song, midi.length);
}

const left = new Float32Array(CHUNK_FRAMES);
const right = new Float32Array(CHUNK_FRAMES);
const tailLeft = left.subarray(0, frames % CHUNK_FRAMES);
const tailRight = right.subarray(0, frames % CHUNK_FRAMES);
const fullChunks = Math.floor(frames / CHUNK_FRAMES);

const render = timed(() => {
  for (let i = 0; i < fullChunks; i++) renderer.render(left, right);
  if (tailLeft.length > 0) renderer.render(tailLeft, tailRight);
});

printResult({
  backend: synthesizer.backend,
  instructionSet: status?.instructionSet ?? null,
  audioSeconds: frames / SAMPLE_RATE,
  cpuMs: render.cpuMs,
  wallMs: render.wallMs,
  loadMs: load.wallMs,
  loadCpuMs: load.cpuMs,
  createMs: create.wallMs,
});
