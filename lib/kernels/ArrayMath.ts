/**
 * The mixing kernels. Each product is rounded to float32 before it is added, as float32
 * arithmetic would, so the JavaScript path sums exactly what MeltySynth sums.
 *
 * A gain comes in as an array and an index, not as a number: a double passed to a function V8
 * has not inlined is boxed into a new heap number, and these run for every voice of every block.
 */

type Gains = Float32Array | Float64Array;

/** destination[t] += a * x[t] for t < n, with a = gains[index]. */
export function multiplyAdd(gains: Gains, index: number, x: Float32Array, destination: Float32Array, n: number): void {
  const a = gains[index];
  let t = 0;
  // Unrolled by four: V8 keeps the loop overhead off three of every four samples.
  for (; t + 4 <= n; t += 4) {
    destination[t] += Math.fround(a * x[t]);
    destination[t + 1] += Math.fround(a * x[t + 1]);
    destination[t + 2] += Math.fround(a * x[t + 2]);
    destination[t + 3] += Math.fround(a * x[t + 3]);
  }
  for (; t < n; t++) {
    destination[t] += Math.fround(a * x[t]);
  }
}

/**
 * destination[t] += a * x[t] for t < n, with `a` going from from[index] towards to[index] by a
 * step of (to - from) / n after every sample, rounded to float32 at each step.
 */
export function multiplyAddRamp(
  from: Float32Array,
  to: Float32Array,
  index: number,
  x: Float32Array,
  destination: Float32Array,
  n: number,
): void {
  let a = from[index];
  const step = Math.fround(Math.fround(1 / n) * Math.fround(to[index] - a));
  for (let t = 0; t < n; t++) {
    destination[t] += Math.fround(a * x[t]);
    a = Math.fround(a + step);
  }
}
