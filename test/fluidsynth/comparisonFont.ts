import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  GeneratorType,
  InstrumentRegion,
  LoopMode,
  PresetRegion,
  SoundFont,
  writeSoundFont,
  type InstrumentModel,
  type SampleHeader,
} from "../../lib/index.js";

/**
 * A SoundFont built for measuring: every sound is a steady loop, so pitch, level and spectrum
 * can be read off the output without either engine's sample interpolation or envelopes getting
 * in the way.
 * - bank 0 program 0 "Sine": a pure 440 Hz sine at key 69, for pitch tracking.
 * - bank 0 program 1 "Saw": a band-limited sawtooth through a 2 kHz low-pass, for brightness.
 * - bank 128 program 0 "Noise Kit": white noise on every key, so a drum kit is told apart from a
 *   sine by its spectrum alone.
 * Attack is instant and release 50 ms, so notes spaced 100 ms apart do not overlap audibly.
 */
export interface ComparisonFont {
  readonly bytes: Uint8Array;
  readonly soundFont: SoundFont;
  /** The same bytes as a file, for FluidSynth. */
  readonly path: string;
}

export const SINE_PROGRAM = 0;
export const SAW_PROGRAM = 1;
/** The sine's frequency at key 69, its root key. */
export const SINE_ROOT_HZ = 440;

const LOOP = 2205; // 22 whole cycles of 440 Hz at 44.1 kHz: a seamless loop
const CYCLES = 22;
const NOISE = 22050;
const GUARD = 46; // the zero samples SoundFont asks for after each sample

let cached: ComparisonFont | undefined;

export function comparisonFont(): ComparisonFont {
  if (cached) return cached;
  const wave = new Int16Array(2 * (LOOP + GUARD) + NOISE + GUARD);
  const sineStart = 0;
  const sawStart = LOOP + GUARD;
  const noiseStart = 2 * (LOOP + GUARD);
  for (let i = 0; i < LOOP; i++) {
    const phase = (2 * Math.PI * CYCLES * i) / LOOP;
    wave[sineStart + i] = Math.round(16000 * Math.sin(phase));
    // Harmonics up to 10 kHz at the root: sum of sin(k x)/k is a sawtooth.
    let saw = 0;
    for (let k = 1; k * SINE_ROOT_HZ <= 10000; k++) saw += Math.sin(k * phase) / k;
    wave[sawStart + i] = Math.round(9000 * saw);
  }
  let seed = 12345;
  for (let i = 0; i < NOISE; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    wave[noiseStart + i] = ((seed >>> 8) % 24000) - 12000;
  }

  const header = (name: string, start: number, length: number, rootKey: number): SampleHeader => ({
    name, start, end: start + length, startLoop: start, endLoop: start + length,
    sampleRate: 44100, originalPitch: rootKey, pitchCorrection: 0, link: 0, type: 1,
  });
  const sine = header("sine", sineStart, LOOP, 69);
  const saw = header("saw", sawStart, LOOP, 69);
  const noise = header("noise", noiseStart, NOISE, 60);

  const region = (sample: SampleHeader, filterCents?: number) => {
    const g = InstrumentRegion.createDefaultGenerators();
    g[GeneratorType.sampleModes] = LoopMode.continuous;
    g[GeneratorType.releaseVolumeEnvelope] = -5186; // 2^(-5186/1200) s = 50 ms
    if (filterCents !== undefined) g[GeneratorType.initialFilterCutoffFrequency] = filterCents;
    return { generators: g, sample };
  };
  const sineInstrument: InstrumentModel = { name: "Sine", regions: [region(sine)] };
  // 9500 cents above 8.176 Hz is about 2 kHz: low enough that a cutoff shift shows in the spectrum.
  const sawInstrument: InstrumentModel = { name: "Saw", regions: [region(saw, 9500)] };
  const noiseInstrument: InstrumentModel = { name: "Noise", regions: [region(noise)] };
  const preset = (name: string, bankNumber: number, patchNumber: number, instrument: InstrumentModel) => ({
    name, bankNumber, patchNumber, regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument }],
  });

  const bytes = writeSoundFont({
    info: { bankName: "comparison font" },
    waveData: wave,
    sampleHeaders: [sine, saw, noise],
    instruments: [sineInstrument, sawInstrument, noiseInstrument],
    presets: [
      preset("Sine", 0, SINE_PROGRAM, sineInstrument),
      preset("Saw", 0, SAW_PROGRAM, sawInstrument),
      preset("Noise Kit", 128, 0, noiseInstrument),
    ],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-comparison-font-"));
  const file = path.join(dir, "comparison.sf2");
  writeFileSync(file, bytes);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  cached = { bytes, soundFont: new SoundFont(bytes), path: file };
  return cached;
}
