/**
 * Shared by the native tests: loading the addon (or saying why it is not there), a seeded
 * random generator, and random block contexts whose voice tables exercise loops, ramps,
 * inactive filters and the effects.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import type { NativeAddon } from "../../lib/kernels/nativeBackend.js";
import {
  F32_A0,
  F32_GAINS,
  F32_X1,
  F64_POSITION,
  F64_STEP,
  FLAG_FILTER_ACTIVE,
  FLAG_LOOPING,
  GAIN_PAIRS,
  I32_END,
  I32_END_LOOP,
  I32_FLAGS,
  I32_START_LOOP,
  RECORD_DOUBLES,
  RECORD_WORDS,
  VoiceTable,
} from "../../lib/kernels/VoiceTable.js";
import { Chorus } from "../../lib/synth/Chorus.js";
import { Reverb } from "../../lib/synth/Reverb.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The addon under test: MELTYSYNTH_NATIVE_ADDON names a .node file (the sanitizer build uses
 * it); otherwise node-gyp-build finds build/Release or a prebuild.
 */
export function loadTestAddon(): { addon: NativeAddon | null; reason: string } {
  try {
    const path = process.env.MELTYSYNTH_NATIVE_ADDON;
    const addon = (path ? require(path) : (require("node-gyp-build") as (dir: string) => unknown)(root)) as NativeAddon;
    return { addon, reason: "" };
  } catch (error) {
    const reason = `native addon not built (run npm run build:native): ${(error as Error).message.split("\n")[0]}`;
    // CI and the sanitizer run set this: there a missing addon is a failure, not a skip.
    if (process.env.MELTYSYNTH_REQUIRE_NATIVE === "1") throw new Error(reason);
    console.warn(`SKIPPING native tests: ${reason}`);
    return { addon: null, reason };
  }
}

/** xorshift: the same numbers on every run. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  floats(n: number, lo = -1, hi = 1): Float32Array {
    return Float32Array.from({ length: n }, () => this.between(lo, hi));
  }
}

/** A stable low-pass biquad, as the voice code would compute it. */
export function lowPass(random: Random): number[] {
  const w = 2 * Math.PI * random.between(0.001, 0.45);
  const q = random.between(0.5, 8);
  const alpha = Math.sin(w) / (2 * q);
  const cw = Math.cos(w);
  const a0 = 1 + alpha;
  return [(1 - cw) / 2 / a0, (1 - cw) / a0, (1 - cw) / 2 / a0, (-2 * cw) / a0, (1 - alpha) / a0];
}

/** Fills voice record v with a random but valid voice. */
export function randomVoice(table: VoiceTable, v: number, random: Random, waveLength: number): void {
  const d = v * RECORD_DOUBLES;
  const w = v * RECORD_WORDS;
  const looping = random.below(2) === 0;
  const endLoop = 2 + random.below(waveLength - 2);
  // Some loops are tiny, so that long steps take the remainder in wrap().
  const startLoop = random.below(4) === 0 ? endLoop - 1 - random.below(3) : random.below(endLoop - 1);
  const end = 1 + random.below(waveLength - 2);
  table.i32[w + I32_FLAGS] = (looping ? FLAG_LOOPING : 0) | (random.below(3) !== 0 ? FLAG_FILTER_ACTIVE : 0);
  table.i32[w + I32_END] = end;
  table.i32[w + I32_START_LOOP] = Math.max(0, startLoop);
  table.i32[w + I32_END_LOOP] = endLoop;
  table.f64[d + F64_POSITION] = Math.floor(random.next() * (looping ? endLoop + 50 : end) * 16777216);
  const stepKind = random.below(5);
  table.f64[d + F64_STEP] =
    stepKind === 0 ? 0 : stepKind === 1 ? Math.floor(random.between(1, 40) * 16777216) : Math.floor(random.between(0.05, 3) * 16777216);
  const coefficients = lowPass(random);
  for (let i = 0; i < 5; i++) table.f32[w + F32_A0 + i] = coefficients[i];
  for (let i = 0; i < 4; i++) table.f32[w + F32_X1 + i] = random.between(-0.5, 0.5);
  randomGains(table, v, random);
}

/** New gains for a voice: silent, steady or ramping, per destination. */
export function randomGains(table: VoiceTable, v: number, random: Random): void {
  const g = v * RECORD_WORDS + F32_GAINS;
  for (let d = 0; d < GAIN_PAIRS; d++) {
    const kind = random.below(4);
    const previous = kind === 0 ? 0 : random.between(0, 0.4);
    const current = kind === 1 ? previous + random.between(-1e-4, 1e-4) : kind === 0 ? 0 : random.between(0, 0.4);
    table.f32[g + 2 * d] = previous;
    table.f32[g + 2 * d + 1] = Math.max(0, current);
  }
}

export interface ContextOptions {
  blockSize?: number;
  capacity?: number;
  effects?: boolean;
  waveLength?: number;
  shared?: boolean;
}

/** A block context full of random voices; the same seed gives the same context. */
export function randomContext(seed: number, options: ContextOptions = {}): BlockContext {
  const { blockSize = 64, capacity = 64, effects = true, waveLength = 20000 } = options;
  const random = new Random(seed);
  const waveData = new Int16Array(waveLength);
  for (let i = 0; i < waveLength; i++) waveData[i] = random.below(65536) - 32768;
  const table = new VoiceTable(capacity);
  for (let v = 0; v < capacity; v++) randomVoice(table, v, random, waveLength);
  const order = Int32Array.from({ length: capacity }, (_, i) => capacity - 1 - i);
  return {
    blockSize,
    waveData,
    table,
    order,
    left: new Float32Array(blockSize),
    right: new Float32Array(blockSize),
    reverb: effects ? new Reverb(44100) : null,
    chorus: effects ? new Chorus(44100) : null,
  };
}

/** Signal-to-noise ratio of `actual` against `reference`, in dB. */
export function snr(reference: Float32Array, actual: Float32Array): number {
  let signal = 0;
  let noise = 0;
  for (let t = 0; t < reference.length; t++) {
    signal += reference[t] * reference[t];
    noise += (reference[t] - actual[t]) ** 2;
  }
  if (noise === 0) return Infinity;
  return 10 * Math.log10(signal / noise);
}
