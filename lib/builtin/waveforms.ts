/**
 * The built-in SoundFont's melodic waveforms: single cycles computed as sums of harmonics, so
 * every one is band-limited by construction (a naive saw or square aliases audibly once it is
 * transposed up). Each is stored once per key split, with fewer harmonics for the higher splits.
 */

/** The melodic waveforms, named after the sound they give. */
export const melodicWaves = {
  sine: (n: number) => (n === 1 ? 1 : 0),
  triangle: (n: number) => (n % 2 === 1 ? (n % 4 === 1 ? 1 : -1) / (n * n) : 0),
  square: (n: number) => (n % 2 === 1 ? 1 / n : 0),
  saw: (n: number) => 1 / n,
  // A pulse of 25 % duty: the nasal tone of clavinets, harpsichords and chiptune leads.
  pulse: (n: number) => Math.sin((Math.PI * n) / 4) / n,
  // Hammond-style drawbars 8', 4', 2 2/3', 2', 1 3/5' and 1' pulled out part way.
  organ: (n: number) => ({ 1: 1, 2: 0.8, 3: 0.6, 4: 0.5, 5: 0.2, 6: 0.3, 8: 0.3 })[n] ?? 0,
  // Harmonics falling off faster than a saw's, with a dip where a hammer near the string's end
  // would leave a node: a mellow, piano-like spectrum.
  piano: (n: number) => (n === 8 ? 0.02 : 1 / n ** 1.6),
  // Odd harmonics strong, even ones weak, as in a clarinet's closed pipe.
  reed: (n: number) => (n % 2 === 1 ? 1 / n : 0.15 / n),
  // A sung "ah": strong harmonics around the first two formants of the vowel.
  voice: (n: number) => [0, 0.6, 1, 0.9, 0.7, 0.4, 0.3, 0.35, 0.25, 0.12, 0.08, 0.05][n] ?? 0,
} satisfies Record<string, (harmonic: number) => number>;

/** The name of a melodic waveform. */
export type MelodicWave = keyof typeof melodicWaves;

/**
 * The key splits: each stores its waveforms as one cycle of `cycleLength` samples at the pitch of
 * `rootKey`, keeping only the harmonics that stay below `ceilingHz` at the split's highest key.
 * Cycles are long enough that linear interpolation stays clean (about -58 dB for 32 samples).
 */
export const keySplits = [
  { lowKey: 0, highKey: 47, rootKey: 36, cycleLength: 256 },
  { lowKey: 48, highKey: 71, rootKey: 60, cycleLength: 128 },
  { lowKey: 72, highKey: 95, rootKey: 84, cycleLength: 32 },
  { lowKey: 96, highKey: 127, rootKey: 108, cycleLength: 32 },
] as const;

/** One entry of {@link keySplits}. */
export type KeySplit = (typeof keySplits)[number];

const ceilingHz = 18000;

/** The frequency of a MIDI key in equal temperament, A4 (key 69) at 440 Hz. */
export function keyFrequency(key: number): number {
  return 440 * 2 ** ((key - 69) / 12);
}

/** One cycle of `wave` for `split`, with as many harmonics as the split allows, peaking at 0.9. */
export function bandLimitedCycle(wave: MelodicWave, split: KeySplit): Float64Array {
  const spectrum = melodicWaves[wave];
  const { cycleLength, highKey } = split;
  const maxHarmonic = Math.max(1, Math.min(cycleLength / 2 - 1, Math.floor(ceilingHz / keyFrequency(highKey))));
  const cycle = new Float64Array(cycleLength);
  for (let n = 1; n <= maxHarmonic; n++) {
    const amplitude = spectrum(n);
    if (amplitude === 0) {
      continue;
    }
    for (let i = 0; i < cycleLength; i++) {
      cycle[i] += amplitude * Math.sin((2 * Math.PI * n * i) / cycleLength);
    }
  }
  return normalize(cycle, 0.9);
}

/** Scales `signal` in place so that its largest magnitude is `peak`. */
export function normalize(signal: Float64Array, peak: number): Float64Array {
  let max = 0;
  for (const x of signal) {
    max = Math.max(max, Math.abs(x));
  }
  if (max > 0) {
    const gain = peak / max;
    for (let i = 0; i < signal.length; i++) {
      signal[i] *= gain;
    }
  }
  return signal;
}
