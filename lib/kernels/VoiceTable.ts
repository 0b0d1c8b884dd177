/**
 * The per-voice parameters of one block, shared between the voice control code (envelopes, LFOs,
 * pitch, filter coefficients, gains: computed in TypeScript once per block) and a block renderer
 * (oscillator, filter and mixing: the per-sample work, in JavaScript or native code).
 *
 * Every voice owns one fixed record of RECORD_BYTES bytes in one ArrayBuffer, so native code can
 * read the whole table after being handed the buffer once. A record mixes three views of the
 * same bytes; the constants below are indices into the view named in their prefix.
 */

/** Bytes per voice record. */
export const RECORD_BYTES = 128;
/** Record size in 4-byte words, for the Float32Array and Int32Array views. */
export const RECORD_WORDS = RECORD_BYTES / 4;
/** Record size in 8-byte words, for the Float64Array view. */
export const RECORD_DOUBLES = RECORD_BYTES / 8;

// Float64 fields (index into the Float64Array view, plus voice * RECORD_DOUBLES).
// The oscillator position and step are MeltySynth's 64-bit fixed-point numbers (24 fraction
// bits), held as integral doubles: exact up to 2^53, i.e. for samples up to 2^29 frames long.
/** Oscillator position in 1/2^24 sample units; the renderer advances it. */
export const F64_POSITION = 0;
/** Oscillator step per output sample in 1/2^24 sample units. */
export const F64_STEP = 1;

// Int32 fields (index into the Int32Array view, plus voice * RECORD_WORDS).
/** Bit flags, see FLAG_*. */
export const I32_FLAGS = 4;
/** End of the sample data (exclusive) when not looping. */
export const I32_END = 5;
/** First sample of the loop. */
export const I32_START_LOOP = 6;
/** End of the loop (exclusive). */
export const I32_END_LOOP = 7;

/** The oscillator wraps at the loop end in this block. */
export const FLAG_LOOPING = 1;
/** The low-pass filter is active; otherwise it only tracks its history. */
export const FLAG_FILTER_ACTIVE = 2;

// Float32 fields (index into the Float32Array view, plus voice * RECORD_WORDS).
/** Biquad coefficients, already divided by the a0 of the textbook form. */
export const F32_A0 = 8;
export const F32_A1 = 9;
export const F32_A2 = 10;
export const F32_A3 = 11;
export const F32_A4 = 12;
/** Biquad history; the renderer updates it. */
export const F32_X1 = 13;
export const F32_X2 = 14;
export const F32_Y1 = 15;
export const F32_Y2 = 16;
/**
 * Gain ramps, previous then current, for the five destinations of a voice, in this order:
 * left, right, chorus left, chorus right, reverb. Each already includes everything that
 * multiplies it (master volume for left and right, the send level, the reverb input gain).
 */
export const F32_GAINS = 17;
export const GAIN_PAIRS = 5;

/** The typed-array views of one voice table. */
export class VoiceTable {
  readonly buffer: ArrayBuffer;
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly i32: Int32Array;

  constructor(readonly capacity: number) {
    this.buffer = new ArrayBuffer(capacity * RECORD_BYTES);
    this.f64 = new Float64Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
  }
}
