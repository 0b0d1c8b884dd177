import { keyFrequency, normalize } from "./waveforms.js";
import { Xorshift32 } from "./Xorshift32.js";

/** A generated sound, ready to store in a SoundFont. */
export interface GeneratedSample {
  /** Samples in [-1, 1]. */
  readonly data: Float64Array;
  readonly sampleRate: number;
  /** The key at which the sample plays at its recorded pitch. */
  readonly rootKey: number;
  /** Loop start and end (end exclusive) in samples, for sounds that sustain. */
  readonly loop?: readonly [number, number];
}

const drumRate = 32000;

/**
 * The sounds that are not single waveform cycles: the drum kit's one-shots, a metallic noise
 * loop for hats and cymbals, white noise for the sound effects, and a plucked string. Each is a
 * few lines of classic analog-drum-machine or physical-modelling recipe.
 */
export const generatedSamples = {
  /** A sine swept down from 155 Hz to 45 Hz with a click on top. */
  kick(): GeneratedSample {
    const random = new Xorshift32(1);
    let phase = 0;
    const data = render(0.45, (t) => {
      phase += (2 * Math.PI * (45 + 110 * Math.exp(-t / 0.04))) / drumRate;
      const body = Math.sin(phase) * Math.exp(-t / 0.15);
      const click = 0.3 * random.nextSigned() * Math.exp(-t / 0.003);
      return Math.tanh(1.5 * (body + click));
    });
    return { data: normalize(data, 0.95), sampleRate: drumRate, rootKey: 36 };
  },

  /** Two drum-head modes under a burst of bright noise (the snares). */
  snare(): GeneratedSample {
    const random = new Xorshift32(2);
    const filter = highPass(0.6);
    const data = render(0.35, (t) => {
      const head = 0.5 * (Math.sin(2 * Math.PI * 185 * t) + 0.5 * Math.sin(2 * Math.PI * 330 * t)) * Math.exp(-t / 0.05);
      return head + filter(random.nextSigned()) * Math.exp(-t / 0.12);
    });
    return { data: normalize(data, 0.9), sampleRate: drumRate, rootKey: 38 };
  },

  /** Three quick bursts of band-passed noise and a short tail: several hands, not quite together. */
  clap(): GeneratedSample {
    const random = new Xorshift32(3);
    const filter = bandPass(1200, 0.2);
    const data = render(0.35, (t) => {
      const bursts = [0, 0.011, 0.023].reduce((sum, at) => sum + (t >= at ? Math.exp(-(t - at) / 0.005) : 0), 0);
      const tail = t >= 0.03 ? Math.exp(-(t - 0.03) / 0.08) : 0;
      return filter(random.nextSigned()) * (bursts + tail);
    });
    return { data: normalize(data, 0.9), sampleRate: drumRate, rootKey: 39 };
  },

  /** A pitch-swept sine with a longer decay than the kick; played at several keys for the toms. */
  tom(): GeneratedSample {
    let phase = 0;
    const data = render(0.5, (t) => {
      phase += (2 * Math.PI * 130 * (1 + 0.4 * Math.exp(-t / 0.05))) / drumRate;
      return Math.sin(phase) * Math.exp(-t / 0.2);
    });
    return { data: normalize(data, 0.9), sampleRate: drumRate, rootKey: 45 };
  },

  /**
   * A wooden knock: a quickly damped resonance with a tick of noise. Rim shots, claves and
   * wood blocks are this sound at different pitches.
   */
  knock(): GeneratedSample {
    const random = new Xorshift32(4);
    const data = render(0.15, (t) =>
      Math.sin(2 * Math.PI * 1600 * t) * Math.exp(-t / 0.025) + 0.3 * random.nextSigned() * Math.exp(-t / 0.002),
    );
    return { data: normalize(data, 0.9), sampleRate: drumRate, rootKey: 76 };
  },

  /** The analog cowbell: two band-limited square waves at 540 and 800 Hz, quickly damped. */
  cowbell(): GeneratedSample {
    const data = render(0.4, (t) => (square(540, t) + square(800, t)) * (0.4 * Math.exp(-t / 0.02) + 0.6 * Math.exp(-t / 0.15)));
    return { data: normalize(data, 0.9), sampleRate: drumRate, rootKey: 56 };
  },

  /**
   * Hats and cymbals, as analog drum machines make them: six square waves at clashing pitches
   * and noise, high-passed. It loops (every frequency is a whole number of cycles in the loop), so
   * one short sample serves a closed hat and a crash alike: the envelope decides the length.
   */
  metal(): GeneratedSample {
    const random = new Xorshift32(5);
    const toneFilter = highPass(0.9);
    const noiseFilter = highPass(0.85);
    const tones = [206, 304, 370, 522, 540, 800];
    const data = render(0.5, (t) => {
      const metallic = tones.reduce((sum, f) => sum + square(f, t), 0) / tones.length;
      return toneFilter(metallic) + 0.8 * noiseFilter(random.nextSigned());
    });
    return { data: normalize(data, 0.8), sampleRate: drumRate, rootKey: 60, loop: [0, data.length] };
  },

  /** Half a second of white noise, looped: wind, surf, applause and breath in the sound effects. */
  noise(): GeneratedSample {
    const random = new Xorshift32(6);
    const sampleRate = 22050;
    const data = Float64Array.from({ length: sampleRate / 2 }, () => random.nextSigned());
    return { data: normalize(data, 0.7), sampleRate, rootKey: 60, loop: [0, data.length] };
  },

  /**
   * A plucked string by the Karplus-Strong algorithm: a burst of noise circulating in a delay
   * line that averages neighbouring samples, which damps the high harmonics first, as a real
   * string does. The attack plays once; the last two periods loop, and the volume envelope takes
   * over the decay. The averaging delays by half a sample, hence the period of P + 0.5.
   */
  pluck(): GeneratedSample {
    const period = 128;
    const rootKey = 48;
    const sampleRate = Math.round((period + 0.5) * keyFrequency(rootKey));
    const random = new Xorshift32(7);
    const length = Math.round(0.4 * sampleRate);
    const data = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      // The string starts pulled into a triangle, as a pick leaves it, roughened with noise.
      const shape = 1 - Math.abs((4 * i) / period - 2);
      data[i] =
        i <= period
          ? 0.8 * shape + 0.2 * random.nextSigned()
          : 0.498 * (data[i - period] + data[i - period - 1]);
    }
    const loopLength = 2 * period + 1;
    return { data: normalize(data, 0.9), sampleRate, rootKey, loop: [length - loopLength, length] };
  },
};

/** Evaluates `signal(t)` at every sample of `seconds` at the drum sample rate, in time order. */
function render(seconds: number, signal: (t: number) => number): Float64Array {
  const data = new Float64Array(Math.round(seconds * drumRate));
  for (let i = 0; i < data.length; i++) {
    data[i] = signal(i / drumRate);
  }
  return data;
}

/**
 * A band-limited square wave: its odd harmonics below 15 kHz. The harmonics come from the
 * recurrence sin((n + 2)x) = 2 cos(2x) sin(nx) - sin((n - 2)x), one multiply-add each instead of
 * a call to Math.sin, which keeps the whole SoundFont's generation within milliseconds.
 */
function square(frequency: number, t: number): number {
  const x = 2 * Math.PI * frequency * t;
  const twoCos2x = 2 * Math.cos(2 * x);
  let previous = -Math.sin(x); // sin(-x), the term before sin(x)
  let current = Math.sin(x);
  let sum = 0;
  for (let n = 1; n * frequency < 15000; n += 2) {
    sum += current / n;
    const next = twoCos2x * current - previous;
    previous = current;
    current = next;
  }
  return sum;
}

/** A one-pole high-pass filter; `coefficient` near 1 keeps only the highs. */
function highPass(coefficient: number): (x: number) => number {
  let previousIn = 0;
  let previousOut = 0;
  return (x) => {
    previousOut = coefficient * (previousOut + x - previousIn);
    previousIn = x;
    return previousOut;
  };
}

/** A two-pole resonator at `frequency`; a smaller `bandwidth` rings longer. */
function bandPass(frequency: number, bandwidth: number): (x: number) => number {
  const r = 1 - bandwidth * 0.5;
  const a1 = 2 * r * Math.cos((2 * Math.PI * frequency) / drumRate);
  const a2 = -r * r;
  let y1 = 0;
  let y2 = 0;
  return (x) => {
    const y = x + a1 * y1 + a2 * y2;
    y2 = y1;
    y1 = y;
    return y;
  };
}
