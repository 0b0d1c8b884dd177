/**
 * Freeverb (Jezar at Dreampoint's public-domain reverb): 8 comb filters and 4 all-pass filters
 * per channel, mono in, stereo out, with MeltySynth's settings by default.
 *
 * All state lives in typed arrays so that a native block renderer can run the same filters on
 * the same memory: the delay lines back to back in `lines`, their read positions in `cursors`
 * and the comb filters' one-pole low-pass state in `stores`.
 */

import { heapMemory, type BlockMemory } from "../kernels/BlockMemory.js";
import { DEFAULT_REVERB, slew, type ReverbSettings } from "./EffectSettings.js";

const STEREO_SPREAD = 23;
const COMB_TUNINGS = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALL_PASS_TUNINGS = [556, 441, 341, 225];

/** Number of comb filters per channel. */
export const COMB_COUNT = 8;
/** Number of all-pass filters per channel. */
export const ALL_PASS_COUNT = 4;
/** Delay lines in `lines`, in this order: combs left, combs right, all-passes left, all-passes right. */
export const LINE_COUNT = 2 * (COMB_COUNT + ALL_PASS_COUNT);

// Freeverb's scaling of its settings.
const SCALE_ROOM = Math.fround(0.28);
const OFFSET_ROOM = Math.fround(0.7);
const SCALE_DAMP = Math.fround(0.4);
const SCALE_WET = 3;
const ALL_PASS_FEEDBACK = 0.5;

/**
 * Indices into `parameters` (native/effects.h: ReverbParameter). The comb filters' feedback and
 * damping (damp2 is 1 - damp1) and the stereo mix's gains (the same channel's and the other's)
 * as the last sample used them, then as they were set, then the most they move towards the ones
 * set in a sample: a change is a straight line over 20 ms, never a step.
 */
export const REVERB_FEEDBACK = 0;
export const REVERB_DAMP1 = 1;
export const REVERB_DAMP2 = 2;
export const REVERB_WET1 = 3;
export const REVERB_WET2 = 4;
export const REVERB_FEEDBACK_TARGET = 5;
export const REVERB_DAMP1_TARGET = 6;
export const REVERB_WET1_TARGET = 7;
export const REVERB_WET2_TARGET = 8;
export const REVERB_FEEDBACK_SLEW = 9;
export const REVERB_DAMP1_SLEW = 10;
export const REVERB_WET1_SLEW = 11;
export const REVERB_WET2_SLEW = 12;
export const REVERB_PARAMETER_COUNT = 13;

const RAMP_SECONDS = 0.02;
// Each ramped parameter: its value, its target and its slew.
const RAMPS = [
  [REVERB_FEEDBACK, REVERB_FEEDBACK_TARGET, REVERB_FEEDBACK_SLEW],
  [REVERB_DAMP1, REVERB_DAMP1_TARGET, REVERB_DAMP1_SLEW],
  [REVERB_WET1, REVERB_WET1_TARGET, REVERB_WET1_SLEW],
  [REVERB_WET2, REVERB_WET2_TARGET, REVERB_WET2_SLEW],
] as const;

// Values below this are flushed to zero: they would otherwise decay into slow denormals.
const DENORMAL_LIMIT = Math.fround(1e-6);

// Freeverb's input gain is applied to each voice's send by the voice step (REVERB_INPUT_GAIN in
// lib/kernels/VoiceStep.ts), so the reverb reads its input as it is.
export class Reverb {
  /** Every delay line, back to back. */
  readonly lines: Float32Array;
  /** Start of each delay line in `lines`. */
  readonly offsets: Int32Array;
  /** Length of each delay line. */
  readonly lengths: Int32Array;
  /** Current position in each delay line. */
  readonly cursors: Int32Array;
  /** Low-pass state of each comb filter: left combs, then right combs. */
  readonly stores: Float32Array;

  /**
   * The settings as the filters use them (the REVERB_* indices). A native renderer reads them at
   * each block, so a change takes effect at the next block boundary.
   */
  readonly parameters: Float32Array;
  readonly allPassFeedback = ALL_PASS_FEEDBACK;
  private readonly rampSamples: number;
  // The feedback, damp1 and damp2 of each sample of a block while they move: three rows.
  private ramp = new Float32Array(0);

  /** @param memory Where its arrays are allocated: by default the JavaScript heap. */
  constructor(sampleRate: number, memory: BlockMemory = heapMemory) {
    const tunings = [
      ...COMB_TUNINGS,
      ...COMB_TUNINGS.map((t) => t + STEREO_SPREAD),
      ...ALL_PASS_TUNINGS,
      ...ALL_PASS_TUNINGS.map((t) => t + STEREO_SPREAD),
    ];
    this.rampSamples = RAMP_SECONDS * sampleRate;
    this.lengths = memory.int32(LINE_COUNT);
    tunings.forEach((t, i) => (this.lengths[i] = Math.round((sampleRate / 44100) * t)));
    this.offsets = memory.int32(LINE_COUNT);
    let total = 0;
    for (let i = 0; i < LINE_COUNT; i++) {
      this.offsets[i] = total;
      total += this.lengths[i];
    }
    this.lines = memory.float32(total);
    this.cursors = memory.int32(LINE_COUNT);
    this.stores = memory.float32(2 * COMB_COUNT);
    this.parameters = memory.float32(REVERB_PARAMETER_COUNT);
    this.set(DEFAULT_REVERB);
    this.mute();
  }

  /**
   * Takes new settings from the next block on; each moves to its new value in a straight line
   * over 20 ms. A sudden change of the feedback or damping would be a step in what the combs
   * write, heard a delay line later; one of the output gains, a step in the output.
   */
  set(settings: Readonly<ReverbSettings>): void {
    const p = this.parameters;
    const wet = settings.level * SCALE_WET;
    p[REVERB_FEEDBACK_TARGET] = Math.fround(Math.fround(settings.roomSize * SCALE_ROOM) + OFFSET_ROOM);
    p[REVERB_DAMP1_TARGET] = Math.fround(settings.damping * SCALE_DAMP);
    p[REVERB_WET1_TARGET] = wet * (settings.width / 2 + 0.5);
    p[REVERB_WET2_TARGET] = wet * ((1 - settings.width) / 2);
    for (const [value, target, limit] of RAMPS) p[limit] = Math.abs(p[target] - p[value]) / this.rampSamples;
  }

  /** Silences the tail and takes the settings at once. */
  mute(): void {
    this.lines.fill(0);
    this.stores.fill(0);
    const p = this.parameters;
    for (const [value, target] of RAMPS) p[value] = p[target];
    p[REVERB_DAMP2] = Math.fround(1 - p[REVERB_DAMP1]);
  }

  /** Reverberates the first `count` samples of `input` into both outputs (overwriting them). */
  process(input: Float32Array, outputLeft: Float32Array, outputRight: Float32Array, count = input.length): void {
    const ramping = this.rampFilters(count);
    this.processChannel(0, input, outputLeft, count, ramping);
    this.processChannel(1, input, outputRight, count, ramping);
    this.mixStereo(outputLeft, outputRight, count);
  }

  // While the feedback or damping moves: each sample's values in `ramp`, and true.
  private rampFilters(count: number): boolean {
    const p = this.parameters;
    let feedback = p[REVERB_FEEDBACK];
    let damp1 = p[REVERB_DAMP1];
    const feedbackTarget = p[REVERB_FEEDBACK_TARGET];
    const damp1Target = p[REVERB_DAMP1_TARGET];
    if (feedback === feedbackTarget && damp1 === damp1Target) return false;
    if (this.ramp.length < 3 * count) this.ramp = new Float32Array(3 * count);
    const ramp = this.ramp;
    const f = Math.fround;
    for (let t = 0; t < count; t++) {
      feedback = f(feedback + slew(f(feedbackTarget - feedback), p[REVERB_FEEDBACK_SLEW]));
      damp1 = f(damp1 + slew(f(damp1Target - damp1), p[REVERB_DAMP1_SLEW]));
      ramp[t] = feedback;
      ramp[count + t] = damp1;
      ramp[2 * count + t] = f(1 - damp1);
    }
    p[REVERB_FEEDBACK] = feedback;
    p[REVERB_DAMP1] = damp1;
    p[REVERB_DAMP2] = ramp[3 * count - 1];
    return true;
  }

  // Freeverb's final mix: each output its own channel at wet1 plus the other at wet2. MeltySynth's
  // settings (wet1 1, wet2 0) make it an identity, skipped so that its bits are untouched.
  private mixStereo(left: Float32Array, right: Float32Array, count: number): void {
    const p = this.parameters;
    let wet1 = p[REVERB_WET1];
    let wet2 = p[REVERB_WET2];
    const to1 = p[REVERB_WET1_TARGET];
    const to2 = p[REVERB_WET2_TARGET];
    if (wet1 === 1 && wet2 === 0 && to1 === 1 && to2 === 0) return;
    const slew1 = p[REVERB_WET1_SLEW];
    const slew2 = p[REVERB_WET2_SLEW];
    const f = Math.fround;
    for (let t = 0; t < count; t++) {
      wet1 = f(wet1 + slew(f(to1 - wet1), slew1));
      wet2 = f(wet2 + slew(f(to2 - wet2), slew2));
      const l = left[t];
      const r = right[t];
      left[t] = f(l * wet1) + f(r * wet2);
      right[t] = f(r * wet1) + f(l * wet2);
    }
    p[REVERB_WET1] = wet1;
    p[REVERB_WET2] = wet2;
  }

  private processChannel(side: number, input: Float32Array, output: Float32Array, count: number, ramping: boolean): void {
    output.fill(0, 0, count);
    for (let c = 0; c < COMB_COUNT; c++) {
      this.processComb(side * COMB_COUNT + c, input, output, count, ramping);
    }
    for (let a = 0; a < ALL_PASS_COUNT; a++) {
      this.processAllPass(2 * COMB_COUNT + side * ALL_PASS_COUNT + a, output, count);
    }
  }

  private processComb(line: number, input: Float32Array, output: Float32Array, count: number, ramping: boolean): void {
    const lines = this.lines;
    const start = this.offsets[line];
    const end = start + this.lengths[line];
    const ramp = this.ramp;
    let feedback = this.parameters[REVERB_FEEDBACK];
    let damp1 = this.parameters[REVERB_DAMP1];
    let damp2 = this.parameters[REVERB_DAMP2];
    let p = start + this.cursors[line];
    let store = this.stores[line];
    for (let t = 0; t < count; t++) {
      if (ramping) {
        feedback = ramp[t];
        damp1 = ramp[count + t];
        damp2 = ramp[2 * count + t];
      }
      if (p === end) p = start;
      let delayed = lines[p];
      if (Math.abs(delayed) < DENORMAL_LIMIT) delayed = 0;
      store = Math.fround(Math.fround(delayed * damp2) + Math.fround(store * damp1));
      if (Math.abs(store) < DENORMAL_LIMIT) store = 0;
      lines[p] = input[t] + Math.fround(store * feedback);
      output[t] += delayed;
      p++;
    }
    this.cursors[line] = p - start;
    this.stores[line] = store;
  }

  private processAllPass(line: number, block: Float32Array, count: number): void {
    const lines = this.lines;
    const start = this.offsets[line];
    const end = start + this.lengths[line];
    const feedback = this.allPassFeedback;
    let p = start + this.cursors[line];
    for (let t = 0; t < count; t++) {
      if (p === end) p = start;
      const input = block[t];
      let delayed = lines[p];
      if (Math.abs(delayed) < DENORMAL_LIMIT) delayed = 0;
      block[t] = delayed - input;
      lines[p] = input + delayed * feedback;
      p++;
    }
    this.cursors[line] = p - start;
  }
}
