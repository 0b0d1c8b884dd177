import { describe, expect, it } from "vitest";
import { createVoiceBank } from "../../lib/kernels/VoiceBank.js";
import { processModulationEnvelope, processVolumeEnvelope, release } from "../../lib/kernels/VoiceStep.js";
import { startModulationEnvelope, startVolumeEnvelope } from "../../lib/kernels/VoiceStart.js";

// Binary-fraction times at 1024 samples per second keep every stage boundary exact.
const RATE = 1024;

/** Voice 0 of a one-voice bank, and a clock of the frames it has played. */
function voice() {
  const bank = createVoiceBank(1);
  let frames = 0;
  return {
    bank,
    volume: (advance: number) => processVolumeEnvelope(bank, 0, (frames += advance), RATE),
    modulation: (advance: number) => processModulationEnvelope(bank, 0, (frames += advance), RATE),
    now: () => frames,
  };
}

describe("VolumeEnvelope", () => {
  it("runs delay, linear attack, hold, exponential decay to sustain", () => {
    const { bank, volume } = voice();
    startVolumeEnvelope(bank, 0, 0.125, 0.25, 0.125, 1, 0.25, 0.5);
    expect(bank.volValue[0]).toBe(0);
    expect(bank.volPriority[0]).toBe(4); // in delay
    volume(128); // t = 0.125: attack starts
    expect(bank.volValue[0]).toBe(0);
    volume(128); // t = 0.25: half way up
    expect(bank.volValue[0]).toBe(0.5);
    expect(bank.volPriority[0]).toBe(3.5);
    volume(128); // t = 0.375: hold
    expect(bank.volValue[0]).toBe(1);
    expect(bank.volPriority[0]).toBe(3);
    volume(128); // t = 0.5: decay starts, e^0 = 1
    expect(bank.volValue[0]).toBe(1);
    volume(128); // t = 0.625: e^(-9.226 * 0.125)
    expect(bank.volValue[0]).toBeCloseTo(Math.exp(-9.226 * 0.125), 6);
    volume(10000);
    expect(bank.volValue[0]).toBe(0.25); // held at sustain
    expect(volume(0)).toBe(true);
  });

  it("releases exponentially from the current level and reports the end", () => {
    const { bank, volume, now } = voice();
    startVolumeEnvelope(bank, 0, 0, 0.001, 0, 1, 1, 0.1);
    volume(10);
    expect(bank.volValue[0]).toBe(1);
    release(bank, 0, now(), RATE);
    volume(8); // 1/128 s into a 0.1 s release
    expect(bank.volValue[0]).toBeCloseTo(Math.exp((-9.226 / 0.1) * (8 / 1024)), 6);
    expect(bank.volPriority[0]).toBe(bank.volValue[0]);
    expect(volume(1000)).toBe(false);
    expect(bank.volValue[0]).toBe(0);
  });

  it("ends a voice whose sustain is inaudible once the decay falls below -60 dB", () => {
    const { bank, volume } = voice();
    startVolumeEnvelope(bank, 0, 0, 0.001, 0, 0.5, 0, 1);
    expect(volume(100)).toBe(true);
    expect(volume(1000)).toBe(false);
  });
});

describe("ModulationEnvelope", () => {
  it("is linear in attack, decay and release", () => {
    const { bank, modulation, now } = voice();
    startModulationEnvelope(bank, 0, 0, 0.125, 0, 1, 0.25, 0.25);
    modulation(64);
    expect(bank.modValue[0]).toBe(0.5);
    modulation(64); // decay starts at 1
    modulation(512); // half way through the decay: max(0.5, sustain)
    expect(bank.modValue[0]).toBe(0.5);
    modulation(1024);
    expect(bank.modValue[0]).toBe(0.25);
    release(bank, 0, now(), RATE);
    modulation(128); // half way through the release
    expect(bank.modValue[0]).toBe(0.125);
    modulation(256);
    expect(bank.modValue[0]).toBe(0);
  });
});
