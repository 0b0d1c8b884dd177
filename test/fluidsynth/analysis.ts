/**
 * Measurements that do not depend on how an engine makes its sound (interpolation, envelope
 * curves, LFO phase), only on what it should make: levels, pitch, brightness, glide time.
 */

export function frameAt(ms: number, sampleRate: number): number {
  return Math.round((ms * sampleRate) / 1000);
}

/** Mean power of `signal[start, end)` in dB (full scale sine is -3 dB); -Infinity for silence. */
export function rmsDb(signal: Float32Array, start: number, end: number): number {
  if (!(end > start) || start < 0 || end > signal.length) {
    throw new RangeError(`bad window [${start}, ${end}) in ${signal.length} samples`);
  }
  let power = 0;
  for (let i = start; i < end; i++) power += signal[i] * signal[i];
  return 10 * Math.log10(power / (end - start));
}

export interface StereoLevel {
  readonly left: number;
  readonly right: number;
  /** Both channels' power together: what pan does not change when it is equal-power. */
  readonly total: number;
}

export function stereoLevelDb(left: Float32Array, right: Float32Array, start: number, end: number): StereoLevel {
  const l = rmsDb(left, start, end);
  const r = rmsDb(right, start, end);
  const total = 10 * Math.log10(10 ** (l / 10) + 10 ** (r / 10));
  return { left: l, right: r, total };
}

export function mixToMono(left: Float32Array, right: Float32Array): Float32Array {
  const out = new Float32Array(left.length);
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * (left[i] + right[i]);
  return out;
}

export interface PitchTrack {
  /** Seconds from the start of the signal, at the middle of each measured period. */
  readonly times: Float64Array;
  readonly hz: Float64Array;
}

/**
 * Pitch of a pure tone, one value per cycle: the times of successive upward zero crossings,
 * each placed between its two samples by linear interpolation. On a sine this is exact to a
 * fraction of a cent, and it follows a vibrato or a glide cycle by cycle.
 */
export function trackPitch(signal: Float32Array, sampleRate: number, start: number, end: number): PitchTrack {
  const crossings: number[] = [];
  for (let i = Math.max(start, 1); i < end; i++) {
    const a = signal[i - 1];
    const b = signal[i];
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const n = Math.max(0, crossings.length - 1);
  const times = new Float64Array(n);
  const hz = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    times[k] = (crossings[k] + crossings[k + 1]) / 2 / sampleRate;
    hz[k] = sampleRate / (crossings[k + 1] - crossings[k]);
  }
  return { times, hz };
}

export function hzToCents(hz: number, referenceHz: number): number {
  return 1200 * Math.log2(hz / referenceHz);
}

/** The track's pitch in cents against `referenceHz`, between two times in seconds. */
export function centsBetween(track: PitchTrack, referenceHz: number, fromSeconds: number, toSeconds: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < track.times.length; k++) {
    const t = track.times[k];
    if (t >= fromSeconds && t < toSeconds) out.push(hzToCents(track.hz[k], referenceHz));
  }
  return out;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("no values");
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * Vibrato depth in cents: half the spread between the 0.5th and 99.5th percentiles of the pitch,
 * which for a triangle or sine LFO over whole periods is nearly its peak deviation (a triangle
 * reads 1-2 % short: its sharp peaks are shaved), without letting a single odd cycle decide.
 */
export function vibratoDepthCents(cents: readonly number[]): number {
  return (percentile(cents, 99.5) - percentile(cents, 0.5)) / 2;
}

/**
 * How long a glide from `fromCents` to `toCents` took, in seconds: the time between reaching
 * 10 % and 90 % of the interval, scaled to the whole interval. Portamento is linear in cents,
 * so this is its full duration, and neither the first cycles of the note (where a zero-crossing
 * tracker and the attack disagree) nor the approach to the target decide it.
 */
export function glideSeconds(track: PitchTrack, referenceHz: number, fromCents: number, toCents: number, afterSeconds: number): number {
  const span = toCents - fromCents;
  const reached = (fraction: number): number => {
    for (let k = 0; k < track.times.length; k++) {
      if (track.times[k] < afterSeconds) continue;
      const progress = (hzToCents(track.hz[k], referenceHz) - fromCents) / span;
      if (progress >= fraction) return track.times[k];
    }
    return Number.NaN;
  };
  return (reached(0.9) - reached(0.1)) / 0.8;
}

/**
 * Spectral centroid in Hz of `length` samples (a power of two) from `start`, Hann-windowed:
 * the magnitude-weighted mean frequency, which a low-pass filter closing lowers. Magnitude
 * rather than power weighting, so that the upper partials a filter removes count for more.
 */
export function spectralCentroid(signal: Float32Array, sampleRate: number, start: number, length = 8192): number {
  if ((length & (length - 1)) !== 0) throw new RangeError("length must be a power of two");
  if (start < 0 || start + length > signal.length) throw new RangeError("window outside the signal");
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    re[i] = signal[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length));
  }
  fft(re, im);
  let weighted = 0;
  let total = 0;
  for (let k = 1; k < length / 2; k++) {
    const p = Math.hypot(re[k], im[k]);
    weighted += p * ((k * sampleRate) / length);
    total += p;
  }
  return weighted / total;
}

/** In-place iterative radix-2 FFT; `re` and `im` have the same power-of-two length. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += size) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < size / 2; k++) {
        const a = i + k;
        const b = a + size / 2;
        const tr = re[b] * cr - im[b] * ci;
        const ti = re[b] * ci + im[b] * cr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
        const next = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = next;
      }
    }
  }
}

/**
 * Level in dB of the component at `hz` over `length` samples from `start` (a Hann-windowed
 * single-bin DFT): tells which of several pure tones are sounding, e.g. which keys a pedal holds.
 * A full-scale sine reads 0 dB (the sum is divided by the window's own sum).
 */
export function toneLevelDb(signal: Float32Array, sampleRate: number, start: number, length: number, hz: number): number {
  if (start < 0 || start + length > signal.length) throw new RangeError("window outside the signal");
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * hz) / sampleRate;
  for (let i = 0; i < length; i++) {
    const x = signal[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length));
    re += x * Math.cos(w * i);
    im -= x * Math.sin(w * i);
  }
  return 20 * Math.log10((2 * Math.hypot(re, im)) / (length / 2));
}

export function keyToHz(key: number): number {
  return 440 * 2 ** ((key - 69) / 12);
}
