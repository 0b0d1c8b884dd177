import { describe, expect, it } from "vitest";
// The browser-safe engine alone, as a browser or a worker has it: no synchronous decoder.
import { generateBuiltinSoundFont, SoundFont, SoundFontError, Synthesizer } from "../../lib/index.js";
import { haveSf3Fixture, timGM6mbSf3Bytes } from "./sf3Fixtures.js";

describe.skipIf(!haveSf3Fixture("SoundFont.load of SF3"))("SoundFont.load, where only the engine is loaded (browsers, workers)", () => {
  it("new SoundFont() refuses SF3 with a SoundFontError that says to use SoundFont.load", () => {
    expect(() => new SoundFont(timGM6mbSf3Bytes())).toThrow(SoundFontError);
    expect(() => new SoundFont(timGM6mbSf3Bytes())).toThrow(/SoundFont\.load/);
  });

  it("loads the Vorbis decoder, then reads SF3 and plays it", async () => {
    const font = await SoundFont.load(timGM6mbSf3Bytes());
    expect(font.compressed).toBe(true);
    expect(font.sampleHeaders).toHaveLength(520);
    const synthesizer = new Synthesizer(font, { backend: "js" });
    synthesizer.noteOn(0, 60, 100);
    const left = new Float32Array(4410);
    synthesizer.render(left, new Float32Array(4410));
    expect(left.some((x) => Math.abs(x) > 0.01)).toBe(true);
    // Once the decoder is loaded, the constructor takes SF3 too.
    expect(new SoundFont(timGM6mbSf3Bytes()).compressed).toBe(true);
  });

  it("loads SF2 as the constructor does, and refuses what is not a SoundFont with SoundFontError", async () => {
    const font = await SoundFont.load(generateBuiltinSoundFont());
    expect(font.compressed).toBe(false);
    await expect(SoundFont.load(new Uint8Array(16))).rejects.toThrow(SoundFontError);
  });
});
