import type { Chorus } from "../synth/Chorus.js";
import type { Reverb } from "../synth/Reverb.js";
import type { VoiceTable } from "./VoiceTable.js";

/** Which implementation renders the blocks. */
export type Backend = "js" | "native";

/** Everything a block renderer reads and writes, allocated once per synthesizer in JavaScript. */
export interface BlockContext {
  readonly blockSize: number;
  /** The SoundFont's sample data. */
  readonly waveData: Int16Array;
  /** Per-voice block parameters, written by the voices before each block. */
  readonly table: VoiceTable;
  /** Voice records to render, in mixing order; the first `activeCount` entries are valid. */
  readonly order: Int32Array;
  /** The block's output. */
  readonly left: Float32Array;
  readonly right: Float32Array;
  /** Null when reverb and chorus are disabled. */
  readonly reverb: Reverb | null;
  readonly chorus: Chorus | null;
}

/**
 * The per-block, per-sample work of the synthesizer: for every listed voice, run the oscillator
 * and the low-pass filter, and mix the result into left, right and the effect sends with the
 * voice's gain ramps; then run chorus and reverb and add them, scaled by the master volume.
 */
export interface BlockRenderer {
  readonly backend: Backend;
  /** Renders one block of `context.blockSize` frames into `context.left` and `context.right`. */
  render(activeCount: number, masterVolume: number): void;
}
