/**
 * Freeverb (Jezar at Dreampoint's public-domain reverb) with MeltySynth's fixed settings:
 * 8 comb filters and 4 all-pass filters per channel, mono in, stereo out.
 *
 * All state lives in typed arrays so that a native block renderer can run the same filters on
 * the same memory: the delay lines back to back in `lines`, their read positions in `cursors`
 * and the comb filters' one-pole low-pass state in `stores`.
 */

import { heapMemory, type BlockMemory } from "../kernels/BlockMemory.js";

const STEREO_SPREAD = 23;
const COMB_TUNINGS = [1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617];
const ALL_PASS_TUNINGS = [556, 441, 341, 225];

/** Number of comb filters per channel. */
export const COMB_COUNT = 8;
/** Number of all-pass filters per channel. */
export const ALL_PASS_COUNT = 4;
/** Delay lines in `lines`, in this order: combs left, combs right, all-passes left, all-passes right. */
export const LINE_COUNT = 2 * (COMB_COUNT + ALL_PASS_COUNT);

// MeltySynth's initial room 0.5, damp 0.5, wet 1/3 and width 1, through Freeverb's scaling.
const ROOM_SIZE = Math.fround(Math.fround(0.5 * Math.fround(0.28)) + Math.fround(0.7));
const DAMP = Math.fround(0.5 * Math.fround(0.4));
const ALL_PASS_FEEDBACK = 0.5;

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

  readonly feedback = ROOM_SIZE;
  readonly damp1 = DAMP;
  readonly damp2 = Math.fround(1 - DAMP);
  readonly allPassFeedback = ALL_PASS_FEEDBACK;

  /** @param memory Where its arrays are allocated: by default the JavaScript heap. */
  constructor(sampleRate: number, memory: BlockMemory = heapMemory) {
    const tunings = [
      ...COMB_TUNINGS,
      ...COMB_TUNINGS.map((t) => t + STEREO_SPREAD),
      ...ALL_PASS_TUNINGS,
      ...ALL_PASS_TUNINGS.map((t) => t + STEREO_SPREAD),
    ];
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
  }

  /** Silences the tail. */
  mute(): void {
    this.lines.fill(0);
    this.stores.fill(0);
  }

  /**
   * Reverberates the first `count` samples of `input` into both outputs (overwriting them).
   * MeltySynth's wet and width settings make the final stereo mix an identity, so it is left out.
   */
  process(input: Float32Array, outputLeft: Float32Array, outputRight: Float32Array, count = input.length): void {
    this.processChannel(0, input, outputLeft, count);
    this.processChannel(1, input, outputRight, count);
  }

  private processChannel(side: number, input: Float32Array, output: Float32Array, count: number): void {
    output.fill(0, 0, count);
    for (let c = 0; c < COMB_COUNT; c++) {
      this.processComb(side * COMB_COUNT + c, input, output, count);
    }
    for (let a = 0; a < ALL_PASS_COUNT; a++) {
      this.processAllPass(2 * COMB_COUNT + side * ALL_PASS_COUNT + a, output, count);
    }
  }

  private processComb(line: number, input: Float32Array, output: Float32Array, count: number): void {
    const lines = this.lines;
    const start = this.offsets[line];
    const end = start + this.lengths[line];
    const feedback = this.feedback;
    const damp1 = this.damp1;
    const damp2 = this.damp2;
    let p = start + this.cursors[line];
    let store = this.stores[line];
    for (let t = 0; t < count; t++) {
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
