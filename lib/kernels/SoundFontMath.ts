/**
 * The unit conversions of the SoundFont specification and MeltySynth's constants, in float32
 * arithmetic as MeltySynth does them: every intermediate result is rounded with Math.fround, and
 * powers go through `portablePowf`, which rounds as glibc's float32 pow does, so the engine
 * computes the same envelope times, gains and pitches as MeltySynth, bit for bit. The one owner
 * of these: the model's getters (GeneratorTable) and the synthesizer both read them here, and
 * native/voice_step.cpp repeats the two the voice step needs.
 */

import { portableExp, portablePowf } from "./PortableMath.js";

const f = Math.fround;

export const PI = f(Math.PI);
export const HALF_PI = f(PI / 2);
/** Gains below this are treated as silence (-60 dB). */
export const NON_AUDIBLE = f(1e-3);
/** The smallest positive float32: a ramp below it is silence itself. */
export const SMALLEST_FLOAT32 = 2 ** -149;
const LOG_NON_AUDIBLE = f(-6.9077554);
const INVERSE_1200 = f(1 / 1200);
const TENTH = f(0.1);

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Seconds from timecents, the SoundFont unit of envelope and LFO times. */
export function timecentsToSeconds(x: number): number {
  return portablePowf(2, f(INVERSE_1200 * x));
}

/** Hertz from absolute cents, the SoundFont unit of filter and LFO frequencies. */
export function centsToHertz(x: number): number {
  return f(f(8.176) * portablePowf(2, f(INVERSE_1200 * x)));
}

/** 2^(x / 1200) in float32: the factor that a change of `x` cents makes to a frequency. */
export function centsToMultiplyingFactor(x: number): number {
  return portablePowf(2, f(INVERSE_1200 * x));
}

/** 0.1 * x in float32: a generator's tenths (of a decibel, of a percent) in whole units. */
export function tenths(x: number): number {
  return f(TENTH * x);
}

export function decibelsToLinear(x: number): number {
  return portablePowf(10, f(f(0.05) * x));
}

export function linearToDecibels(x: number): number {
  return f(20 * f(Math.log10(x)));
}

export function keyNumberToMultiplyingFactor(cents: number, key: number): number {
  return timecentsToSeconds(cents * (60 - key));
}

/** e^x in double precision, flushed to zero below the audible range. */
export function expCutoff(x: number): number {
  return x < LOG_NON_AUDIBLE ? 0 : portableExp(x);
}
