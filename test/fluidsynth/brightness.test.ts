import { describe, expect, test } from "vitest";
import { mixToMono, spectralCentroid } from "./analysis.js";
import { comparisonFont, SAW_PROGRAM } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip } from "./fluidsynth.js";
import { loadRealFont, timGm6mb } from "./fonts.js";
import { noteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import type { SoundFont } from "../../lib/index.js";

/**
 * The velocity-to-filter-cutoff default modulator, as FluidSynth 2.3 plays it.
 *
 * SoundFont 2.01 section 8.4.2 lists velocity (linear, negative, unipolar) times a velocity
 * switch onto initialFilterFc with amount -2400 cents, which would jump at velocity 64.
 * FluidSynth registers the modulator (so a font can match it by identity and override it:
 * secondary source velocity, switch, unipolar, *positive*), but its modulator evaluation returns
 * 0 for it: velocity does not move the cutoff at all. Brightness therefore changes with velocity
 * only where the font says so (velocity layers, its own modulators), identically in both engines.
 * The test compares the spectral centroid at each velocity, relative to velocity 127, with
 * FluidSynth's, within 3 %: through a 2 kHz low-pass a 1200 cent cutoff shift moves the
 * centroid of a sawtooth far more than that.
 */

const velocities = [127, 112, 96, 80, 64, 48, 32, 20];
const WINDOW = 8192;

function centroidRatios(midiFont: { path: string; soundFont: SoundFont }, program: number, key: number, profile: "full") {
  const series = noteSeries(velocities, () => [], (v) => v, { program, key, noteMs: 400, gapMs: 50, cut: true });
  const fluid = renderWithFluidSynth(series.midi, midiFont.path);
  const ours = renderWithSynthesizer(series.midi, midiFont.soundFont, fluid.left.length, { profile });
  const centroids = (r: typeof fluid) => {
    const mono = mixToMono(r.left, r.right);
    return series.windows.map(([s]) => spectralCentroid(mono, r.sampleRate, s, WINDOW));
  };
  const f = centroids(fluid);
  const o = centroids(ours);
  return velocities.map((v, i) => ({ v, fluid: f[i] / f[0], ours: o[i] / o[0], fluidHz: f[i], oursHz: o[i] }));
}

function expectSameBrightness(rows: ReturnType<typeof centroidRatios>): void {
  console.log(rows.map((r) => `v${r.v}: ${r.fluidHz.toFixed(0)}/${r.oursHz.toFixed(0)} Hz`).join(", "));
  for (const r of rows) {
    expect(Math.abs(r.ours / r.fluid - 1), `velocity ${r.v}: centroid ratio to velocity 127 FluidSynth ${r.fluid.toFixed(3)}, ours ${r.ours.toFixed(3)}`).toBeLessThan(0.03);
  }
}

const reason = skipReason();
describe.skipIf(warnSkip("velocity-to-filter against FluidSynth", reason))("velocity to filter cutoff", () => {
  test("a sawtooth through a 2 kHz low-pass: brightness against velocity as FluidSynth's", () => {
    expectSameBrightness(centroidRatios(comparisonFont(), SAW_PROGRAM, 57, "full"));
  });

  test.skipIf(warnSkip("the TimGM6mb brightness comparison", timGm6mb.missing))("TimGM6mb piano: brightness against velocity as FluidSynth's", () => {
    expectSameBrightness(centroidRatios({ path: timGm6mb.path, soundFont: loadRealFont(timGm6mb) }, 0, 60, "full"));
  });
});
