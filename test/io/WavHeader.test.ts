import { describe, expect, it } from "vitest";
import { PcmEncoder } from "../../lib/io/PcmEncoder.js";
import { wavHeader, wavHeaderSize } from "../../lib/io/WavHeader.js";
import { readWav } from "./wav.js";

function wavOf(format: "s16" | "f32", left: number[], right: number[], dither = false): Uint8Array {
  const frames = left.length;
  const header = wavHeader(format, 48000, frames);
  const bytes = new Uint8Array(header.length + frames * (format === "s16" ? 4 : 8));
  bytes.set(header);
  new PcmEncoder(format, dither).encode([Float32Array.from(left), Float32Array.from(right)], frames, bytes, header.length);
  return bytes;
}

describe("WAV files", () => {
  it("describe 16-bit PCM with correct sizes", () => {
    const bytes = wavOf("s16", [0, 0.5, -1], [0.25, 0, 0.999]);
    const wav = readWav(bytes);
    expect(wav).toMatchObject({ formatTag: 1, channels: 2, sampleRate: 48000, byteRate: 192000, blockAlign: 4, bitsPerSample: 16 });
    expect(wav.riffSize).toBe(bytes.length - 8);
    expect(wav.dataSize).toBe(12);
    expect(bytes.length).toBe(wavHeaderSize("s16") + 12);
    expect(Array.from(wav.samples)).toEqual([0, 0.25, 0.5, 0, -1, 32735 / 32768]);
  });

  it("describe 32-bit float with the fact chunk and keep every sample exactly", () => {
    const left = [0.1, -2.5, 1e-7];
    const right = [0.3, 0.7, -0.9];
    const bytes = wavOf("f32", left, right);
    const wav = readWav(bytes);
    expect(wav).toMatchObject({ formatTag: 3, channels: 2, byteRate: 384000, blockAlign: 8, bitsPerSample: 32, factFrames: 3 });
    expect(wav.riffSize).toBe(bytes.length - 8);
    expect(wav.dataSize).toBe(24);
    expect(Array.from(wav.samples)).toEqual([0.1, 0.3, -2.5, 0.7, 1e-7, -0.9].map(Math.fround));
  });

  it("truncate 16-bit samples toward zero and clip, as MeltySynth does", () => {
    const wav = readWav(wavOf("s16", [1.5, -1.5, 0.99999], [-0.00002, 0.00002, -0.99999]));
    expect(Array.from(wav.samples, (x) => x * 32768)).toEqual([32767, 0, -32768, 0, 32767, -32767]);
  });

  it("dither 16-bit samples within one step of the exact value, the same way every time", () => {
    const left = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * 0.001);
    const a = wavOf("s16", left, left, true);
    expect(wavOf("s16", left, left, true)).toEqual(a);
    const samples = readWav(a).samples;
    let changed = 0;
    samples.forEach((x, i) => {
      const exact = left[i >> 1] * 32768;
      expect(Math.abs(x * 32768 - exact)).toBeLessThanOrEqual(1.5);
      if (x * 32768 !== Math.trunc(exact)) changed++;
    });
    expect(changed).toBeGreaterThan(100);
  });

  it("refuse a length that RIFF's 32-bit sizes cannot describe", () => {
    expect(() => wavHeader("f32", 44100, 2 ** 29)).toThrow(RangeError);
  });
});
