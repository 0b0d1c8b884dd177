import { describe, expect, test } from "vitest";
import { MidiFile, MidiFileSequencer } from "../../lib/index.js";
import { centsBetween, frameAt, median, mixToMono, trackPitch, type PitchTrack } from "./analysis.js";
import { comparisonFont, SINE_PROGRAM, SINE_ROOT_HZ } from "./comparisonFont.js";
import { renderWithFluidSynth, skipReason, warnSkip, type StereoRender } from "./fluidsynth.js";
import { noteSeries } from "./noteSeries.js";
import { comparisonSynthesizer, renderWithSynthesizer } from "./renderSynthesizer.js";
import { controlChange, noteOff, noteOn, programChange, sysex, writeTimedSong, type TimedEvent } from "./timedSong.js";

/**
 * The MIDI Tuning Standard in the full profile: each kind of tuning message, then a note on key
 * 69 (A, 440 Hz untuned) and one on key 70 (A#); the measured pitch of each within 1 cent of what
 * the message asks for, and within 1 cent of FluidSynth 2.3's where it plays the message.
 * FluidSynth 2.3 applies a tuning program only once a channel has chosen it (RPN 3), so the
 * songs choose program 0 first; FluidSynth 2.6 and we do without (MIDI RP-020).
 */

const RATE = 44100;
const ALL = 0x7f; // the all-call device ID

// Single note tuning change, real time: key to semitone + cents (cents in 1/16384 semitone steps).
const noteTuning = (key: number, semitone: number, cents: number): number[] => {
  const fraction = Math.round((cents / 100) * 16384);
  return [0xf0, 0x7f, ALL, 0x08, 0x02, 0, 1, key, semitone, fraction >> 7, fraction & 0x7f, 0xf7];
};
// Scale/octave tuning for channel 0, 1 byte per pitch class (cents + 64) or 2 bytes (14 bits, +-100 cents).
const octaveTuning1 = (cents: number[]): number[] => [0xf0, 0x7f, ALL, 0x08, 0x08, 0, 0, 1, ...cents.map((c) => c + 64), 0xf7];
const octaveTuning2 = (cents: number[]): number[] => [
  0xf0, 0x7f, ALL, 0x08, 0x09, 0, 0, 1,
  ...cents.flatMap((c) => {
    const v = Math.round(8192 + (c * 16384) / 200);
    return [v >> 7, v & 0x7f];
  }),
  0xf7,
];
const classes = (a: number, aSharp: number): number[] => Array.from({ length: 12 }, (_, i) => (i === 9 ? a : i === 10 ? aSharp : 0));
const choose = (ms: number): TimedEvent[] => [controlChange(ms, 0, 101, 0), controlChange(ms, 0, 100, 4), controlChange(ms, 0, 6, 0), controlChange(ms, 0, 100, 3), controlChange(ms, 0, 6, 0)];

/** Each step: the messages, and the cents from equal temperament asked of keys 69 and 70. */
const steps: { what: string; messages: number[][]; expected: [number, number] }[] = [
  { what: "equal temperament", messages: [], expected: [0, 0] },
  { what: "single note: key 69 to 69 + 50 cents", messages: [noteTuning(69, 69, 50)], expected: [50, 0] },
  { what: "single note: key 69 to 68 + 25 cents", messages: [noteTuning(69, 68, 25)], expected: [-75, 0] },
  { what: "scale/octave, 1 byte: A +20, A# -10", messages: [octaveTuning1(classes(20, -10))], expected: [20, -10] },
  { what: "scale/octave, 2 bytes: A -33, A# +12.5", messages: [octaveTuning2(classes(-33, 12.5))], expected: [-33, 12.5] },
];

function song(key: number, withChoice: boolean): { midi: Uint8Array; windows: readonly (readonly [number, number])[] } {
  return noteSeries(steps, (ms, step) => [...(withChoice && ms < 200 ? choose(ms - 1) : []), ...step.messages.map((m) => sysex(ms, m))], () => 100, {
    program: SINE_PROGRAM,
    key,
    noteMs: 300,
    gapMs: 50,
    cut: true,
  });
}

function centsOf(render: StereoRender, window: readonly [number, number], key: number): number {
  const [start, end] = window;
  const track: PitchTrack = trackPitch(mixToMono(render.left, render.right), RATE, start, end);
  return median(centsBetween(track, SINE_ROOT_HZ, start / RATE, end / RATE)) - 100 * (key - 69);
}

const reason = skipReason();
describe.skipIf(warnSkip("MIDI tuning against FluidSynth", reason))("MIDI Tuning Standard messages", () => {
  test.each([69, 70])("key %i: pitch after each message within 1 cent of the request and of FluidSynth's", (key) => {
    const font = comparisonFont();
    const series = song(key, true);
    const fluid = renderWithFluidSynth(series.midi, font.path);
    const ours = renderWithSynthesizer(series.midi, font.soundFont, fluid.left.length, { profile: "full" });
    steps.forEach((step, i) => {
      const f = centsOf(fluid, series.windows[i], key);
      const o = centsOf(ours, series.windows[i], key);
      const asked = step.expected[key - 69];
      const what = `${step.what}, key ${key}: asked ${asked}, FluidSynth ${f.toFixed(2)}, ours ${o.toFixed(2)} cents`;
      expect(Math.abs(o - asked), what).toBeLessThan(1);
      expect(Math.abs(f - o), what).toBeLessThan(1);
    });
  });
});

describe("MIDI tuning beyond FluidSynth 2.3", () => {
  const font = comparisonFont();

  function pitchOf(events: TimedEvent[], key: number, act?: (sequencer: MidiFileSequencer) => void): number {
    const midi = writeTimedSong([programChange(0, 0, SINE_PROGRAM), ...events, noteOn(100, 0, key, 100), noteOff(400, 0, key)], 500);
    const synthesizer = comparisonSynthesizer(font.soundFont, { profile: "full" });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(new MidiFile(midi), false);
    act?.(sequencer);
    const left = new Float32Array(frameAt(500, RATE));
    const right = new Float32Array(left.length);
    sequencer.render(left, right);
    return centsOf({ left, right, sampleRate: RATE } as StereoRender, [frameAt(180, RATE), frameAt(380, RATE)], key);
  }

  test("a change to tuning program 0 applies to every channel without choosing it (RP-020)", () => {
    expect(pitchOf([sysex(10, noteTuning(69, 69, 30))], 69)).toBeCloseTo(30, 0);
  });

  test("a real-time change retunes a note already sounding", () => {
    const midi = writeTimedSong([programChange(0, 0, SINE_PROGRAM), noteOn(100, 0, 69, 100), sysex(400, noteTuning(69, 69, 40)), noteOff(700, 0, 69)], 800);
    const synthesizer = comparisonSynthesizer(font.soundFont, { profile: "full" });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(new MidiFile(midi), false);
    const left = new Float32Array(frameAt(800, RATE));
    const right = new Float32Array(left.length);
    sequencer.render(left, right);
    const render = { left, right, sampleRate: RATE } as StereoRender;
    expect(centsOf(render, [frameAt(200, RATE), frameAt(380, RATE)], 69)).toBeCloseTo(0, 0);
    expect(centsOf(render, [frameAt(450, RATE), frameAt(680, RATE)], 69)).toBeCloseTo(40, 0);
  });

  test("a bulk tuning dump retunes the keys it gives and leaves those marked 7F 7F 7F", () => {
    const pitches = Array.from({ length: 128 }, (_, key) => (key === 69 ? [71, 0, 0] : key === 70 ? [70, 32, 0] : [0x7f, 0x7f, 0x7f]));
    const dump = [0xf0, 0x7e, ALL, 0x08, 0x01, 0, ...Array(16).fill(0x20), ...pitches.flat(), 0, 0xf7];
    expect(pitchOf([sysex(10, dump)], 69)).toBeCloseTo(200, 0);
    expect(pitchOf([sysex(10, dump)], 70)).toBeCloseTo(25, 0);
    expect(pitchOf([sysex(10, dump)], 71)).toBeCloseTo(0, 0);
  });

  test("a tuning bank and program chosen with RPN 4 and 3 take the channel from program 0", () => {
    const bankTuning = [0xf0, 0x7e, ALL, 0x08, 0x07, 2, 5, 1, 69, 69, 64, 0, 0xf7]; // bank 2 program 5: key 69 +50
    const choose25 = [controlChange(20, 0, 101, 0), controlChange(20, 0, 100, 4), controlChange(20, 0, 6, 2), controlChange(20, 0, 100, 3), controlChange(20, 0, 6, 5)];
    expect(pitchOf([sysex(10, bankTuning)], 69)).toBeCloseTo(0, 0);
    expect(pitchOf([sysex(10, bankTuning), ...choose25], 69)).toBeCloseTo(50, 0);
  });

  test("setTuning gives a channel its own pitches, null gives it back to its program, and the 'meltysynth' profile refuses it", () => {
    const quarterSharp = Array.from({ length: 128 }, (_, key) => 100 * key + 25);
    expect(pitchOf([], 69, (s) => s.synthesizer.setTuning(0, quarterSharp))).toBeCloseTo(25, 0);
    expect(pitchOf([], 69, (s) => (s.synthesizer.setTuning(0, quarterSharp), s.synthesizer.setTuning(0, null)))).toBeCloseTo(0, 0);
    const synthesizer = comparisonSynthesizer(font.soundFont, { profile: "full" });
    expect(() => synthesizer.setTuning(0, [1, 2])).toThrow(RangeError);
    expect(() => synthesizer.setTuning(0, Array(128).fill(NaN))).toThrow(/pitches\[0\]/);
    expect(() => comparisonSynthesizer(font.soundFont).setTuning(0, quarterSharp)).toThrow(/'full' profile/);
  });
});
