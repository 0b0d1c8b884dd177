import { describe, expect, test } from "vitest";
import { Synthesizer } from "../../lib/index.js";
import { controlChange, noteOff, noteOn, programChange, writeTimedSong } from "../fluidsynth/timedSong.js";
import {
  SINE_HZ, channelCorrelation, delayTrackMs, effectTestFont, levelDb, oscillationHz, renderSong, rt60, swing, wetPart,
} from "./effectAnalysis.js";

/**
 * What each reverb and chorus setting does to the sound, measured on the wet part of renders
 * (the render with effects less the one without): the reverb's decay time, level and stereo
 * correlation after a 100 ms noise burst, and the delay of the chorus's output of a steady
 * 1 kHz sine behind the dry sine.
 */

const font = effectTestFont();
const burst = writeTimedSong([controlChange(0, 0, 91, 127), controlChange(0, 0, 93, 0), noteOn(0, 0, 60, 127), noteOff(100, 0, 60)], 4000);
const tone = writeTimedSong(
  [programChange(0, 0, 1), controlChange(0, 0, 91, 0), controlChange(0, 0, 93, 127), noteOn(10, 0, 60, 127), noteOff(6000, 0, 60)],
  6100,
);

describe("reverb settings", () => {
  const dry = renderSong(font.soundFont, burst, 4, { enableReverbAndChorus: false });
  const wet = (reverb: object) => wetPart(renderSong(font.soundFont, burst, 4, { reverb }), dry);

  test("the room size lengthens the decay, as Freeverb's feedback does", () => {
    const times = [0.2, 0.5, 0.8, 1].map((roomSize) => rt60(wet({ roomSize }), 0.15));
    // Measured: 0.69, 1.12, 2.47 and 8.5 s.
    expect(times[0]).toBeGreaterThan(0.5);
    expect(times[1] / times[0]).toBeGreaterThan(1.4);
    expect(times[2] / times[1]).toBeGreaterThan(1.8);
    expect(times[3] / times[2]).toBeGreaterThan(2.5);
  });

  test("damping shortens the decay", () => {
    const [none, half, full] = [0, 0.5, 1].map((damping) => rt60(wet({ damping }), 0.15));
    // Measured: 1.30, 1.12 and 1.12 s (the low frequencies, undamped, carry the late tail).
    expect(half).toBeLessThan(none * 0.9);
    expect(full).toBeLessThanOrEqual(half * 1.001);
  });

  test("the level scales the return, and the width sets how alike the channels are", () => {
    const base = wet({});
    expect(levelDb(wet({ level: 1 }), 0.1, 1) - levelDb(base, 0.1, 1)).toBeCloseTo(20 * Math.log10(3), 1);
    expect(levelDb(wet({ level: 0.1 }), 0.1, 1) - levelDb(base, 0.1, 1)).toBeCloseTo(20 * Math.log10(0.3), 1);
    expect(Math.abs(channelCorrelation(base, 0.1, 1))).toBeLessThan(0.1);
    expect(channelCorrelation(wet({ width: 0 }), 0.1, 1)).toBeGreaterThan(0.9999);
    expect(channelCorrelation(wet({ width: 0.5 }), 0.1, 1)).toBeGreaterThan(0.5);
  });
});

describe("chorus settings", () => {
  const dry = renderSong(font.soundFont, tone, 6.1, { enableReverbAndChorus: false });
  const wet = (chorus: object) => wetPart(renderSong(font.soundFont, tone, 6.1, { chorus }), dry);
  const track = (chorus: object) => delayTrackMs(wet(chorus).left, dry.left, 44100, SINE_HZ, 0.5, 6, 5);

  test("the speed is the delay's modulation frequency and the depth its swing in milliseconds", () => {
    // MeltySynth's 0.4 Hz and 3.8 ms, and others.
    for (const [speed, depth] of [[0.4, 3.8], [1, 3.8], [0.4, 8], [2.5, 1]]) {
      const delays = track({ speed, depth });
      expect(oscillationHz(delays, 5)).toBeCloseTo(speed, 1);
      expect(swing(delays) / depth).toBeGreaterThan(0.97);
      expect(swing(delays) / depth).toBeLessThan(1.03);
    }
  });

  test("the level scales the return; no voices, no chorus", () => {
    const base = levelDb(wet({}), 1, 5);
    expect(levelDb(wet({ level: 2 }), 1, 5) - base).toBeCloseTo(20 * Math.log10(2), 1);
    expect(levelDb(wet({ level: 0.5 }), 1, 5) - base).toBeCloseTo(20 * Math.log10(0.5), 1);
    expect(wet({ voices: 0 }).left.every((x) => x === 0)).toBe(true);
  });

  test("more voices read the line at more delays, spread over the modulation's period", () => {
    // Three taps a third of a period apart: their sum's phase swings less, three times as fast.
    const delays = track({ voices: 3 });
    expect(oscillationHz(delays, 5)).toBeCloseTo(1.2, 1);
    expect(swing(delays)).toBeLessThan(3.8);
  });
});

describe("changing the settings while a note sounds", () => {
  // How far the second difference (what a step or a kink adds to a smooth 1 kHz signal) at any
  // sample from `from` to `to` seconds stands above its largest within 3 ms either side, the
  // sample's own neighbours left out: about 1 for a smooth signal, however it grows or shrinks,
  // and far more at a click.
  function largestSpike(x: Float32Array, from: number, to: number): number {
    const kink = (i: number) => Math.abs(x[i] - 2 * x[i - 1] + x[i - 2]);
    const span = Math.round(0.003 * 44100);
    let largest = 0;
    for (let t = Math.round(from * 44100); t < Math.round(to * 44100); t++) {
      let around = 0;
      for (let i = t - span; i <= t + span; i++) if (Math.abs(i - t) > 3) around = Math.max(around, kink(i));
      largest = Math.max(largest, kink(t) / around);
    }
    return largest;
  }

  test("makes no discontinuity above the signal's own", () => {
    const synthesizer = new Synthesizer(font.soundFont, { sampleRate: 44100 });
    synthesizer.processMidiMessage(0, 0xc0, 1, 0);
    synthesizer.processMidiMessage(0, 0xb0, 91, 127);
    synthesizer.processMidiMessage(0, 0xb0, 93, 127);
    synthesizer.noteOn(0, 60, 100);
    const left = new Float32Array(3 * 44100);
    const right = new Float32Array(3 * 44100);
    const changes: [number, () => void][] = [
      [1, () => synthesizer.setReverb({ roomSize: 1, damping: 0, width: 0, level: 1 })],
      [1.5, () => synthesizer.setChorus({ level: 3, depth: 12, speed: 2 })],
      [2, () => synthesizer.setChorus({ voices: 4 })],
      [2.5, () => synthesizer.setReverb({ roomSize: 0.1, level: 0.05, width: 20 })],
    ];
    let at = 0;
    for (const [seconds, change] of changes) {
      const frame = Math.round(seconds * 44100);
      synthesizer.render(left.subarray(at, frame), right.subarray(at, frame));
      change();
      at = frame;
    }
    synthesizer.render(left.subarray(at), right.subarray(at));
    // The signal's own: the second before the first change.
    const own = Math.max(largestSpike(left, 0.1, 1), largestSpike(right, 0.1, 1));
    expect(own).toBeLessThan(1.5);
    for (const [seconds] of changes) {
      // From the change until what it changed in the combs' lines has come out of them.
      for (const channel of [left, right]) expect(largestSpike(channel, seconds, seconds + 0.08), `at ${seconds} s`).toBeLessThan(1.1 * own);
    }
  });
});
