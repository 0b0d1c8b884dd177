import {
  F32_A0,
  F32_A1,
  F32_A2,
  F32_A3,
  F32_A4,
  F32_X1,
  F32_X2,
  F32_Y1,
  F32_Y2,
  FLAG_FILTER_ACTIVE,
  I32_FLAGS,
  RECORD_WORDS,
  type VoiceTable,
} from "../kernels/VoiceTable.js";
import { PI } from "./SoundFontMath.js";

const f = Math.fround;

const RESONANCE_PEAK_OFFSET = f(1 - f(1 / f(Math.SQRT2)));

/**
 * The control side of a voice's resonant low-pass filter: it turns cutoff and resonance into
 * biquad coefficients in the voice table, where the block renderer runs the filter.
 */
export class BiQuadFilter {
  private cutoff = Number.NaN;
  private resonance = Number.NaN;

  constructor(
    private readonly sampleRate: number,
    private readonly table: VoiceTable,
    private readonly slot: number,
  ) {}

  /** Forgets the history, and the coefficients, so the next setLowPassFilter computes them. */
  clearBuffer(): void {
    this.cutoff = Number.NaN;
    const w = this.slot * RECORD_WORDS;
    const f32 = this.table.f32;
    f32[w + F32_X1] = 0;
    f32[w + F32_X2] = 0;
    f32[w + F32_Y1] = 0;
    f32[w + F32_Y2] = 0;
  }

  /** Cutoff in hertz; resonance as a linear peak gain. At or near Nyquist the filter is bypassed. */
  setLowPassFilter(cutoffFrequency: number, resonance: number): void {
    // The coefficients depend on these two alone; a sweep that has settled costs nothing.
    if (cutoffFrequency === this.cutoff && resonance === this.resonance) return;
    this.cutoff = cutoffFrequency;
    this.resonance = resonance;
    const w = this.slot * RECORD_WORDS;
    const i32 = this.table.i32;
    if (!(cutoffFrequency < f(f(0.499) * this.sampleRate))) {
      i32[w + I32_FLAGS] &= ~FLAG_FILTER_ACTIVE;
      return;
    }
    i32[w + I32_FLAGS] |= FLAG_FILTER_ACTIVE;

    // This Q gives the desired resonance peak height within 3 %.
    const q = f(resonance - f(RESONANCE_PEAK_OFFSET / f(1 + f(6 * f(resonance - 1)))));
    const w0 = f(f(f(2 * PI) * cutoffFrequency) / this.sampleRate);
    const cosw = f(Math.cos(w0));
    const alpha = f(f(Math.sin(w0)) / f(2 * q));

    const b0 = f(f(1 - cosw) / 2);
    const b1 = f(1 - cosw);
    const a0 = f(1 + alpha);
    const a1 = f(-2 * cosw);
    const a2 = f(1 - alpha);

    const f32 = this.table.f32;
    f32[w + F32_A0] = b0 / a0;
    f32[w + F32_A1] = b1 / a0;
    f32[w + F32_A2] = b0 / a0;
    f32[w + F32_A3] = a1 / a0;
    f32[w + F32_A4] = a2 / a0;
  }
}
