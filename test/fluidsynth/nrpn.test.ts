import { describe, expect, test } from "vitest";
import { GeneratorType as G } from "../../lib/index.js";
import { centsBetween, median, mixToMono, spectralCentroid, stereoLevelDb, trackPitch } from "./analysis.js";
import { comparisonFont, SAW_PROGRAM, SINE_PROGRAM, SINE_ROOT_HZ } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { noteSeries, type NoteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange, type TimedEvent } from "./timedSong.js";

/**
 * SoundFont 2.01 NRPNs (section 9.6) in the full profile against FluidSynth 2.3: NRPN MSB 120
 * selects a generator by its LSB steps, and a data entry (LSB then MSB) sets the channel's
 * offset to it, (data - 8192) times the generator's step (1 for attenuation and tuning, 2 for the
 * filter cutoff). Each note of a series gets its own offset, set before it starts.
 */

const RATE = 44100;

/** NRPN 120 / generator, data entry LSB then MSB: an offset of `steps` steps. */
function generatorOffset(ms: number, generator: number, steps: number): TimedEvent[] {
  const data = 8192 + steps;
  return [
    controlChange(ms, 0, 99, 120),
    ...(generator >= 100 ? [controlChange(ms, 0, 98, 100)] : []),
    controlChange(ms, 0, 98, generator % 100),
    controlChange(ms, 0, 38, data & 0x7f),
    controlChange(ms, 0, 6, data >> 7),
  ];
}

function render(series: NoteSeries): { fluid: StereoRender; ours: StereoRender } {
  const font = comparisonFont();
  const fluid = renderWithFluidSynth(series.midi, font.path);
  return { fluid, ours: renderWithSynthesizer(series.midi, font.soundFont, fluid.left.length, { profile: "full" }) };
}

const reason = skipReason();
describe.skipIf(warnSkip("SoundFont NRPNs against FluidSynth", reason))("SoundFont 2.01 NRPN generator offsets", () => {
  test("initial attenuation: the level each offset gives within 0.5 dB of FluidSynth's", () => {
    const offsets = [0, 30, 60, 120, 240, 480, 900];
    const series = noteSeries(offsets, (ms, cb) => generatorOffset(ms, G.initialAttenuation, cb), () => 127, { program: SINE_PROGRAM, noteMs: 250, gapMs: 50, cut: true });
    const { fluid, ours } = render(series);
    const level = (r: StereoRender, i: number) => stereoLevelDb(r.left, r.right, ...series.windows[i]).total;
    for (let i = 1; i < offsets.length; i++) {
      const f = level(fluid, i) - level(fluid, 0);
      const o = level(ours, i) - level(ours, 0);
      expect(Math.abs(f - o), `+${offsets[i]} cB: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(0.5);
      expect(o).toBeLessThan(-offsets[i] / 10 + 0.5);
    }
  });

  test("coarse and fine tune: each note's pitch within 1 cent of FluidSynth's and of the offsets", () => {
    // Offsets stay on the channel until changed: each note sets both.
    const settings: [number, number][] = [[0, 0], [2, 0], [-3, 0], [0, 37], [1, -50]];
    const series = noteSeries(
      settings,
      (ms, [coarse, fine]) => [...generatorOffset(ms, G.coarseTune, coarse), ...generatorOffset(ms, G.fineTune, fine)],
      () => 100,
      { program: SINE_PROGRAM, key: 69, noteMs: 300, gapMs: 50, cut: true },
    );
    const { fluid, ours } = render(series);
    const pitch = (r: StereoRender, i: number) => {
      const [start, end] = series.windows[i];
      const track = trackPitch(mixToMono(r.left, r.right), RATE, start, end);
      return median(centsBetween(track, SINE_ROOT_HZ, start / RATE, end / RATE));
    };
    settings.forEach(([coarse, fine], i) => {
      const f = pitch(fluid, i);
      const o = pitch(ours, i);
      const what = `coarse ${coarse}, fine ${fine}: FluidSynth ${f.toFixed(2)} cents, ours ${o.toFixed(2)} cents`;
      expect(Math.abs(f - o), what).toBeLessThan(1);
      expect(Math.abs(o - (100 * coarse + fine)), what).toBeLessThan(1);
    });
  });

  test("filter cutoff (steps of 2 cents): a sawtooth's brightness within 3 % of FluidSynth's at each offset", () => {
    const offsets = [0, -300, -600, -1200, 300, 600];
    const series = noteSeries(offsets, (ms, steps) => generatorOffset(ms, G.initialFilterCutoffFrequency, steps), () => 127, { program: SAW_PROGRAM, key: 57, noteMs: 400, gapMs: 50, cut: true });
    const { fluid, ours } = render(series);
    const centroids = (r: StereoRender) => series.windows.map(([s]) => spectralCentroid(mixToMono(r.left, r.right), RATE, s, 8192));
    const f = centroids(fluid);
    const o = centroids(ours);
    offsets.forEach((steps, i) => {
      const what = `cutoff ${2 * steps} cents: FluidSynth ${(f[i] / f[0]).toFixed(3)}, ours ${(o[i] / o[0]).toFixed(3)} of the centroid without`;
      expect(Math.abs(o[i] / o[0] / (f[i] / f[0]) - 1), what).toBeLessThan(0.03);
    });
    // The offsets really move the cutoff: 2400 cents down darkens the sawtooth.
    expect(o[3] / o[0]).toBeLessThan(0.8);
  });
});
