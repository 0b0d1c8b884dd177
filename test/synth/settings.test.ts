import { describe, expect, it } from "vitest";
import { SynthesizerSettings } from "../../lib/synth/SynthesizerSettings.js";

describe("SynthesizerSettings", () => {
  it("has MeltySynth's defaults", () => {
    const s = new SynthesizerSettings();
    expect([s.sampleRate, s.blockSize, s.maximumPolyphony, s.enableReverbAndChorus, s.backend]).toEqual([
      44100, 64, 64, true, "auto",
    ]);
  });

  it.each([
    ["sampleRate", 15999, "16000 to 192000"],
    ["sampleRate", 192001, "16000 to 192000"],
    ["sampleRate", 44100.5, "16000 to 192000"],
    ["blockSize", 7, "8 to 1024"],
    ["blockSize", 1025, "8 to 1024"],
    ["maximumPolyphony", 7, "8 to 4096"],
    ["maximumPolyphony", 4097, "8 to 4096"],
    ["maximumPolyphony", Number.NaN, "8 to 4096"],
  ] as const)("refuses %s = %s with a RangeError naming it and its range", (name, value, range) => {
    expect(() => SynthesizerSettings.from({ [name]: value })).toThrow(RangeError);
    expect(() => SynthesizerSettings.from({ [name]: value })).toThrow(new RegExp(`${name}.*${range}`));
  });

  it("accepts the limits", () => {
    const s = SynthesizerSettings.from({ sampleRate: 16000, blockSize: 1024, maximumPolyphony: 8 });
    expect([s.sampleRate, s.blockSize, s.maximumPolyphony]).toEqual([16000, 1024, 8]);
    s.sampleRate = 192000;
    s.blockSize = 8;
    s.maximumPolyphony = 4096;
    expect([s.sampleRate, s.blockSize, s.maximumPolyphony]).toEqual([192000, 8, 4096]);
  });

  it("refuses an unknown backend and a non-boolean effects switch", () => {
    expect(() => SynthesizerSettings.from({ backend: "gpu" as never })).toThrow("backend must be one of auto, js, native, wasm, got gpu");
    expect(SynthesizerSettings.from({ backend: "wasm" }).backend).toBe("wasm");
    expect(() => SynthesizerSettings.from({ enableReverbAndChorus: 1 as never })).toThrow(TypeError);
  });

  it("interpolates linearly unless asked for cubic or sinc, and refuses anything else", () => {
    expect(new SynthesizerSettings().interpolation).toBe("linear");
    expect(SynthesizerSettings.from({ interpolation: "cubic" }).clone().interpolation).toBe("cubic");
    expect(SynthesizerSettings.from({ interpolation: "sinc" }).clone().interpolation).toBe("sinc");
    expect(() => SynthesizerSettings.from({ interpolation: "sinc7" as never })).toThrow("interpolation must be one of linear, cubic, sinc, got sinc7");
  });
});
