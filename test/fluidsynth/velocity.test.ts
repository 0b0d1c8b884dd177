import { describe, expect, test } from "vitest";
import { rmsDb } from "./analysis.js";
import { renderWithFluidSynth, skipReason, warnSkip } from "./fluidsynth.js";
import { fluidR3Gm, loadRealFont, timGm6mb, type RealFont } from "./fonts.js";
import { noteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";

/**
 * Loudness against velocity, full profile against FluidSynth 2.3.
 *
 * FluidSynth's default modulator 1 maps velocity through the concave curve, negative unipolar,
 * onto initial attenuation with amount 960 cB. With its 127/128 normalisation the attenuation at
 * velocity v is 960 * concave(127 * (1 - v/128)), where concave(x) = -(400/960) log10((127-x)/127)
 * read from a 128-entry table with linear interpolation (and concave(127) forced to 1). In
 * amplitude that is almost exactly 40 log10(v/128) dB, i.e. 40 log10(v/127) dB from velocity 127:
 * -84 dB at velocity 1. FluidSynth applies its EMU factor 0.4 only to initialAttenuation
 * generators read from the font, never to a modulator's output, so the curve is not scaled.
 * Every velocity 1-127 must play, at its level within 1 dB of FluidSynth's.
 */

const velocities = Array.from({ length: 127 }, (_, i) => i + 1);
// Piano (decaying), strings (sustained, often velocity-layered) and flute (breathy, filtered).
const programs = [0, 48, 73];

for (const font of [timGm6mb, fluidR3Gm]) {
  const reason = skipReason(font.missing);
  describe.skipIf(warnSkip(`velocity against FluidSynth on ${font.name}`, reason))(`velocity to loudness on ${font.name}`, () => {
    test.each(programs)("program %i: level difference from velocity 127 within 1 dB of FluidSynth's", (program) => {
      checkProgram(font, program);
    });
  });
}

function checkProgram(font: RealFont, program: number): void {
  const series = noteSeries(velocities, () => [], (v) => v, { program, key: 60, noteMs: 250, gapMs: 50, cut: true });
  const fluid = renderWithFluidSynth(series.midi, font.path);
  const ours = renderWithSynthesizer(series.midi, loadRealFont(font), fluid.left.length, { profile: "full" });
  const level = (r: typeof fluid, i: number) => {
    const [s, e] = series.windows[i];
    return 10 * Math.log10((10 ** (rmsDb(r.left, s, e) / 10) + 10 ** (rmsDb(r.right, s, e) / 10)) / 2);
  };
  const top = velocities.length - 1;
  const worst = { v: 0, fluid: 0, ours: 0, error: 0 };
  for (let i = 0; i < velocities.length; i++) {
    const f = level(fluid, i) - level(fluid, top);
    const o = level(ours, i) - level(ours, top);
    const error = Math.abs(f - o);
    if (!(error <= worst.error)) Object.assign(worst, { v: velocities[i], fluid: f, ours: o, error });
  }
  console.log(`${font.name} program ${program}: worst velocity ${worst.v}: FluidSynth ${worst.fluid.toFixed(2)} dB, ours ${worst.ours.toFixed(2)} dB`);
  expect(worst.error, `velocity ${worst.v}: FluidSynth ${worst.fluid.toFixed(2)} dB, ours ${worst.ours.toFixed(2)} dB from velocity 127`).toBeLessThan(1);
}
