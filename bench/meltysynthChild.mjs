// @ts-check
/**
 * One render on our engine, in a process of its own: loads the SoundFont, renders one song (or
 * a chord) with the given backend and block size, and prints one JSON line. Only the render
 * loop is timed; the output goes to a reused chunk buffer and is not kept.
 *
 * Usage: node bench/meltysynthChild.mjs <js|native> <song id> <block size> [block|sample] [meltysynth|full]
 */
import { readFileSync } from "node:fs";
import { exitUnavailable, printResult, timed } from "./childHarness.mjs";
import { loadEngine } from "./engine.mjs";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, POLYPHONY, SAMPLE_RATE, framesToRender, songById } from "./songs.mjs";

const CHUNK_FRAMES = 8192;

const [backend, songId, blockSizeText, eventTiming = "block", profile = "meltysynth"] = process.argv.slice(2);
const song = songById(songId);
const blockSize = Number(blockSizeText);
const { SoundFont, Synthesizer, MidiFile, MidiFileSequencer, nativeBackendStatus } = await loadEngine();

if (backend === "native" && !nativeBackendStatus().available) {
  exitUnavailable(`native backend unavailable: ${nativeBackendStatus().reason}`);
}

const fontBytes = readFileSync(FONT);
const load = timed(() => new SoundFont(fontBytes));

const synthesizer = new Synthesizer(load.value, {
  sampleRate: SAMPLE_RATE,
  blockSize,
  maximumPolyphony: POLYPHONY,
  enableReverbAndChorus: song.effects,
  backend: /** @type {"js" | "native"} */ (backend),
  eventTiming: /** @type {"block" | "sample"} */ (eventTiming),
  profile: /** @type {"meltysynth" | "full"} */ (profile),
});

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
  instructionSet: nativeBackendStatus().instructionSet ?? null,
  audioSeconds: frames / SAMPLE_RATE,
  cpuMs: render.cpuMs,
  wallMs: render.wallMs,
  loadMs: load.wallMs,
  loadCpuMs: load.cpuMs,
});
