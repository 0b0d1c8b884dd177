import { describe, expect, test } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { Synthesizer, SynthesizerSettings, type SynthesizerOptions } from "../../lib/index.js";

const font = builtinSoundFont();

// A few notes with reverb and chorus sends, rendered for 1.5 s; `during` runs after 0.5 s.
function play(options: SynthesizerOptions, during?: (synthesizer: Synthesizer) => void): Float32Array {
  const synthesizer = new Synthesizer(font, options);
  synthesizer.processMidiMessage(0, 0xb0, 91, 100);
  synthesizer.processMidiMessage(0, 0xb0, 93, 100);
  for (const key of [60, 64, 67]) synthesizer.noteOn(0, key, 100);
  const left = new Float32Array(66150);
  const right = new Float32Array(66150);
  synthesizer.render(left.subarray(0, 22050), right.subarray(0, 22050));
  during?.(synthesizer);
  synthesizer.render(left.subarray(22050), right.subarray(22050));
  const both = new Float32Array(2 * left.length);
  both.set(left);
  both.set(right, left.length);
  return both;
}

describe("reverb and chorus settings", () => {
  test("MeltySynth's values, given or not, sound the same to the bit; others do not", () => {
    const plain = play({});
    const explicit = play({ reverb: { roomSize: 0.5, damping: 0.5, width: 1, level: 1 / 3 }, chorus: { voices: 1, level: 1, speed: 0.4, depth: 3.8 } });
    expect(Buffer.compare(Buffer.from(explicit.buffer), Buffer.from(plain.buffer))).toBe(0);
    const setAgain = play({}, (s) => {
      s.setReverb({ roomSize: 0.5 });
      s.setChorus({ depth: 3.8 });
    });
    expect(Buffer.compare(Buffer.from(setAgain.buffer), Buffer.from(plain.buffer))).toBe(0);
    expect(play({ reverb: { roomSize: 0.6 } })).not.toEqual(plain);
    expect(play({ chorus: { depth: 4 } })).not.toEqual(plain);
  });

  test("a synthesizer made with settings starts at them, as one set to them and reset does", () => {
    const reverb = { roomSize: 0.9, width: 0.3, level: 0.6 };
    const chorus = { voices: 2, depth: 9, level: 2 };
    const made = new Synthesizer(font, { reverb, chorus });
    const setAndReset = new Synthesizer(font);
    setAndReset.setReverb(reverb);
    setAndReset.setChorus(chorus);
    setAndReset.reset();
    const bytes = (synthesizer: Synthesizer) => {
      synthesizer.processMidiMessage(0, 0xb0, 91, 100);
      synthesizer.processMidiMessage(0, 0xb0, 93, 100);
      for (const key of [60, 64, 67]) synthesizer.noteOn(0, key, 100);
      const left = new Float32Array(22050);
      const right = new Float32Array(22050);
      synthesizer.render(left, right);
      return Buffer.concat([Buffer.from(left.buffer), Buffer.from(right.buffer)]);
    };
    expect(bytes(made).equals(bytes(setAndReset))).toBe(true);
  });

  test("a setting out of range is a RangeError naming it and its range, an unknown one a TypeError", () => {
    expect(() => new Synthesizer(font, { reverb: { roomSize: 1.5 } })).toThrow(/^reverb\.roomSize must be a number from 0 to 1, got 1\.5$/);
    expect(() => new Synthesizer(font, { reverb: { width: -1 } })).toThrow(RangeError);
    expect(() => new Synthesizer(font, { chorus: { voices: 2.5 } })).toThrow(/^chorus\.voices must be an integer from 0 to 99, got 2\.5$/);
    expect(() => new Synthesizer(font, { chorus: { speed: 0 } })).toThrow(/^chorus\.speed must be a number from 0\.1 to 5, got 0$/);
    expect(() => new Synthesizer(font, { chorus: { depth: NaN } })).toThrow(/chorus\.depth must be a number from 0 to 256, got NaN/);
    expect(() => new Synthesizer(font, { reverb: { room: 1 } as never })).toThrow(TypeError);
    expect(() => new Synthesizer(font, { reverb: { room: 1 } as never })).toThrow(/unknown setting 'reverb\.room'; the settings are roomSize, damping, width, level/);
    expect(() => new Synthesizer(font, { chorus: 3 as never })).toThrow(/chorus must be an object with some of voices, level, speed, depth/);
    const synthesizer = new Synthesizer(font);
    expect(() => synthesizer.setReverb({ damping: 2 })).toThrow(/^reverb\.damping must be a number from 0 to 1, got 2$/);
    expect(() => synthesizer.setChorus({ level: 11 })).toThrow(/^chorus\.level must be a number from 0 to 10, got 11$/);
    // A refused change changes nothing.
    expect(synthesizer.reverb.damping).toBe(0.5);
    expect(synthesizer.chorus.level).toBe(1);
  });

  test("the settings keep what is given, take the rest from before, and stay through a reset", () => {
    const settings = SynthesizerSettings.from({ reverb: { roomSize: 0.8 } });
    expect(settings.reverb).toEqual({ roomSize: 0.8, damping: 0.5, width: 1, level: 1 / 3 });
    settings.reverb = { level: 0.5 };
    expect(settings.reverb).toEqual({ roomSize: 0.8, damping: 0.5, width: 1, level: 0.5 });
    expect(settings.clone().reverb).toEqual(settings.reverb);
    const synthesizer = new Synthesizer(font, { chorus: { voices: 3 } });
    expect(synthesizer.chorus).toEqual({ voices: 3, level: 1, speed: 0.4, depth: 3.8 });
    synthesizer.setChorus({ speed: 1.5 });
    synthesizer.setReverb({ width: 0.5 });
    synthesizer.reset();
    expect(synthesizer.chorus).toEqual({ voices: 3, level: 1, speed: 1.5, depth: 3.8 });
    expect(synthesizer.reverb.width).toBe(0.5);
    expect(Object.isFrozen(synthesizer.reverb)).toBe(true);
  });
});
