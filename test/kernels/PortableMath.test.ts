import { describe, expect, it } from "vitest";
import { portableCos, portablePowf, portableSin } from "../../lib/kernels/PortableMath.js";

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
const bitsOf = (value: number): number => {
  f32[0] = value;
  return bits[0];
};

describe("portablePowf", () => {
  // 2^(x/1200) for timecents x where glibc's powf (MeltySynth's and rustysynth's MathF.Pow on
  // Linux) rounds differently from Math.fround(Math.pow(...)); the bits are glibc 2.36's.
  it.each([
    [-32710, 836110231],
    [-12742, 975618982],
    [-8881, 1002563152],
    [-5110, 1029048215],
    [3290, 1087768471],
    [8090, 1121322903],
    [19658, 1202111398],
    [32090, 1289095063],
  ])("rounds 2^(%i/1200) as glibc does", (timecents, glibcBits) => {
    const y = Math.fround(Math.fround(1 / 1200) * timecents);
    expect(bitsOf(portablePowf(2, y))).toBe(glibcBits);
    expect(bitsOf(Math.pow(2, y))).toBe(glibcBits - 1);
  });

  it("stays within one float32 step of the exact power", () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let n = 0; n < 20000; n++) {
      const x = Math.fround(0.001 + random() * 100);
      const y = Math.fround((random() - 0.5) * 20);
      const exact = Math.pow(x, y);
      if (exact > 3e38 || exact < 1e-37) continue;
      const result = portablePowf(x, y);
      expect(Math.fround(result)).toBe(result);
      expect(Math.abs(bitsOf(result) - bitsOf(exact))).toBeLessThanOrEqual(1);
    }
  });

  it("handles the edges", () => {
    expect(portablePowf(2, 0)).toBe(1);
    expect(portablePowf(2, 128)).toBe(Infinity);
    expect(portablePowf(2, -150)).toBe(0);
    expect(portablePowf(2, -149)).toBe(2 ** -149);
    expect(portablePowf(10, 2)).toBe(100);
    expect(portablePowf(2, 0.5)).toBe(Math.fround(Math.SQRT2));
    expect(portablePowf(0, 2)).toBe(0);
    expect(portablePowf(-2, 3)).toBe(-8);
  });
});

describe("portableSin and portableCos", () => {
  // Angles in every quadrant, around the multiples of pi/2 where the quadrant changes, and far
  // out where k, the count of quarter turns, leaves the int32 range: there the reduction's own
  // error grows to about 1e-7, far below what a wrong quadrant (an error near 1) would give.
  it("land in the right quadrant, near zero and past 2^31 quarter turns", () => {
    const angles: number[] = [];
    for (let k = -9; k <= 9; k++) for (const d of [-0.3, -1e-6, 0, 1e-6, 0.3]) angles.push((k * Math.PI) / 2 + d);
    for (const k of [2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, -(2 ** 31) - 1, -(2 ** 31), -(2 ** 31) + 1, 2 ** 40 + 3]) {
      for (const d of [-0.4, 0.4]) angles.push((k * Math.PI) / 2 + d);
    }
    for (const x of angles) {
      const tolerance = Math.abs(x) < 100 ? 1e-15 : 1e-3;
      expect(Math.abs(portableSin(x) - Math.sin(x)), `sin ${x}`).toBeLessThan(tolerance);
      expect(Math.abs(portableCos(x) - Math.cos(x)), `cos ${x}`).toBeLessThan(tolerance);
    }
    expect(portableSin(Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
