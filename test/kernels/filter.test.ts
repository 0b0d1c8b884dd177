import { describe, expect, it } from "vitest";
import { FLAG_FILTER_ACTIVE } from "../../lib/kernels/VoiceBank.js";
import { setLowPassFilter } from "../../lib/kernels/VoiceStep.js";
import { clearFilter } from "../../lib/kernels/VoiceStart.js";
import { JsBlockRenderer, oneVoice, setOscillator } from "./blockHarness.js";

// A sine of `frequency` as 16-bit samples, long enough to loop seamlessly over whole periods.
function sine(frequency: number, rate: number, periods: number): Int16Array {
  const length = Math.round((periods * rate) / frequency);
  return Int16Array.from({ length: length + 1 }, (_, i) => Math.round(16000 * Math.sin((2 * Math.PI * i * frequency) / rate)));
}

function gainAt(frequency: number, cutoff: number, resonance: number): number {
  const rate = 44100;
  const wave = sine(frequency, rate, 50);
  const { context, bank } = oneVoice(wave, 1024);
  setOscillator(bank, { position: 0, step: 1, end: wave.length - 1, startLoop: 0, endLoop: wave.length - 1, looping: true });
  clearFilter(bank, 0);
  setLowPassFilter(bank, 0, rate, cutoff, resonance);
  const renderer = new JsBlockRenderer(context);
  for (let i = 0; i < 8; i++) renderer.mix(1, context.blockSize); // let the filter settle
  let peak = 0;
  for (const x of context.left) peak = Math.max(peak, Math.abs(x));
  return peak / (16000 / 32768);
}

describe("BiQuadFilter", () => {
  it("passes low frequencies, cuts high ones (12 dB per octave)", () => {
    expect(gainAt(100, 2000, 1)).toBeCloseTo(1, 1);
    const oneOctave = gainAt(8000, 4000, 1);
    const twoOctaves = gainAt(16000, 4000, 1);
    expect(20 * Math.log10(oneOctave / twoOctaves)).toBeGreaterThan(9);
  });

  it("peaks near the cutoff by the resonance gain", () => {
    // Resonance 4 (12 dB): MeltySynth's Q formula gives that peak within 3 %.
    expect(gainAt(1000, 1000, 4)).toBeGreaterThan(3.5);
  });

  it("is bypassed at or near the Nyquist frequency", () => {
    const { bank } = oneVoice(new Int16Array(4), 8);
    clearFilter(bank, 0);
    setLowPassFilter(bank, 0, 44100, 1000, 1);
    expect(bank.flags[0] & FLAG_FILTER_ACTIVE).toBe(FLAG_FILTER_ACTIVE);
    setLowPassFilter(bank, 0, 44100, 22050, 1);
    expect(bank.flags[0] & FLAG_FILTER_ACTIVE).toBe(0);
  });
});
