// TimGM6mb.sf2 written as DLS by spessasynth_core's writeDLS (a dev dependency, Apache-2.0) and
// read back: every preset plays as it does from the SF2, measured on renders.
import { SoundBankLoader } from "spessasynth_core";
import { beforeAll, describe, expect, it } from "vitest";
import { SoundFont, Synthesizer, type Preset } from "../../lib/index.js";
import type { Profile } from "../../lib/synth/SynthesizerSettings.js";
import { fft, hzToCents, mixToMono, rmsDb, stereoLevelDb } from "../fluidsynth/analysis.js";
import { haveFixtures, timGM6mbBytes } from "./fixtures.js";

const present = haveFixtures("the DLS comparison with TimGM6mb.sf2");
const RATE = 44100;
const HOLD = 1.5;
const RELEASE = 1.5;
/** The envelope is measured in windows of this many seconds; a time differs by at most one. */
const WINDOW = 0.005;

/** A drum kit plays its snare, or the first key it has; a melodic preset plays middle C. */
function keyFor(preset: Preset): number {
  const plays = (key: number): boolean => preset.regions.some((p) => p.contains(key, 100) && p.instrument.regions.some((r) => r.contains(key, 100)));
  if (preset.bankNumber < 128) return 60;
  return plays(38) ? 38 : [...Array(128).keys()].find(plays)!;
}

interface Note {
  readonly left: Float32Array;
  readonly right: Float32Array;
}

function renderNote(font: SoundFont, preset: Preset, key: number, profile: Profile): Note {
  const synthesizer = new Synthesizer(font, { sampleRate: RATE, enableReverbAndChorus: false, profile });
  const channel = preset.bankNumber >= 128 ? 9 : 0;
  if (channel === 0) synthesizer.processMidiMessage(0, 0xb0, 0, preset.bankNumber);
  synthesizer.processMidiMessage(channel, 0xc0, preset.patchNumber, 0);
  synthesizer.noteOn(channel, key, 100);
  const left = new Float32Array(Math.round((HOLD + RELEASE) * RATE));
  const right = new Float32Array(left.length);
  const off = Math.round(HOLD * RATE);
  synthesizer.render(left.subarray(0, off), right.subarray(0, off));
  synthesizer.noteOff(channel, key);
  synthesizer.render(left.subarray(off), right.subarray(off));
  return { left, right };
}

/** The level in dB of each analysis window of the mono mix. */
function envelope(note: Note): number[] {
  const mono = mixToMono(note.left, note.right);
  const size = Math.round(WINDOW * RATE);
  const out: number[] = [];
  for (let at = 0; at + size <= mono.length; at += size) out.push(rmsDb(mono, at, at + size));
  return out;
}

interface Times {
  /** Seconds to rise to 6 dB below the held part's peak (a plateau near the peak would make a closer mark fragile). */
  readonly attack: number;
  /** Seconds from the peak to 10 dB below it while held; undefined when it stays above. */
  readonly decay: number | undefined;
  /** Seconds from note-off to 20 dB below the level there; undefined when silent already or never. */
  readonly release: number | undefined;
}

function envelopeTimes(note: Note): Times {
  const env = envelope(note);
  const off = Math.round(HOLD / WINDOW);
  const held = env.slice(0, off);
  const peak = Math.max(...held);
  const peakAt = held.indexOf(peak);
  const attack = held.findIndex((db) => db >= peak - 6);
  const decayAt = held.findIndex((db, i) => i > peakAt && db <= peak - 10);
  const atOff = env[off - 1];
  const releaseAt = atOff < peak - 60 ? -1 : env.findIndex((db, i) => i >= off && db <= atOff - 20);
  return {
    attack: attack * WINDOW,
    decay: decayAt < 0 ? undefined : (decayAt - peakAt) * WINDOW,
    release: releaseAt < 0 ? undefined : (releaseAt - off + 1) * WINDOW,
  };
}

const PITCH_START = Math.round(0.05 * RATE);
const PITCH_LENGTH = 32768;

/** The power of the Hann-windowed held note at `hz` (Goertzel). */
function powerAt(windowed: Float64Array, hz: number): number {
  const c = 2 * Math.cos((2 * Math.PI * hz) / RATE);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < windowed.length; i++) {
    const s = windowed[i] + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

function windowed(note: Note): Float64Array {
  const mono = mixToMono(note.left, note.right);
  return Float64Array.from({ length: PITCH_LENGTH }, (_, i) => mono[PITCH_START + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / PITCH_LENGTH)));
}

/** The bin of the strongest partial between 40 Hz and 8 kHz, from a radix-2 FFT. */
function strongestBin(signal: Float64Array): number {
  const n = signal.length;
  const re = Float64Array.from(signal);
  const im = new Float64Array(n);
  fft(re, im);
  let best = 0;
  let bestPower = -1;
  for (let k = Math.ceil((40 * n) / RATE); k < (8000 * n) / RATE; k++) {
    const power = re[k] * re[k] + im[k] * im[k];
    if (power > bestPower) [best, bestPower] = [k, power];
  }
  return best;
}

/** The frequency of the spectral peak within one bin of `hz`, by golden-section search. */
function peakNear(signal: Float64Array, hz: number): number {
  const bin = RATE / PITCH_LENGTH;
  let low = hz - bin;
  let high = hz + bin;
  for (let i = 0; i < 50; i++) {
    const a = low + (high - low) * 0.382;
    const b = high - (high - low) * 0.382;
    if (powerAt(signal, a) < powerAt(signal, b)) low = a;
    else high = b;
  }
  return (low + high) / 2;
}

/**
 * How many cents the DLS note sounds above the SF2 note: the strongest partial of the SF2
 * render, then the same partial in the DLS render, each located to a small fraction of a cent.
 * A spectral peak, unlike a zero-crossing rate, does not move when the layers of a preset mix
 * at slightly different levels.
 */
function pitchDifference(sf2: Note, dls: Note): number {
  const a = windowed(sf2);
  const reference = peakNear(a, (strongestBin(a) * RATE) / PITCH_LENGTH);
  return hzToCents(peakNear(windowed(dls), reference), reference);
}

interface Difference {
  readonly preset: string;
  readonly cents: number;
  readonly decibels: number;
  /** The largest relative difference of attack, decay and release, past one analysis window. */
  readonly envelope: number;
  readonly envelopeDetail: string;
}

function compare(sf2: SoundFont, dls: SoundFont, preset: Preset, profile: Profile): Difference {
  const dlsPreset = dls.presets.find((p) => p.bankNumber === preset.bankNumber && p.patchNumber === preset.patchNumber);
  expect(dlsPreset?.name, `${preset.bankNumber}:${preset.patchNumber}`).toBe(preset.name);
  const key = keyFor(preset);
  const a = renderNote(sf2, preset, key, profile);
  const b = renderNote(dls, preset, key, profile);
  const held = Math.round(HOLD * RATE);
  const level = (n: Note): number => stereoLevelDb(n.left, n.right, 0, held).total;
  const ta = envelopeTimes(a);
  const tb = envelopeTimes(b);
  let worst = 0;
  const details: string[] = [];
  for (const name of ["attack", "decay", "release"] as const) {
    const x = ta[name];
    const y = tb[name];
    if (x === undefined || y === undefined) {
      if (x !== y) details.push(`${name} ${x} vs ${y}`);
      worst = x === y ? worst : Infinity;
      continue;
    }
    const relative = Math.max(0, Math.abs(x - y) - WINDOW) / Math.max(x, WINDOW);
    if (relative > 0) details.push(`${name} ${x.toFixed(3)} vs ${y.toFixed(3)} s`);
    worst = Math.max(worst, relative);
  }
  return {
    preset: `${preset.bankNumber}:${preset.patchNumber} ${preset.name} (key ${key})`,
    cents: pitchDifference(a, b),
    decibels: level(b) - level(a),
    envelope: worst,
    envelopeDetail: details.join(", "),
  };
}

describe.skipIf(!present)("TimGM6mb.sf2 as a DLS bank written by spessasynth_core", () => {
  let sf2: SoundFont;
  let dls: SoundFont;
  beforeAll(() => {
    const bytes = timGM6mbBytes();
    const bank = SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    sf2 = new SoundFont(bytes);
    dls = new SoundFont(new Uint8Array(bank.writeDLS()));
  });

  it("has every preset of the SF2, at its bank and program", () => {
    const id = (p: Preset): string => `${p.bankNumber}:${p.patchNumber} ${p.name}`;
    expect(dls.presets.map(id).sort()).toEqual(sf2.presets.map(id).sort());
    expect(dls.warnings).toEqual([]);
  });

  // The 'full' profile plays the modulators the connection blocks become; 'meltysynth' reads the
  // generators only, so both are checked.
  it.each(["full", "meltysynth"] as const)(
    "plays every preset at the SF2's pitch (1 cent), level (1.5 dB) and envelope times (10 percent) in the '%s' profile",
    (profile) => {
      const results = sf2.presets.map((preset) => compare(sf2, dls, preset, profile));
      const worst = (f: (d: Difference) => number): Difference => results.reduce((w, d) => (Math.abs(f(d)) > Math.abs(f(w)) ? d : w));
      const pitch = worst((d) => d.cents);
      const level = worst((d) => d.decibels);
      const env = worst((d) => d.envelope);
      console.log(
        `DLS vs SF2, '${profile}' profile, ${results.length} presets: worst pitch ${pitch.cents.toFixed(3)} cents (${pitch.preset}), ` +
          `worst level ${level.decibels.toFixed(3)} dB (${level.preset}), worst envelope ${(100 * env.envelope).toFixed(1)} % (${env.preset}${env.envelopeDetail ? `: ${env.envelopeDetail}` : ""})`,
      );
      const failures = results.filter((d) => !(Math.abs(d.cents) <= 1 && Math.abs(d.decibels) <= 1.5 && d.envelope <= 0.1));
      expect(failures.map((d) => `${d.preset}: ${d.cents.toFixed(2)} cents, ${d.decibels.toFixed(2)} dB, envelope ${d.envelopeDetail}`)).toEqual([]);
    },
    120_000,
  );
});
