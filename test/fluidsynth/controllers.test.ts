import { describe, expect, test } from "vitest";
import { frameAt, stereoLevelDb } from "./analysis.js";
import { comparisonFont, SINE_PROGRAM } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { noteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange, noteOff, noteOn, programChange, writeTimedSong } from "./timedSong.js";

/**
 * Volume (CC7), expression (CC11) and pan (CC10), full profile against FluidSynth 2.3, within 0.5 dB.
 *
 * FluidSynth's default modulators 5 and 7: CC7 and CC11 each through the concave curve, negative
 * unipolar, amount 960 cB onto attenuation, with 127/128 normalisation: about 40 log10(cc/128) dB
 * each (a squared gain), added in cB. Default modulator 6: CC10 linear bipolar positive, amount 500
 * onto pan (0.1 % units), value 64 is the centre: pan = 500 (cc - 64) / 64, so CC0 is hard left
 * (-500) and CC127 is +492. The pan law is equal power: right gain sin((pan + 500) / 1001 * pi/2),
 * left gain the mirror, read from a 1002-entry table, exactly 0 at +-500. A CC that changes while
 * a note sounds updates the voice at once (next 64-frame block).
 */

const RATE = 44100;
const values = [1, 2, 4, 8, 12, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 100, 104, 112, 120, 127];

function render(midi: Uint8Array): { fluid: StereoRender; ours: StereoRender } {
  const font = comparisonFont();
  const fluid = renderWithFluidSynth(midi, font.path);
  return { fluid, ours: renderWithSynthesizer(midi, font.soundFont, fluid.left.length, { profile: "full" }) };
}

const reason = skipReason();
describe.skipIf(warnSkip("controller curves against FluidSynth", reason))("volume, expression and pan curves", () => {
  test.each([
    ["CC7 volume", 7],
    ["CC11 expression", 11],
  ])("%s: level from value 127 within 0.5 dB of FluidSynth's, every value tested", (_, controller) => {
    const series = noteSeries(values, (ms, v) => [controlChange(ms, 0, controller, v)], () => 127, { program: SINE_PROGRAM, noteMs: 200, gapMs: 50, cut: true });
    const { fluid, ours } = render(series.midi);
    const top = values.length - 1;
    const level = (r: StereoRender, i: number) => stereoLevelDb(r.left, r.right, ...series.windows[i]).total;
    for (let i = 0; i < values.length; i++) {
      const f = level(fluid, i) - level(fluid, top);
      const o = level(ours, i) - level(ours, top);
      expect(Math.abs(f - o), `CC${controller}=${values[i]}: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(0.5);
    }
  });

  test("CC10 pan: each side's level from the centre within 0.5 dB of FluidSynth's; a silent side silent in both", () => {
    const pans = [0, ...values];
    const series = noteSeries(pans, (ms, v) => [controlChange(ms, 0, 10, v)], () => 127, { program: SINE_PROGRAM, noteMs: 200, gapMs: 50, cut: true });
    const { fluid, ours } = render(series.midi);
    const center = pans.indexOf(64);
    for (let i = 0; i < pans.length; i++) {
      for (const side of ["left", "right"] as const) {
        const f = stereoLevelDb(fluid.left, fluid.right, ...series.windows[i])[side] - stereoLevelDb(fluid.left, fluid.right, ...series.windows[center])[side];
        const o = stereoLevelDb(ours.left, ours.right, ...series.windows[i])[side] - stereoLevelDb(ours.left, ours.right, ...series.windows[center])[side];
        const what = `CC10=${pans[i]} ${side}: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`;
        if (f < -60) expect(o, what).toBeLessThan(-60);
        else expect(Math.abs(f - o), what).toBeLessThan(0.5);
      }
    }
  });

  test("CC7, CC11 and CC10 moved while a note sounds take effect in that note as in FluidSynth", () => {
    const steps = [
      [7, 60], [11, 90], [10, 20], [7, 127], [10, 110], [11, 40],
    ] as const;
    const events = [programChange(0, 0, SINE_PROGRAM), noteOn(100, 0, 69, 100)];
    steps.forEach(([cc, v], i) => events.push(controlChange(300 + i * 200, 0, cc, v)));
    events.push(noteOff(300 + steps.length * 200, 0, 69));
    const midi = writeTimedSong(events, 500 + steps.length * 200);
    const { fluid, ours } = render(midi);
    const window = (i: number) => [frameAt(200 + i * 200 + 30, RATE), frameAt(200 + i * 200 + 180, RATE)] as const;
    const base = (r: StereoRender) => stereoLevelDb(r.left, r.right, ...window(0));
    for (let i = 1; i <= steps.length; i++) {
      for (const side of ["left", "right"] as const) {
        const f = stereoLevelDb(fluid.left, fluid.right, ...window(i))[side] - base(fluid)[side];
        const o = stereoLevelDb(ours.left, ours.right, ...window(i))[side] - base(ours)[side];
        expect(Math.abs(f - o), `after step ${i} (${steps[i - 1].join("=")}) ${side}: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(0.5);
      }
    }
  });
});
