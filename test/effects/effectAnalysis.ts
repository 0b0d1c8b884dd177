// Measures of the reverb and the chorus from renders: a font to excite them, the wet part of a
// render, the reverb's decay time, and the chorus's delay modulation.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  GeneratorType, InstrumentRegion, LoopMode, MidiFile, MidiFileSequencer, PresetRegion, SoundFont, Synthesizer, writeSoundFont,
  type InstrumentModel, type SynthesizerOptions,
} from "../../lib/index.js";
import type { StereoRender } from "../fluidsynth/fluidsynth.js";

/**
 * Program 0 plays looped white noise (a broadband burst for the reverb), program 1 a looped sine
 * of 44 samples a period, 1002 Hz (for the chorus, and for clicks, which stand out of its smooth
 * curve).
 */
export interface EffectTestFont {
  readonly soundFont: SoundFont;
  /** The font written to a temporary file, for FluidSynth. */
  readonly path: string;
}

export const SINE_HZ = 44100 / 44;

export function effectTestFont(): EffectTestFont {
  const noiseLength = 22050;
  const sineLength = 44;
  const wave = new Int16Array(noiseLength + 46 + sineLength * 10 + 46);
  let seed = 12345;
  for (let i = 0; i < noiseLength; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    wave[i] = ((seed >>> 16) & 0x3fff) - 0x2000;
  }
  const sineStart = noiseLength + 46;
  for (let i = 0; i < sineLength * 10; i++) wave[sineStart + i] = Math.round(30000 * Math.sin((2 * Math.PI * i) / sineLength));
  const sample = (name: string, start: number, end: number, pitch: number) => ({
    name, start, end, startLoop: start, endLoop: end, sampleRate: 44100, originalPitch: pitch, pitchCorrection: 0, link: 0, type: 1,
  });
  const noise = sample("noise", 0, noiseLength, 60);
  // The sine plays at its own pitch on key 60 with scale tuning 0.
  const sine = sample("sine", sineStart, sineStart + sineLength * 10, 60);
  const instrument = (name: string, s: typeof noise, extra: (g: Int16Array) => void): InstrumentModel => {
    const g = InstrumentRegion.createDefaultGenerators();
    g[GeneratorType.sampleModes] = LoopMode.continuous;
    extra(g);
    return { name, regions: [{ generators: g, sample: s }] };
  };
  const noiseInstrument = instrument("Noise", noise, () => {});
  const sineInstrument = instrument("Sine", sine, (g) => (g[GeneratorType.scaleTuning] = 0));
  const preset = (name: string, patchNumber: number, inst: InstrumentModel) => ({
    name, bankNumber: 0, patchNumber, regions: [{ generators: PresetRegion.createDefaultGenerators(), instrument: inst }],
  });
  const bytes = writeSoundFont({
    info: { bankName: "effect test font" },
    waveData: wave,
    sampleHeaders: [noise, sine],
    instruments: [noiseInstrument, sineInstrument],
    presets: [preset("Noise", 0, noiseInstrument), preset("Sine", 1, sineInstrument)],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-effects-"));
  const file = path.join(dir, "effects.sf2");
  writeFileSync(file, bytes);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return { soundFont: new SoundFont(bytes), path: file };
}

/** `wet` minus `dry`, channel by channel: what the effect added to a render. */
export function wetPart(wet: StereoRender, dry: StereoRender): StereoRender {
  const n = Math.min(wet.left.length, dry.left.length);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = wet.left[i] - dry.left[i];
    right[i] = wet.right[i] - dry.right[i];
  }
  return { left, right, sampleRate: wet.sampleRate };
}

/**
 * The reverberation time (RT60) in seconds of the tail from `fromSeconds` on: the slope of the
 * Schroeder-integrated energy of both channels between -5 and -25 dB, extrapolated to 60 dB.
 */
export function rt60(render: StereoRender, fromSeconds: number): number {
  const start = Math.round(fromSeconds * render.sampleRate);
  const n = render.left.length - start;
  const decay = new Float64Array(n);
  let sum = 0;
  for (let i = n - 1; i >= 0; i--) {
    const l = render.left[start + i];
    const r = render.right[start + i];
    sum += l * l + r * r;
    decay[i] = sum;
  }
  const db = (i: number) => 10 * Math.log10(decay[i] / decay[0]);
  let i5 = 0;
  while (i5 < n && db(i5) > -5) i5++;
  let i25 = i5;
  while (i25 < n && db(i25) > -25) i25++;
  if (i25 >= n) throw new Error("the tail does not fall by 25 dB within the render");
  // Least squares over the range.
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  const count = i25 - i5;
  for (let i = i5; i < i25; i++) {
    const x = i / render.sampleRate;
    const y = db(i);
    sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  return -60 / slope;
}

/** The RMS level in dB of both channels from `fromSeconds` to `toSeconds`. */
export function levelDb(render: StereoRender, fromSeconds: number, toSeconds: number): number {
  const start = Math.round(fromSeconds * render.sampleRate);
  const end = Math.round(toSeconds * render.sampleRate);
  let sum = 0;
  for (let i = start; i < end; i++) sum += render.left[i] ** 2 + render.right[i] ** 2;
  return 10 * Math.log10(sum / (2 * (end - start)));
}

/** The correlation of the two channels from `fromSeconds` to `toSeconds`: 1 for mono. */
export function channelCorrelation(render: StereoRender, fromSeconds: number, toSeconds: number): number {
  const start = Math.round(fromSeconds * render.sampleRate);
  const end = Math.round(toSeconds * render.sampleRate);
  let lr = 0, ll = 0, rr = 0;
  for (let i = start; i < end; i++) {
    lr += render.left[i] * render.right[i];
    ll += render.left[i] ** 2;
    rr += render.right[i] ** 2;
  }
  return lr / Math.sqrt(ll * rr);
}

/**
 * The delay of `signal` (a chorus's wet output of a steady sine of `hz`) behind `reference` (the
 * dry sine), in milliseconds, every `stepMs`, from `fromSeconds` to `toSeconds`: the phase of the
 * one against the other, in windows of one period, unwrapped.
 */
export function delayTrackMs(
  signal: Float32Array,
  reference: Float32Array,
  sampleRate: number,
  hz: number,
  fromSeconds: number,
  toSeconds: number,
  stepMs = 5,
): number[] {
  const period = Math.round(sampleRate / hz);
  const step = Math.round((stepMs / 1000) * sampleRate);
  const track: number[] = [];
  let previous = 0;
  for (let at = Math.round(fromSeconds * sampleRate); at + period <= toSeconds * sampleRate; at += step) {
    // The signal and reference as phasors against a sine of hz, over one period.
    let sr = 0, si = 0, rr = 0, ri = 0;
    for (let i = 0; i < period; i++) {
      const w = (2 * Math.PI * hz * (at + i)) / sampleRate;
      sr += signal[at + i] * Math.cos(w);
      si += signal[at + i] * Math.sin(w);
      rr += reference[at + i] * Math.cos(w);
      ri += reference[at + i] * Math.sin(w);
    }
    let phase = Math.atan2(ri, rr) - Math.atan2(si, sr);
    phase -= 2 * Math.PI * Math.round((phase - previous) / (2 * Math.PI));
    previous = phase;
    track.push((phase / (2 * Math.PI * hz)) * 1000);
  }
  return track;
}

/** Peak-to-peak swing of a track. */
export function swing(track: readonly number[]): number {
  return Math.max(...track) - Math.min(...track);
}

/** The frequency in hertz of a track's slow oscillation: mean crossings of its mean per second. */
export function oscillationHz(track: readonly number[], stepMs: number): number {
  const mean = track.reduce((a, b) => a + b, 0) / track.length;
  const crossings: number[] = [];
  for (let i = 1; i < track.length; i++) {
    if ((track[i - 1] - mean) < 0 && (track[i] - mean) >= 0) crossings.push(i);
  }
  if (crossings.length < 2) throw new Error("the track does not oscillate twice");
  const periods = (crossings[crossings.length - 1] - crossings[0]) / (crossings.length - 1);
  return 1000 / (periods * stepMs);
}

/** Plays a standard MIDI file through a synthesizer made with `options` for `seconds`. */
export function renderSong(soundFont: SoundFont, midi: Uint8Array, seconds: number, options: SynthesizerOptions = {}): StereoRender {
  const synthesizer = new Synthesizer(soundFont, options);
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(new MidiFile(midi), false);
  const frames = Math.round(seconds * synthesizer.sampleRate);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  sequencer.render(left, right);
  return { left, right, sampleRate: synthesizer.sampleRate };
}
