/**
 * MeltySynth's unit conversions, computed as its 32-bit float arithmetic computes them: every
 * constant and every intermediate result is rounded to float32, and powers are glibc's powf,
 * so the synthesizer that uses them can reproduce MeltySynth's output sample for sample.
 */

import { powf } from "./Powf.js";

const inverse1200 = Math.fround(1 / 1200);
const hertzAtZeroCents = Math.fround(8.176);
const tenth = Math.fround(0.1);

/** 2^(x / 1200) in float32: the factor that a change of `x` cents makes to a frequency. */
export function centsToMultiplyingFactor(x: number): number {
  return powf(2, Math.fround(inverse1200 * Math.fround(x)));
}

/** Seconds from timecents, the SoundFont unit of envelope and LFO times. */
export function timecentsToSeconds(x: number): number {
  return centsToMultiplyingFactor(x);
}

/** Hertz from absolute cents, the SoundFont unit of filter and LFO frequencies. */
export function centsToHertz(x: number): number {
  return Math.fround(hertzAtZeroCents * centsToMultiplyingFactor(x));
}

/** 0.1 * x in float32: the SoundFont's tenths (of a dB, of a percent) in whole units. */
export function tenths(x: number): number {
  return Math.fround(tenth * Math.fround(x));
}
