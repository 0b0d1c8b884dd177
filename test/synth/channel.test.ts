import { heapMemory } from "../../lib/kernels/BlockMemory.js";
import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import { describe, expect, it } from "vitest";
import { Channel } from "../../lib/synth/Channel.js";
import { MeltySynthProfile } from "../../lib/synth/MeltySynthProfile.js";
import { createBlockContext } from "../../lib/synth/createBlockContext.js";

function channel(percussion: boolean): Channel {
  const settings = { sampleRate: 44100, blockSize: 64, capacity: 1, waveData: new Int16Array(0), decodedLater: false, inaudibleGain: 1e-3, interpolation: "linear", effects: false } as const;
  const renderer = new JsBlockRenderer(createBlockContext(settings, heapMemory));
  return new Channel(percussion, renderer.context.bank.channels, 0, new MeltySynthProfile(renderer, 0));
}

describe("Channel", () => {
  it("starts at General MIDI's defaults; the percussion channel in bank 128", () => {
    const c = channel(false);
    expect(c.bankNumber).toBe(0);
    expect(c.volume).toBeCloseTo(12800 / 16383, 6); // 100 << 7 of 16383
    expect(c.pan).toBeCloseTo(0, 2);
    expect(c.expression).toBeCloseTo(16256 / 16383, 6); // 127 << 7 of 16383
    expect(c.reverbSend).toBeCloseTo(40 / 127, 6);
    expect(c.pitchBendRange).toBe(2);
    expect(c.tune).toBe(0);
    expect(channel(true).bankNumber).toBe(128);
  });

  it("sets the bend range through RPN 0, and an NRPN selection guards data entry", () => {
    const c = channel(false);
    c.controlChange(101, 0);
    c.controlChange(100, 0);
    c.controlChange(6, 12);
    c.controlChange(38, 50);
    expect(c.pitchBendRange).toBeCloseTo(12.5, 5);
    c.setPitchBend(0x7f, 0x7f); // full up
    expect(c.pitchBend).toBeCloseTo(12.5 * (8191 / 8192), 4);
    c.controlChange(99, 0);
    c.controlChange(6, 2);
    expect(c.pitchBendRange).toBeCloseTo(12.5, 5);
  });

  it("tunes coarse (RPN 2) and fine (RPN 1)", () => {
    const c = channel(false);
    c.controlChange(101, 0);
    c.controlChange(100, 2);
    c.controlChange(6, 64 + 3);
    expect(c.tune).toBe(3);
    c.controlChange(100, 1);
    c.controlChange(6, 96); // 96 << 7 = 12288: +0.5 semitone
    c.controlChange(38, 0);
    expect(c.tune).toBeCloseTo(3.5, 6);
  });

  it("resets controllers but keeps volume, pan and the program", () => {
    const c = channel(false);
    c.setPatch(5);
    c.controlChange(7, 20);
    c.controlChange(1, 127);
    c.controlChange(64, 127);
    c.setPitchBend(0, 0);
    c.resetAllControllers();
    expect(c.patchNumber).toBe(5);
    expect(c.volume).toBeCloseTo((20 << 7) / 16383, 6);
    expect(c.modulation).toBe(0);
    expect(c.holdPedal).toBe(false);
    expect(c.pitchBend).toBe(0);
    c.reset();
    expect(c.patchNumber).toBe(0);
  });

  it("adds 128 to the bank of the percussion channel", () => {
    const c = channel(true);
    c.controlChange(0, 1);
    expect(c.bankNumber).toBe(129);
  });
});
