import { describe, expect, it } from "vitest";
import { generateBuiltinSoundFont } from "../../lib/builtin/generateBuiltinSoundFont.js";
import { SoundFont } from "../../lib/soundfont/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";

const bytes = generateBuiltinSoundFont();
const font = new SoundFont(bytes);

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return Math.sqrt(sum / samples.length);
}

function peak(samples: Float32Array): number {
  let max = 0;
  for (const x of samples) max = Math.max(max, Math.abs(x));
  return max;
}

/** Plays one note for `seconds` and returns the mono mix. */
function play(bank: number, program: number, key: number, seconds = 0.5): Float32Array {
  const synth = new Synthesizer(font, { sampleRate: 44100, enableReverbAndChorus: false, backend: "js" });
  const channel = bank === 128 ? 9 : 0;
  if (bank !== 128) synth.processMidiMessage(channel, 0xc0, program, 0);
  synth.noteOn(channel, key, 100);
  const out = new Float32Array(Math.round(seconds * 44100));
  synth.renderMono(out);
  return out;
}

describe("the built-in SoundFont", () => {
  it("is a small, valid SoundFont", () => {
    expect(bytes.length).toBeLessThan(400_000);
    expect(font.info.bankName).toContain("built-in");
  });

  it("is the same bytes every time", () => {
    // Compared as a Buffer: a deep equality over 250,000 elements takes seconds.
    expect(Buffer.compare(generateBuiltinSoundFont(), bytes)).toBe(0);
  });

  it("has all 128 General MIDI programs in bank 0 and a drum kit in bank 128", () => {
    const melodic = font.presets.filter((p) => p.bankNumber === 0).map((p) => p.patchNumber);
    expect(new Set(melodic).size).toBe(128);
    expect(font.presets.some((p) => p.bankNumber === 128 && p.patchNumber === 0)).toBe(true);
  });

  it("sounds every program across the keyboard, at a sensible level", () => {
    for (let program = 0; program < 128; program++) {
      for (const key of [36, 60, 84]) {
        const out = play(0, program, key);
        expect(peak(out), `program ${program}, key ${key}`).toBeGreaterThan(0.01);
        expect(rms(out), `program ${program}, key ${key}`).toBeLessThan(0.5);
      }
    }
  });

  it("plays the General MIDI drums", () => {
    for (const key of [35, 36, 38, 42, 46, 49, 51]) {
      expect(peak(play(128, 0, key)), `drum key ${key}`).toBeGreaterThan(0.01);
    }
  });

  it("plays a note at the pitch of its key", () => {
    // Zero crossings of a sine (Flute, program 73, without vibrato for its first 0.25 s).
    const out = play(0, 73, 69, 0.2).subarray(4410, 8820);
    let crossings = 0;
    for (let i = 1; i < out.length; i++) if (out[i - 1] < 0 && out[i] >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(43);
    expect(crossings).toBeLessThanOrEqual(45);
  });
});
