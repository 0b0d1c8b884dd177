import { portableCos, portableSin } from "../kernels/PortableMath.js";
import { FLAG_FILTER_ACTIVE, type VoiceBank } from "../kernels/VoiceBank.js";
import { PI } from "../soundfont/SoundFontMath.js";

const f = Math.fround;

const RESONANCE_PEAK_OFFSET = f(1 - f(1 / f(Math.SQRT2)));

/**
 * The control side of voice `v`'s resonant low-pass filter: cutoff and resonance to biquad
 * coefficients, which the block renderer runs. native/voice_step.cpp does the same arithmetic.
 */

/** Forgets the history, and the coefficients, so the next setLowPassFilter computes them. */
export function clearFilter(bank: VoiceBank, v: number): void {
  bank.filterCutoff[v] = Number.NaN;
  bank.x1[v] = 0;
  bank.x2[v] = 0;
  bank.y1[v] = 0;
  bank.y2[v] = 0;
}

/** Cutoff in hertz; resonance as a linear peak gain. At or near Nyquist the filter is bypassed. */
export function setLowPassFilter(bank: VoiceBank, v: number, sampleRate: number, cutoff: number, resonance: number): void {
  // The coefficients depend on these two alone; a sweep that has settled costs nothing.
  if (cutoff === bank.filterCutoff[v] && resonance === bank.filterResonance[v]) return;
  bank.filterCutoff[v] = cutoff;
  bank.filterResonance[v] = resonance;
  if (!(cutoff < f(f(0.499) * sampleRate))) {
    bank.flags[v] &= ~FLAG_FILTER_ACTIVE;
    return;
  }
  bank.flags[v] |= FLAG_FILTER_ACTIVE;

  // This Q gives the desired resonance peak height within 3 %.
  const q = f(resonance - f(RESONANCE_PEAK_OFFSET / f(1 + f(6 * f(resonance - 1)))));
  const w0 = f(f(f(2 * PI) * cutoff) / sampleRate);
  const cosw = f(portableCos(w0));
  const alpha = f(f(portableSin(w0)) / f(2 * q));

  const b0 = f(f(1 - cosw) / 2);
  const b1 = f(1 - cosw);
  const a0 = f(1 + alpha);
  const a1 = f(-2 * cosw);
  const a2 = f(1 - alpha);

  bank.b0[v] = b0 / a0;
  bank.b1[v] = b1 / a0;
  bank.b2[v] = b0 / a0;
  bank.a1[v] = a1 / a0;
  bank.a2[v] = a2 / a0;
}
