import { describe, expect, it } from "vitest";
import { lfoValue } from "../../lib/kernels/VoiceStep.js";
import { lfoRuns } from "../../lib/kernels/VoiceStart.js";

describe("Lfo", () => {
  it("is a triangle from 0 up to 1, down to -1 and back, after its delay", () => {
    // 1 Hz after 0.25 s, read every 1/8 s: 8 readings per period.
    const values = Array.from({ length: 10 }, (_, i) => lfoValue(0.25, 1, (i + 1) / 8));
    expect(values).toEqual([0, 0, 0.5, 1, 0.5, 0, -0.5, -1, -0.5, 0]);
  });

  it("does not run at 1 mHz or less", () => {
    expect(lfoRuns(0.001)).toBe(false);
    expect(lfoRuns(0.0011)).toBe(true);
  });
});
