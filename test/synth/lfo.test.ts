import { describe, expect, it } from "vitest";
import { Lfo } from "../../lib/synth/Lfo.js";

describe("Lfo", () => {
  it("is a triangle from 0 up to 1, down to -1 and back, after its delay", () => {
    // 1 Hz at 1000 samples per second in blocks of 125 samples: 8 steps per period.
    const lfo = new Lfo(1000, 125);
    lfo.start(0.25, 1);
    const values: number[] = [];
    for (let i = 0; i < 10; i++) {
      lfo.process();
      values.push(lfo.value);
    }
    expect(values).toEqual([0, 0, 0.5, 1, 0.5, 0, -0.5, -1, -0.5, 0]);
  });

  it("stays at zero when its frequency is 1 mHz or less", () => {
    const lfo = new Lfo(1000, 100);
    lfo.start(0, 0.001);
    for (let i = 0; i < 5; i++) lfo.process();
    expect(lfo.value).toBe(0);
  });
});
