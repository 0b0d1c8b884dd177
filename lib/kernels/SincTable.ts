/**
 * Sinc interpolation's coefficients: a Blackman-windowed sinc over the 8 points from 3 before the
 * position to 4 after it, tabled at 256 phases (the fraction's top 8 bits) with each phase's step
 * to the next, which the fraction's low 16 bits scale. native/kernels_scalar.cpp's fillSincTable
 * and sincSample compute the same numbers in the same order, through the same portable sine and
 * cosine, so every backend gives the same bits.
 */

import { portableCos, portableSin } from "./PortableMath.js";

/** The points each sample reads: data[i - 3] to data[i + 4]. */
export const SINC_POINTS = 8;
const PHASES = 256;
/** Floats per phase: the 8 coefficients, then their 8 steps to the next phase. */
const ROW = 2 * SINC_POINTS;

const f = Math.fround;

/** sin(pi t) / (pi t) under a Blackman window 8 points wide; exactly 0 at the other points. */
function windowedSinc(t: number): number {
  if (t === Math.floor(t)) return t === 0 ? 1 : 0;
  const a = Math.PI * t;
  const window = 0.42 + 0.5 * portableCos(a / 4) + 0.08 * portableCos(a / 2);
  return (portableSin(a) / a) * window;
}

/** The 8 coefficients at fraction x, scaled to sum to 1 (a constant signal passes unchanged). */
function coefficients(x: number, row: Float32Array): void {
  const c = new Float64Array(SINC_POINTS);
  let sum = 0;
  for (let j = 0; j < SINC_POINTS; j++) {
    c[j] = windowedSinc(j - 3 - x);
    sum += c[j];
  }
  for (let j = 0; j < SINC_POINTS; j++) row[j] = c[j] / sum;
}

let table: Float32Array | undefined;

/** The table, computed once per process (about 0.1 ms). */
export function sincTable(): Float32Array {
  if (table !== undefined) return table;
  const made = new Float32Array(PHASES * ROW);
  const next = new Float32Array(SINC_POINTS);
  coefficients(0, made);
  for (let p = 0; p < PHASES; p++) {
    const row = p * ROW;
    coefficients((p + 1) / PHASES, next);
    for (let j = 0; j < SINC_POINTS; j++) {
      made[row + SINC_POINTS + j] = next[j] - made[row + j];
      if (p + 1 < PHASES) made[row + ROW + j] = next[j];
    }
  }
  table = made;
  return made;
}

/**
 * The 8 points from `points[base]` through the table at `frac` / 2^24 past the fourth, in
 * float32 rounded at every step: each coefficient and product, then the sum of the points 4
 * apart, 2 apart, and the last two, the order a 4-lane vector adds them in the native kernels.
 */
export function sincSample(table: Float32Array, points: Int16Array, base: number, frac: number): number {
  const row = (frac >>> 16) * ROW;
  const within = (frac & 0xffff) / 65536;
  const s = row + SINC_POINTS;
  const p0 = f(f(table[row] + f(table[s] * within)) * points[base]);
  const p1 = f(f(table[row + 1] + f(table[s + 1] * within)) * points[base + 1]);
  const p2 = f(f(table[row + 2] + f(table[s + 2] * within)) * points[base + 2]);
  const p3 = f(f(table[row + 3] + f(table[s + 3] * within)) * points[base + 3]);
  const p4 = f(f(table[row + 4] + f(table[s + 4] * within)) * points[base + 4]);
  const p5 = f(f(table[row + 5] + f(table[s + 5] * within)) * points[base + 5]);
  const p6 = f(f(table[row + 6] + f(table[s + 6] * within)) * points[base + 6]);
  const p7 = f(f(table[row + 7] + f(table[s + 7] * within)) * points[base + 7]);
  return f(f(f(p0 + p4) + f(p2 + p6)) + f(f(p1 + p5) + f(p3 + p7))) / 32768;
}
