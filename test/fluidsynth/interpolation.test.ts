import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { GeneratorType, InstrumentRegion, LoopMode, PresetRegion, SoundFont, writeSoundFont, type InstrumentModel } from "../../lib/index.js";
import type { Interpolation } from "../../lib/kernels/BlockRenderer.js";
import { fft, mixToMono } from "./analysis.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { renderWithSynthesizer } from "./renderSynthesizer.js";
import { noteOff, noteOn, writeTimedSong } from "./timedSong.js";

/**
 * Cubic and sinc interpolation against linear, and cubic against FluidSynth's default 4th-order
 * interpolation:
 * a sine of 16 samples per cycle (2756.25 Hz at key 69), whose whole 64-sample loop is 4 cycles
 * so that the window holds thousands of loop seams, played 2 octaves up and 2 octaves down, a
 * few cents off so that the fraction sweeps every value. What is not the tone is the
 * interpolation's images and aliases (the seams add nothing when they are read right): cubic
 * puts them at least 12 dB further under the tone than linear does, and within 3 dB of where
 * FluidSynth puts them; sinc at least 6 dB further still.
 */

const CYCLE = 16;
const LOOP = 4 * CYCLE;
const DETUNE_CENTS = 13;

function sineFont(): { soundFont: SoundFont; path: string } {
  const wave = new Int16Array(LOOP + 46);
  for (let i = 0; i < LOOP; i++) wave[i] = Math.round(16000 * Math.sin((2 * Math.PI * i) / CYCLE));
  const sample = {
    name: "sine16", start: 0, end: LOOP, startLoop: 0, endLoop: LOOP,
    sampleRate: 44100, originalPitch: 69, pitchCorrection: DETUNE_CENTS, link: 0, type: 1,
  };
  const g = InstrumentRegion.createDefaultGenerators();
  g[GeneratorType.sampleModes] = LoopMode.continuous;
  const instrument: InstrumentModel = { name: "Sine16", regions: [{ generators: g, sample }] };
  const bytes = writeSoundFont({
    info: { bankName: "interpolation test font" },
    waveData: wave,
    sampleHeaders: [sample],
    instruments: [instrument],
    presets: [{ name: "Sine16", bankNumber: 0, patchNumber: 0, regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument }] }],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-interpolation-"));
  const file = path.join(dir, "sine16.sf2");
  writeFileSync(file, bytes);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return { soundFont: new SoundFont(bytes), path: file };
}

/** How far, in dB, the strongest component other than the tone lies under the tone. */
function spurDistanceDb(render: StereoRender): number {
  const signal = mixToMono(render.left, render.right);
  const n = 16384;
  const start = Math.floor(0.3 * render.sampleRate);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = signal[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  fft(re, im);
  const power = Array.from({ length: n / 2 }, (_, k) => re[k] * re[k] + im[k] * im[k]);
  const tone = power.indexOf(Math.max(...power));
  let tonePower = 0;
  let spur = 0;
  power.forEach((p, k) => {
    if (Math.abs(k - tone) <= 4) tonePower += p;
    else if (Math.abs(k - tone) > 8 && k > 8) spur = Math.max(spur, p);
  });
  return 10 * Math.log10(tonePower / spur);
}

const reason = skipReason();
describe.skipIf(warnSkip("interpolation against FluidSynth", reason))("cubic and sinc interpolation", () => {
  const font = sineFont();
  const midi = (key: number) => writeTimedSong([noteOn(0, 0, key, 127), noteOff(900, 0, key)], 1000);

  test.each([
    ["2 octaves up", 69 + 24],
    ["2 octaves down", 69 - 24],
  ])("%s: images and aliases 12 dB under linear's with cubic, within 3 dB of FluidSynth's 4th order, 6 dB lower still with sinc", (_, key) => {
    const fluid = renderWithFluidSynth(midi(key), font.path);
    const ours = (interpolation: Interpolation) =>
      spurDistanceDb(renderWithSynthesizer(midi(key), font.soundFont, fluid.left.length, { profile: "full", interpolation }));
    const linear = ours("linear");
    const cubic = ours("cubic");
    const sinc = ours("sinc");
    const fluidsynth = spurDistanceDb(fluid);
    // FluidSynth's 7-point sinc, for the record: it reads its coefficients at the nearest of 256 phases.
    const fluidsynthSinc = spurDistanceDb(renderWithFluidSynth(midi(key), font.path, { commands: ["interp 7"] }));
    console.log(
      `key ${key}: spurs under the tone: linear ${linear.toFixed(1)} dB, cubic ${cubic.toFixed(1)} dB, sinc ${sinc.toFixed(1)} dB; ` +
        `FluidSynth ${fluidsynth.toFixed(1)} dB (4th order), ${fluidsynthSinc.toFixed(1)} dB (interp 7)`,
    );
    expect(cubic - linear).toBeGreaterThanOrEqual(12);
    expect(Math.abs(cubic - fluidsynth)).toBeLessThanOrEqual(3);
    expect(sinc - cubic).toBeGreaterThanOrEqual(6);
  });
});
