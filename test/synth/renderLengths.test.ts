// Output does not depend on how render calls are sliced: the demo song rendered in buffers of
// random lengths, from 1 frame to 10 s, gives the bits one call for the whole song gives, on
// every backend, in both timings and both profiles; and so does a block per call, where long
// buffers render spans of blocks in one call of the renderer.
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { MidiFile } from "../../lib/midi/MidiFile.js";
import { MidiFileSequencer } from "../../lib/midi/MidiFileSequencer.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { SynthesizerOptions } from "../../lib/synth/SynthesizerSettings.js";
import { availableBackends } from "../backends.js";
import { firstDifference } from "../fixtures.js";

const font = builtinSoundFont();
const song = new MidiFile(generateDemoSong());
const SAMPLE_RATE = 44100;
const FRAMES = Math.ceil(song.length * SAMPLE_RATE);

// A small deterministic generator, so that a failure can be replayed.
function lengths(seed: number): number[] {
  let state = seed;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const out: number[] = [];
  for (let left = FRAMES; left > 0; ) {
    // Mostly short buffers (1 frame up to a few blocks), some long ones up to 10 s.
    const u = next();
    const length = Math.max(1, Math.floor(u < 0.9 ? 1 + next() * 300 : next() * 10 * SAMPLE_RATE));
    out.push(Math.min(length, left));
    left -= length;
  }
  return out;
}

function render(options: SynthesizerOptions, slices: number[]): { left: Float32Array; right: Float32Array } {
  const sequencer = new MidiFileSequencer(new Synthesizer(font, { sampleRate: SAMPLE_RATE, ...options }));
  sequencer.play(song, false);
  const left = new Float32Array(FRAMES);
  const right = new Float32Array(FRAMES);
  let at = 0;
  for (const length of slices) {
    sequencer.render(left.subarray(at, at + length), right.subarray(at, at + length));
    at += length;
  }
  return { left, right };
}

describe.each(availableBackends())("render calls of any length (%s backend)", (backend) => {
  const cases: [string, SynthesizerOptions][] = [
    ["block timing, meltysynth profile", { backend, eventTiming: "block", profile: "meltysynth" }],
    ["sample timing, full profile", { backend, eventTiming: "sample", profile: "full" }],
  ];
  it.each(cases)("%s: the bits of one call for the whole song", (_, options) => {
    const whole = render(options, [FRAMES]);
    const slices = lengths(backend.length * 7919 + (options.eventTiming === "sample" ? 1 : 0));
    expect(slices.length).toBeGreaterThan(30);
    expect(Math.max(...slices)).toBeGreaterThan(SAMPLE_RATE);
    const sliced = render(options, slices);
    expect(firstDifference(sliced.left, whole.left)).toBe(-1);
    expect(firstDifference(sliced.right, whole.right)).toBe(-1);
    // A block per call renders each block on its own: spans of blocks in one call change nothing.
    const blockwise = render(options, Array.from({ length: Math.ceil(FRAMES / 64) }, (_, i) => Math.min(64, FRAMES - 64 * i)));
    expect(firstDifference(blockwise.left, whole.left)).toBe(-1);
    expect(firstDifference(blockwise.right, whole.right)).toBe(-1);
  });
});
