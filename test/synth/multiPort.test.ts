// More than 16 channels: a song on two MIDI ports plays each port on its own 16 channels in the
// 'full' profile, GS double-module mode and block B reach channels 17-32, and processMidiMessage
// addresses every channel a synthesizer has.
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { MidiFile } from "../../lib/midi/MidiFile.js";
import { MidiFileSequencer } from "../../lib/midi/MidiFileSequencer.js";
import { writeMidiFile } from "../../lib/midi/MidiFileWriter.js";
import type { MidiSongEvent } from "../../lib/midi/MidiSong.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { Profile } from "../../lib/synth/SynthesizerSettings.js";
import { compare, describeComparison, firstDifference } from "../fixtures.js";

const font = builtinSoundFont();
const SECONDS = 3;

const port = (value: number): MidiSongEvent => ({ tick: 0, meta: 0x21, data: Uint8Array.of(value) });
const message = (tick: number, status: number, data1: number, data2 = 0): MidiSongEvent => ({ tick, status, data1, data2 });
const sysex = (...bytes: number[]): MidiSongEvent => ({ tick: 0, sysex: Uint8Array.of(0xf0, ...bytes, 0xf7) });

// A part on `channel`: `program`, then a phrase of notes (or drum hits), with pan and volume of its own.
function part(channel: number, program: number, keys: number[], pan: number): MidiSongEvent[] {
  const events = [message(0, 0xc0 | channel, program), message(0, 0xb0 | channel, 10, pan), message(0, 0xb0 | channel, 7, 90)];
  keys.forEach((key, i) => {
    events.push(message(48 * i, 0x90 | channel, key, 90 + i), message(48 * i + 40, 0x80 | channel, key, 0));
  });
  return events;
}

function render(tracks: MidiSongEvent[][], profile: Profile = "full"): Float32Array {
  const file = new MidiFile(writeMidiFile({ format: 1, resolution: 96, tracks }));
  const synthesizer = new Synthesizer(font, { profile, eventTiming: "sample" });
  const sequencer = new MidiFileSequencer(synthesizer);
  sequencer.play(file, false);
  const frames = SECONDS * synthesizer.sampleRate;
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  sequencer.render(left, right);
  const out = new Float32Array(2 * frames);
  for (let t = 0; t < frames; t++) {
    out[2 * t] = left[t];
    out[2 * t + 1] = right[t];
  }
  return out;
}

const melody = [60, 64, 67, 72, 67, 64, 60, 55];
const drums = [36, 38, 42, 38, 36, 46, 38, 49];

describe("a song on two MIDI ports", () => {
  // Port 1's channel 1 plays a violin where port 0's channel 1 plays a piano; its channel 10
  // plays drums beside port 0's. On one port, the violin moves to the free channel 4 and the
  // second drum part to channel 10 beside the first.
  const twoPorts = [
    [port(0), ...part(0, 0, melody, 30), ...part(9, 0, drums, 64)],
    [port(1), ...part(0, 40, melody.map((key) => key + 12), 100), ...part(9, 0, drums.map((key) => key + 1), 64)],
  ];
  const onePort = [
    [port(0), ...part(0, 0, melody, 30), ...part(9, 0, drums, 64)],
    [port(0), ...part(3, 40, melody.map((key) => key + 12), 100), ...part(9, 0, drums.map((key) => key + 1), 64)],
  ];

  it("plays port 1's channels on channels 17-32, as the same music on one port's free channels (100 dB SNR)", () => {
    const comparison = compare(render(onePort), render(twoPorts));
    console.log(describeComparison("two ports against one", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });

  it("is not the one-port song with its ports laid over each other", () => {
    const folded = [[port(0), ...twoPorts[0].slice(1)], [port(0), ...twoPorts[1].slice(1)]];
    expect(compare(render(folded), render(twoPorts)).snr).toBeLessThan(20);
  });

  it("plays its ports over each other in the 'meltysynth' profile, as MeltySynth's 16 channels do", () => {
    const folded = [[port(0), ...twoPorts[0].slice(1)], [port(0), ...twoPorts[1].slice(1)]];
    expect(firstDifference(render(folded, "meltysynth"), render(twoPorts, "meltysynth"))).toBe(-1);
  });

  it("gives the synthesizer the channels the song needs, 16 per port", () => {
    const synthesizer = new Synthesizer(font, { profile: "full" });
    const file = new MidiFile(writeMidiFile({ format: 1, resolution: 96, tracks: [[port(0), message(0, 0x90, 60, 1)], [port(1)], [port(2), message(0, 0x90, 60, 1)]] }));
    expect(file.ports).toEqual([0, 2]);
    new MidiFileSequencer(synthesizer).play(file, false);
    expect(synthesizer.channelCount).toBe(32);
    expect(synthesizer.isPercussionChannel(25)).toBe(true);
    expect(synthesizer.isPercussionChannel(24)).toBe(false);
  });
});

describe("GS double-module mode", () => {
  const doubleModule = sysex(0x41, 0x10, 0x42, 0x12, 0x00, 0x00, 0x7f, 0x01, 0x00);
  // Block B's part 2 (50 12 15) used for rhythm: channel 18 of the port, 17 counted from 0.
  const blockBRhythm = sysex(0x41, 0x10, 0x42, 0x12, 0x50, 0x12, 0x15, 0x01, 0x08);

  it("gives a 16-channel synthesizer 32, both modules' tenth parts playing drums", () => {
    const synthesizer = new Synthesizer(font, { profile: "full" });
    expect(synthesizer.channelCount).toBe(16);
    synthesizer.processSysEx(Uint8Array.of(0xf0, 0x41, 0x10, 0x42, 0x12, 0x00, 0x00, 0x7f, 0x01, 0x00, 0xf7));
    expect(synthesizer.channelCount).toBe(32);
    expect([9, 25].map((c) => synthesizer.isPercussionChannel(c))).toEqual([true, true]);
    synthesizer.processSysEx(Uint8Array.of(0xf0, 0x41, 0x10, 0x42, 0x12, 0x50, 0x12, 0x15, 0x01, 0x08, 0xf7));
    expect(synthesizer.isPercussionChannel(17)).toBe(true);
    expect(synthesizer.isPercussionChannel(1)).toBe(false);
  });

  it("plays the drums of a 32-channel song on both modules: port 1's channel 10 sounds as port 0's", () => {
    const kit = (channel: number, keys: number[]) => part(channel, 0, keys, 64);
    // Each module's drum part alone, then both on one module's drum channel: the two-module song
    // is their sum, so both kits played.
    const both = render([[port(0), doubleModule, ...kit(9, drums)], [port(1), ...kit(9, drums.map((k) => k + 1))]]);
    const oneModule = render([[port(0), doubleModule, ...kit(9, drums)], [port(0), ...kit(9, drums.map((k) => k + 1))]]);
    const comparison = compare(oneModule, both);
    console.log(describeComparison("both modules' drums against one module's", comparison));
    expect(comparison.snr).toBeGreaterThan(100);
  });

  it("takes block B's rhythm part from a song on one port, and leaves the 'meltysynth' profile at 16 channels", () => {
    const rhythmOnB = render([[port(0), doubleModule, blockBRhythm], [port(1), ...kit17(drums)]]);
    const melodicOnB = render([[port(0), doubleModule], [port(1), ...kit17(drums)]]);
    expect(compare(rhythmOnB, melodicOnB).snr).toBeLessThan(20);
    const synthesizer = new Synthesizer(font, { profile: "meltysynth" });
    synthesizer.processSysEx(Uint8Array.of(0xf0, 0x41, 0x10, 0x42, 0x12, 0x00, 0x00, 0x7f, 0x01, 0x00, 0xf7));
    expect(synthesizer.channelCount).toBe(16);
  });
});

// Channel 2 of port 1 (the song's channel 18) playing `keys`.
function kit17(keys: number[]): MidiSongEvent[] {
  return part(1, 0, keys, 64);
}

describe("channels past 16", () => {
  it("addresses every channel the synthesizer has, and refuses the others saying how many there are", () => {
    const synthesizer = new Synthesizer(font, { profile: "full", midiChannels: 256 });
    expect(synthesizer.channelCount).toBe(256);
    synthesizer.processMidiMessage(255, 0xc0, 40, 0);
    synthesizer.processMidiMessage(255, 0x90, 60, 100, 10);
    const left = new Float32Array(512);
    const right = new Float32Array(512);
    synthesizer.render(left, right);
    expect(synthesizer.activeVoiceCount).toBeGreaterThan(0);
    expect(synthesizer.channelState(255).program).toBe(40);
    expect(() => synthesizer.processMidiMessage(256, 0x90, 60, 100)).toThrow(/channel must be an integer from 0 to 255, got 256/);
    const small = new Synthesizer(font, { profile: "full" });
    expect(() => small.noteOn(16, 60, 100)).toThrow(/from 0 to 15, got 16; ensureChannels adds more/);
    expect(small.ensureChannels(17)).toBe(32);
    expect(small.ensureChannels(1000 / 4)).toBe(256);
    expect(() => small.ensureChannels(257)).toThrow(RangeError);
  });

  it("checks the midiChannels setting", () => {
    expect(() => new Synthesizer(font, { profile: "full", midiChannels: 24 })).toThrow(/midiChannels must be a multiple of 16/);
    expect(() => new Synthesizer(font, { profile: "full", midiChannels: 512 })).toThrow(/midiChannels must be an integer from 16 to 256/);
    expect(() => new Synthesizer(font, { midiChannels: 32 })).toThrow(/the 'meltysynth' profile plays 16 channels/);
    expect(new Synthesizer(font, { midiChannels: 16 }).ensureChannels(64)).toBe(16);
  });
});
