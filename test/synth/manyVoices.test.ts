// Dense songs need thousands of voices: maximumPolyphony goes to 4096, every backend renders
// them with the same bits, and a voice costs no more at a large capacity than at a small one in
// the sense that matters here: voices that are not sounding are never visited.
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { Backend } from "../../lib/kernels/BlockRenderer.js";
import { availableBackends } from "../backends.js";
import { firstDifference } from "../fixtures.js";

const font = builtinSoundFont();

// Every key on every channel, held: a few thousand voices at once, then their release.
function cluster(backend: Backend, profile: "meltysynth" | "full"): { left: Float32Array; voices: number } {
  const synthesizer = new Synthesizer(font, { backend, profile, maximumPolyphony: 4096 });
  for (let channel = 0; channel < 16; channel++) {
    synthesizer.processMidiMessage(channel, 0xc0, (channel * 7) % 128, 0);
    for (let key = 0; key < 128; key++) synthesizer.noteOn(channel, key, 40 + ((key * 5) % 80));
  }
  const voices = synthesizer.activeVoiceCount;
  const left = new Float32Array(44100);
  const right = new Float32Array(44100);
  synthesizer.render(left.subarray(0, 22050), right.subarray(0, 22050));
  synthesizer.noteOffAll(false);
  synthesizer.render(left.subarray(22050), right.subarray(22050));
  return { left, voices };
}

describe("thousands of voices", () => {
  it("allows a polyphony of 4096 and no more", () => {
    expect(new Synthesizer(font, { maximumPolyphony: 4096 }).maximumPolyphony).toBe(4096);
    expect(() => new Synthesizer(font, { maximumPolyphony: 4097 })).toThrow(/maximumPolyphony must be an integer from 8 to 4096/);
  });

  for (const profile of ["meltysynth", "full"] as const) {
    it(`sounds nearly 2000 voices at once with the same bits on every backend (${profile} profile)`, () => {
      const [first, ...others] = availableBackends();
      const reference = cluster(first, profile);
      expect(reference.voices).toBeGreaterThan(1500);
      expect(reference.left.some((x) => x !== 0)).toBe(true);
      for (const backend of others) {
        const other = cluster(backend, profile);
        expect(other.voices).toBe(reference.voices);
        expect(firstDifference(other.left, reference.left), backend).toBe(-1);
      }
    });
  }
});
