import { describe, expect, it } from "vitest";
import { FRAC_UNIT, JsBlockRenderer, oneVoice, position, setOscillator } from "./blockHarness.js";

// A ramp makes every read visible: sample i holds i * 100.
const wave = Int16Array.from({ length: 64 }, (_, i) => i * 100);
const asSamples = (block: Float32Array) => Array.from(block, (x) => Math.round(x * 32768));

describe("oscillator (JS block renderer)", () => {
  it("interpolates linearly at a fractional step", () => {
    const { context, bank } = oneVoice(wave, 8);
    setOscillator(bank, { position: 2, step: 0.5, end: 60, looping: false });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    expect(asSamples(context.left)).toEqual([200, 250, 300, 350, 400, 450, 500, 550]);
    expect(position(bank)).toBe(6);
  });

  it("fills with silence after the end of a sample that does not loop", () => {
    const { context, bank } = oneVoice(wave, 8);
    setOscillator(bank, { position: 7, step: 1, end: 10, looping: false });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    expect(asSamples(context.left)).toEqual([700, 800, 900, 0, 0, 0, 0, 0]);
  });

  it("wraps at the loop end, interpolating across the seam to the loop start", () => {
    const { context, bank } = oneVoice(wave, 8);
    setOscillator(bank, { position: 17.5, step: 1, end: 60, startLoop: 10, endLoop: 20, looping: true });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    // 17.5, 18.5, 19.5 (between 19 and the loop start 10), then 10.5 ...
    expect(asSamples(context.left)).toEqual([1750, 1850, 1450, 1050, 1150, 1250, 1350, 1450]);
    expect(position(bank)).toBe(15.5);
  });

  it("plays the part before the loop once, then loops", () => {
    const { context, bank } = oneVoice(wave, 8);
    setOscillator(bank, { position: 0, step: 2, end: 60, startLoop: 4, endLoop: 8, looping: true });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    expect(asSamples(context.left)).toEqual([0, 200, 400, 600, 400, 600, 400, 600]);
  });

  it("stays inside a loop shorter than one step", () => {
    const { context, bank } = oneVoice(wave, 8);
    setOscillator(bank, { position: 4, step: 7.25, end: 60, startLoop: 4, endLoop: 6, looping: true });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    for (const s of asSamples(context.left)) {
      expect(s).toBeGreaterThanOrEqual(400);
      expect(s).toBeLessThanOrEqual(500);
    }
    const p = position(bank) - 7.25; // the last position read
    expect(p).toBeGreaterThanOrEqual(4);
    expect(p).toBeLessThan(6);
  });

  it("keeps MeltySynth's 24-bit fixed-point position exactly", () => {
    const { context, bank } = oneVoice(wave, 8);
    const step = 12345677 / FRAC_UNIT; // not a binary fraction a float32 could hold
    setOscillator(bank, { position: 1, step, end: 60, looping: false });
    new JsBlockRenderer(context).mix(1, context.blockSize);
    expect(position(bank) * FRAC_UNIT).toBe(FRAC_UNIT + 8 * 12345677);
  });
});
