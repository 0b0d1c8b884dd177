import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { availableBackends } from "../backends.js";

/**
 * A silent note's voices live exactly as a heard note's (they start, take voices from others and
 * end the same), with nothing of them in the output: what stems are made of.
 */
describe.each(availableBackends())("silent notes (%s)", (backend) => {
  const font = builtinSoundFont();
  const make = () => new Synthesizer(font, { backend, maximumPolyphony: 8, eventTiming: "sample" });

  it("take and lose voices as heard notes do, and are heard nowhere", () => {
    const heard = make();
    const silent = make();
    const left = [new Float32Array(128), new Float32Array(128)];
    const right = [new Float32Array(128), new Float32Array(128)];
    let sounded = false;
    for (let step = 0; step < 40; step++) {
      const key = 48 + ((step * 7) % 24);
      // Notes at a frame inside the next render, and at once; more than the voices, so that
      // notes steal.
      heard.processMidiMessage(step % 3, 0x90, key, 100, 37);
      silent.silentNoteOn(step % 3, key, 100, 37);
      heard.noteOn(3, key + 1, 90);
      silent.silentNoteOn(3, key + 1, 90);
      if (step % 4 === 3) {
        heard.processMidiMessage(step % 3, 0x90, key, 0, 5);
        silent.silentNoteOn(step % 3, key, 0, 5);
      }
      heard.render(left[0], right[0]);
      silent.render(left[1], right[1]);
      expect(silent.activeVoiceCount, `block ${step}`).toBe(heard.activeVoiceCount);
      sounded ||= left[0].some((x) => x !== 0);
      expect(left[1].every((x) => x === 0) && right[1].every((x) => x === 0), `block ${step}`).toBe(true);
    }
    expect(sounded).toBe(true);
    expect(heard.activeVoiceCount).toBe(8);
  });

  it("checks its arguments as a note-on does", () => {
    const synth = make();
    expect(() => synth.silentNoteOn(0, 128, 100)).toThrow(RangeError);
    expect(() => synth.silentNoteOn(0, 60, -1)).toThrow(RangeError);
    expect(() => synth.silentNoteOn(16, 60, 100)).toThrow(RangeError);
    expect(() => synth.silentNoteOn(0, 60, 100, -1)).toThrow(RangeError);
  });
});
