// @ts-check
/**
 * One render on our engine, in a process of its own: loads the SoundFont, renders one song (or
 * the chord) with the given backend and block size, and prints one JSON line. Only the render
 * loop is timed; the output goes to a reused chunk buffer and is not kept.
 *
 * Usage: node bench/meltysynthChild.mjs <js|native> <song id> <block size>
 */
import { readFileSync } from "node:fs";
import { peakRssKiB } from "./peakMemory.mjs";
import { loadEngine } from "./engine.mjs";
import { CHORD_KEYS, CHORD_VELOCITY, FONT, POLYPHONY, SAMPLE_RATE, TAIL_SECONDS, songById } from "./songs.mjs";

const CHUNK_FRAMES = 8192;

const [backend, songId, blockSizeText] = process.argv.slice(2);
const song = songById(songId);
const blockSize = Number(blockSizeText);
const { SoundFont, Synthesizer, MidiFile, MidiFileSequencer, nativeBackendStatus } = await loadEngine();

if (backend === "native" && !nativeBackendStatus().available) {
  console.log(JSON.stringify({ error: `native backend unavailable: ${nativeBackendStatus().reason}` }));
  process.exit(0);
}

const fontBytes = readFileSync(FONT);
const loadCpuStart = process.cpuUsage();
const loadStart = performance.now();
const font = new SoundFont(fontBytes);
const loadMs = performance.now() - loadStart;
const loadCpu = process.cpuUsage(loadCpuStart);

const synthesizer = new Synthesizer(font, {
  sampleRate: SAMPLE_RATE,
  blockSize,
  maximumPolyphony: POLYPHONY,
  enableReverbAndChorus: true,
  backend: /** @type {"js" | "native"} */ (backend),
});

/** @type {{ render(left: Float32Array, right: Float32Array): void }} */
let renderer = synthesizer;
let frames;
if (song.file === null) {
  for (const key of CHORD_KEYS) synthesizer.noteOn(0, key, CHORD_VELOCITY);
  frames = Math.round((song.chordSeconds ?? 0) * SAMPLE_RATE);
} else {
  const midi = new MidiFile(readFileSync(song.file));
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(midi, false);
  renderer = sequencer;
  frames = Math.ceil((midi.length + TAIL_SECONDS) * SAMPLE_RATE);
}

const left = new Float32Array(CHUNK_FRAMES);
const right = new Float32Array(CHUNK_FRAMES);
const tailLeft = left.subarray(0, frames % CHUNK_FRAMES);
const tailRight = right.subarray(0, frames % CHUNK_FRAMES);
const fullChunks = Math.floor(frames / CHUNK_FRAMES);

const cpuStart = process.cpuUsage();
const wallStart = performance.now();
for (let i = 0; i < fullChunks; i++) renderer.render(left, right);
if (tailLeft.length > 0) renderer.render(tailLeft, tailRight);
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);

console.log(
  JSON.stringify({
    backend: synthesizer.backend,
    instructionSet: nativeBackendStatus().instructionSet ?? null,
    audioSeconds: frames / SAMPLE_RATE,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
    loadMs,
    loadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
    maxRssKiB: peakRssKiB(),
  }),
);
