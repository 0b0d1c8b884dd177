import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  GeneralController,
  GeneratorType,
  SoundFont,
  modulatorSource,
  writeSoundFont,
  type InstrumentModel,
  type Modulator,
} from "../../lib/index.js";
import { mixToMono, spectralCentroid, stereoLevelDb } from "./analysis.js";
import { comparisonFont, SAW_PROGRAM, SINE_PROGRAM } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { noteSeries } from "./noteSeries.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange } from "./timedSong.js";

/**
 * A font with modulators of its own, written with writeSoundFont, played by FluidSynth 2.3 and
 * by the full profile:
 * - the saw instrument opens its filter with CC74 (linear, 2400 cents at 127);
 * - the sine instrument replaces the default volume modulator (same identity) with half its
 *   amount, so CC7 moves the level half as far;
 * - the sine preset adds to the default velocity modulator (same identity), so velocity moves
 *   the level half as far again.
 * FluidSynth 2.3 applies no transform and has no linked modulators, so those are left to the
 * engine's own tests.
 */

const cc = (index: number, options: Parameters<typeof modulatorSource>[1] = {}) => modulatorSource(index, { ...options, cc: true });
const brightnessByCc74: Modulator = { source: cc(74), destination: GeneratorType.initialFilterCutoffFrequency, amount: 2400, amountSource: 0, transform: 0 };
const halfVolume: Modulator = { source: cc(7, { negative: true, curve: 1 }), destination: GeneratorType.initialAttenuation, amount: 480, amountSource: 0, transform: 0 };
const moreVelocity: Modulator = {
  source: modulatorSource(GeneralController.noteOnVelocity, { negative: true, curve: 1 }),
  destination: GeneratorType.initialAttenuation,
  amount: 480,
  amountSource: 0,
  transform: 0,
};

interface ModulatedFont {
  readonly soundFont: SoundFont;
  readonly path: string;
}

let cached: ModulatedFont | undefined;

function modulatedFont(): ModulatedFont {
  if (cached) return cached;
  const base = comparisonFont().soundFont;
  const withModulators = (name: string, modulators: Modulator[]): InstrumentModel => {
    const instrument = base.instruments.find((i) => i.name === name)!;
    return { name, regions: instrument.regions.map((r) => ({ generators: r.generators, sample: r.sample, modulators })) };
  };
  const sine = withModulators("Sine", [halfVolume]);
  const saw = withModulators("Saw", [brightnessByCc74]);
  const presetOf = (program: number) => base.presets.find((p) => p.bankNumber === 0 && p.patchNumber === program)!;
  const bytes = writeSoundFont({
    info: { bankName: "modulated comparison font" },
    waveData: base.waveData,
    sampleHeaders: base.sampleHeaders,
    instruments: [sine, saw],
    presets: [
      { name: "Sine", bankNumber: 0, patchNumber: SINE_PROGRAM, regions: [{ generators: presetOf(SINE_PROGRAM).regions[0].generators, instrument: sine, modulators: [moreVelocity] }] },
      { name: "Saw", bankNumber: 0, patchNumber: SAW_PROGRAM, regions: [{ generators: presetOf(SAW_PROGRAM).regions[0].generators, instrument: saw }] },
    ],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-modulated-font-"));
  const file = path.join(dir, "modulated.sf2");
  writeFileSync(file, bytes);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  cached = { soundFont: new SoundFont(bytes), path: file };
  return cached;
}

function render(midi: Uint8Array): { fluid: StereoRender; ours: StereoRender } {
  const font = modulatedFont();
  const fluid = renderWithFluidSynth(midi, font.path);
  return { fluid, ours: renderWithSynthesizer(midi, font.soundFont, fluid.left.length, { profile: "full" }) };
}

const reason = skipReason();
describe.skipIf(warnSkip("a font's own modulators against FluidSynth", reason))("a font with its own modulators", () => {
  test("the file keeps them: read back, each region has the modulators it was written with", () => {
    const font = modulatedFont().soundFont;
    expect(font.instruments.find((i) => i.name === "Sine")!.regions[0].modulators).toEqual([halfVolume]);
    expect(font.instruments.find((i) => i.name === "Saw")!.regions[0].modulators).toEqual([brightnessByCc74]);
    expect(font.presets.find((p) => p.patchNumber === SINE_PROGRAM)!.regions[0].modulators).toEqual([moreVelocity]);
    expect(font.warnings).toEqual([]);
  });

  test("an instrument modulator that replaces the default volume one: CC7 levels within 0.5 dB of FluidSynth's", () => {
    const values = [127, 100, 64, 32, 16, 4];
    const series = noteSeries(values, (ms, v) => [controlChange(ms, 0, 7, v)], () => 127, { program: SINE_PROGRAM, noteMs: 200, gapMs: 50, cut: true });
    const { fluid, ours } = render(series.midi);
    const level = (r: StereoRender, i: number) => stereoLevelDb(r.left, r.right, ...series.windows[i]).total;
    for (let i = 1; i < values.length; i++) {
      const f = level(fluid, i) - level(fluid, 0);
      const o = level(ours, i) - level(ours, 0);
      expect(Math.abs(f - o), `CC7=${values[i]}: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(0.5);
    }
    // Half the default's 960 cB: CC7 = 16 is about 18 dB down rather than 36.
    const down = level(ours, 4) - level(ours, 0);
    expect(down).toBeGreaterThan(-20);
    expect(down).toBeLessThan(-16);
  });

  test("a preset modulator that adds to the default velocity one: levels within 1 dB of FluidSynth's", () => {
    const velocities = [127, 96, 64, 32, 16, 8];
    const series = noteSeries(velocities, () => [], (v) => v, { program: SINE_PROGRAM, noteMs: 200, gapMs: 50, cut: true });
    const { fluid, ours } = render(series.midi);
    const level = (r: StereoRender, i: number) => stereoLevelDb(r.left, r.right, ...series.windows[i]).total;
    for (let i = 1; i < velocities.length; i++) {
      const f = level(fluid, i) - level(fluid, 0);
      const o = level(ours, i) - level(ours, 0);
      expect(Math.abs(f - o), `velocity ${velocities[i]}: FluidSynth ${f.toFixed(2)} dB, ours ${o.toFixed(2)} dB`).toBeLessThan(1);
    }
    // 960 + 480 cB: velocity 32 is about 36 dB down rather than 24.
    const down = level(ours, 3) - level(ours, 0);
    expect(down).toBeLessThan(-33);
  });

  test("CC74 opening the saw's filter: brightness relative to CC74 = 0 within 5 % of FluidSynth's", () => {
    const values = [0, 32, 64, 96, 127];
    const series = noteSeries(values, (ms, v) => [controlChange(ms, 0, 74, v)], () => 100, { program: SAW_PROGRAM, key: 57, noteMs: 400, gapMs: 50, cut: true });
    const { fluid, ours } = render(series.midi);
    const centroid = (r: StereoRender, i: number) => spectralCentroid(mixToMono(r.left, r.right), r.sampleRate, series.windows[i][0], 8192);
    for (let i = 1; i < values.length; i++) {
      const f = centroid(fluid, i) / centroid(fluid, 0);
      const o = centroid(ours, i) / centroid(ours, 0);
      expect(Math.abs(o / f - 1), `CC74=${values[i]}: FluidSynth ${f.toFixed(3)}, ours ${o.toFixed(3)}`).toBeLessThan(0.05);
    }
    expect(centroid(ours, 4) / centroid(ours, 0)).toBeGreaterThan(1.2);
  });
});

describe("a GS NRPN that stands for a sound controller", () => {
  test("cutoff (NRPN 1/0x20) opens the saw's CC74 filter exactly as CC74 does", () => {
    const font = modulatedFont();
    const song = (setup: (ms: number) => ReturnType<typeof controlChange>[]) =>
      noteSeries([0], (ms) => setup(ms), () => 100, { program: SAW_PROGRAM, key: 57, noteMs: 300, gapMs: 50 }).midi;
    const render = (midi: Uint8Array) => renderWithSynthesizer(midi, font.soundFont, 20000, { profile: "full" });
    const byCc = render(song((ms) => [controlChange(ms, 0, 74, 20)]));
    const byNrpn = render(song((ms) => [controlChange(ms, 0, 99, 1), controlChange(ms, 0, 98, 0x20), controlChange(ms, 0, 6, 20)]));
    const neither = render(song(() => []));
    expect(byNrpn.left).toEqual(byCc.left);
    expect(byNrpn.left).not.toEqual(neither.left);
  });
});
