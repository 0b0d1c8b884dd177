import { describe, expect, it } from "vitest";
import { Chorus } from "../../lib/synth/Chorus.js";
import { Reverb } from "../../lib/synth/Reverb.js";

function run(reverb: Reverb, input: Float32Array, blockSize: number) {
  const left = new Float32Array(input.length);
  const right = new Float32Array(input.length);
  for (let t = 0; t < input.length; t += blockSize) {
    const n = Math.min(blockSize, input.length - t);
    reverb.process(input.subarray(t, t + n), left.subarray(t, t + n), right.subarray(t, t + n));
  }
  return { left, right };
}

describe("Reverb", () => {
  const impulse = new Float32Array(44100);
  impulse[0] = 1;

  it("answers an impulse with silence until the shortest comb's delay, then a decaying tail", () => {
    const { left, right } = run(new Reverb(44100), impulse, 64);
    // The first echo leaves the shortest comb (1116 samples left, 1139 right) and the all-passes
    // pass it straight through with a sign flip.
    expect(left.subarray(0, 1116).every((x) => x === 0)).toBe(true);
    expect(left[1116]).not.toBe(0);
    expect(right.subarray(0, 1139).every((x) => x === 0)).toBe(true);
    expect(right[1139]).not.toBe(0);
    const energy = (a: Float32Array, from: number, to: number) => a.subarray(from, to).reduce((s, x) => s + x * x, 0);
    expect(energy(left, 4410, 8820)).toBeGreaterThan(energy(left, 30000, 34410));
    expect(energy(left, 30000, 34410)).toBeGreaterThan(0);
    expect(left.every(Number.isFinite)).toBe(true);
  });

  it("does not depend on the block size, and mute() silences the tail", () => {
    const a = run(new Reverb(44100), impulse, 64);
    const b = run(new Reverb(44100), impulse, 1000);
    expect(b.left).toEqual(a.left);
    const reverb = new Reverb(44100);
    run(reverb, impulse.subarray(0, 5000), 64);
    reverb.mute();
    const after = run(reverb, new Float32Array(5000), 64);
    expect(after.left.every((x) => x === 0)).toBe(true);
  });

  it("scales its delay lines with the sample rate", () => {
    expect(new Reverb(22050).lengths[0]).toBe(558);
    expect(new Reverb(88200).lengths[0]).toBe(2232);
  });
});

describe("Chorus", () => {
  it("delays by 2 ms +- 1.9 ms, the right channel a quarter period apart", () => {
    const chorus = new Chorus(44100);
    const n = 44100;
    const input = new Float32Array(n).fill(0);
    input[0] = 1;
    const outLeft = new Float32Array(n);
    const outRight = new Float32Array(n);
    chorus.process(input, input, outLeft, outRight);
    // The impulse comes out around 2 ms (88 samples) late at the start of the sine (left) and
    // near the maximum delay (168 samples) a quarter period later (right).
    const peak = (a: Float32Array) => a.indexOf(Math.max(...a));
    expect(Math.abs(peak(outLeft) - 88)).toBeLessThanOrEqual(2);
    expect(Math.abs(peak(outRight) - 172)).toBeLessThanOrEqual(6);
  });
});
