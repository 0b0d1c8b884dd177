import { createVoiceBank } from "../../lib/kernels/VoiceBank.js";
import { describe, expect, it } from "vitest";
import { Channel } from "../../lib/synth/Channel.js";

describe("Channel", () => {
  it("starts at General MIDI's defaults; the percussion channel in bank 128", () => {
    const c = new Channel(false, createVoiceBank(1).channels, 0);
    expect(c.bankNumber).toBe(0);
    expect(c.volume).toBeCloseTo(12800 / 16383, 6); // 100 << 7 of 16383
    expect(c.pan).toBeCloseTo(0, 2);
    expect(c.expression).toBeCloseTo(16256 / 16383, 6); // 127 << 7 of 16383
    expect(c.reverbSend).toBeCloseTo(40 / 127, 6);
    expect(c.pitchBendRange).toBe(2);
    expect(c.tune).toBe(0);
    expect(new Channel(true, createVoiceBank(1).channels, 0).bankNumber).toBe(128);
  });

  it("sets the bend range through RPN 0, and an NRPN selection guards data entry", () => {
    const c = new Channel(false, createVoiceBank(1).channels, 0);
    c.setRpnCoarse(0);
    c.setRpnFine(0);
    c.dataEntryCoarse(12);
    c.dataEntryFine(50);
    expect(c.pitchBendRange).toBeCloseTo(12.5, 5);
    c.setPitchBend(0x7f, 0x7f); // full up
    expect(c.pitchBend).toBeCloseTo(12.5 * (8191 / 8192), 4);
    c.setNrpnCoarse();
    c.dataEntryCoarse(2);
    expect(c.pitchBendRange).toBeCloseTo(12.5, 5);
  });

  it("tunes coarse (RPN 2) and fine (RPN 1)", () => {
    const c = new Channel(false, createVoiceBank(1).channels, 0);
    c.setRpnCoarse(0);
    c.setRpnFine(2);
    c.dataEntryCoarse(64 + 3);
    expect(c.tune).toBe(3);
    c.setRpnFine(1);
    c.dataEntryCoarse(96); // 96 << 7 = 12288: +0.5 semitone
    c.dataEntryFine(0);
    expect(c.tune).toBeCloseTo(3.5, 6);
  });

  it("resets controllers but keeps volume, pan and the program", () => {
    const c = new Channel(false, createVoiceBank(1).channels, 0);
    c.setPatch(5);
    c.setVolumeCoarse(20);
    c.setModulationCoarse(127);
    c.setHoldPedal(127);
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
    const c = new Channel(true, createVoiceBank(1).channels, 0);
    c.setBank(1);
    expect(c.bankNumber).toBe(129);
  });
});
