/**
 * What the player's renders are compared with: the same work done in Node by the engine alone,
 * with the settings createPlayer gives the audio thread by default.
 */
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { wasmBackendStatus } from "../../lib/kernels/wasmBackend.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import "../../lib/io/index.js";

export const sampleRate = 44100;
/** The backends the player offers: wasm and JavaScript. */
export const playerBackends = ["js", "wasm"] as const;

export function playerSynthesizer(backend: "js" | "wasm"): Synthesizer {
  return new Synthesizer(builtinSoundFont(), { sampleRate, backend: nodeBackend(backend), eventTiming: "sample" });
}

/**
 * The backend Node renders a reference on: the one asked for, or JavaScript in a run that keeps
 * the wasm module from loading (MELTYSYNTH_BACKEND=js). The backends give the same bits (their
 * own tests say so), so the browser's wasm render is still held to Node's to the bit.
 */
export function nodeBackend(backend: "js" | "wasm"): "js" | "wasm" {
  return backend === "wasm" && !wasmBackendStatus().available ? "js" : backend;
}

/** The demo song from `start` seconds, `seconds` long, interleaved. */
export function renderDemoSong(backend: "js" | "wasm", seconds: number, start: number): Float32Array {
  const sequencer = new MidiFileSequencer(playerSynthesizer(backend));
  sequencer.play(new MidiFile(generateDemoSong()), false);
  if (start > 0) sequencer.seek(start);
  const out = new Float32Array(2 * Math.round(seconds * sampleRate));
  sequencer.renderInterleaved(out);
  return out;
}

/** A page's base64 samples, as float32. */
export function samplesOf(base64: string): Float32Array {
  const bytes = Buffer.from(base64, "base64");
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The first frame where the two interleaved renders differ, or -1. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`renders of ${a.length / 2} and ${b.length / 2} frames`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i >> 1;
  return -1;
}
