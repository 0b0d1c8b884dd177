import { describe, expect, it } from "vitest";
import { ModulationEnvelope } from "../../lib/synth/ModulationEnvelope.js";
import { VolumeEnvelope } from "../../lib/synth/VolumeEnvelope.js";

// Binary-fraction times at 1024 samples per second keep every stage boundary exact.
const RATE = 1024;

describe("VolumeEnvelope", () => {
  it("runs delay, linear attack, hold, exponential decay to sustain", () => {
    const env = new VolumeEnvelope(RATE);
    env.start(0.125, 0.25, 0.125, 1, 0.25, 0.5);
    expect(env.value).toBe(0);
    expect(env.priority).toBe(4); // in delay
    env.process(128); // t = 0.125: attack starts
    expect(env.value).toBe(0);
    env.process(128); // t = 0.25: half way up
    expect(env.value).toBe(0.5);
    expect(env.priority).toBe(3.5);
    env.process(128); // t = 0.375: hold
    expect(env.value).toBe(1);
    expect(env.priority).toBe(3);
    env.process(128); // t = 0.5: decay starts, e^0 = 1
    expect(env.value).toBe(1);
    env.process(128); // t = 0.625: e^(-9.226 * 0.125)
    expect(env.value).toBeCloseTo(Math.exp(-9.226 * 0.125), 6);
    env.process(10000);
    expect(env.value).toBe(0.25); // held at sustain
    expect(env.process(0)).toBe(true);
  });

  it("releases exponentially from the current level and reports the end", () => {
    const env = new VolumeEnvelope(RATE);
    env.start(0, 0.001, 0, 1, 1, 0.1);
    env.process(10);
    expect(env.value).toBe(1);
    env.release();
    env.process(8); // 1/128 s into a 0.1 s release
    expect(env.value).toBeCloseTo(Math.exp((-9.226 / 0.1) * (8 / 1024)), 6);
    expect(env.priority).toBe(env.value);
    expect(env.process(1000)).toBe(false);
    expect(env.value).toBe(0);
  });

  it("ends a voice whose sustain is inaudible once the decay falls below -60 dB", () => {
    const env = new VolumeEnvelope(RATE);
    env.start(0, 0.001, 0, 0.5, 0, 1);
    expect(env.process(100)).toBe(true);
    expect(env.process(1000)).toBe(false);
  });
});

describe("ModulationEnvelope", () => {
  it("is linear in attack, decay and release", () => {
    const env = new ModulationEnvelope(RATE);
    env.start(0, 0.125, 0, 1, 0.25, 0.25);
    env.process(64);
    expect(env.value).toBe(0.5);
    env.process(64); // decay starts at 1
    env.process(512); // half way through the decay: max(0.5, sustain)
    expect(env.value).toBe(0.5);
    env.process(1024);
    expect(env.value).toBe(0.25);
    env.release();
    env.process(128); // half way through the release
    expect(env.value).toBe(0.125);
    expect(env.process(256)).toBe(false);
  });
});
