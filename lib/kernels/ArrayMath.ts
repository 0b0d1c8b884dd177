/**
 * The mixing kernels. Each product is rounded to float32 before it is added, as float32
 * arithmetic would, so the JavaScript path sums exactly what MeltySynth sums.
 */

/** destination[t] += a * x[t] for the length of `x`. */
export function multiplyAdd(a: number, x: Float32Array, destination: Float32Array): void {
  const n = x.length;
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

/** destination[t] += a * x[t], with `a` growing by `step` after every sample. */
export function multiplyAddSlope(
  a: number,
  step: number,
  x: Float32Array,
  destination: Float32Array,
): void {
  const n = x.length;
  for (let t = 0; t < n; t++) {
    destination[t] += Math.fround(a * x[t]);
    a = Math.fround(a + step);
  }
}
