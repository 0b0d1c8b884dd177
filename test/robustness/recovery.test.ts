import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, SoundFont, Synthesizer, type Backend } from "../../lib/index.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { tinySoundFont } from "../tinySoundFont.js";
import { generatedSong } from "./generatedSong.js";
import { backends } from "./loadBackends.js";

/**
 * A synthesizer must keep working after reset() and after any call it refuses: a refused call
 * changes nothing, so the output afterwards equals that of a synthesizer that never saw it.
 */

type Step = (synthesizer: Synthesizer, out: Float32Array[]) => void;

const render = (frames: number): Step => (s, out) => {
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  s.render(left, right);
  out.push(left, right);
};
const renderInterleaved = (frames: number): Step => (s, out) => {
  const buffer = new Float32Array(2 * frames);
  s.renderInterleaved(buffer);
  out.push(buffer);
};
const midi = (channel: number, command: number, data1: number, data2 = 0): Step => (s) => s.processMidiMessage(channel, command, data1, data2);

// Notes on two melodic channels and the drums, with chorus and reverb sends up, rendered in
// uneven slices so that a refused call lands in the middle of a block.
const before: Step[] = [
  midi(0, 0xb0, 93, 127),
  midi(0, 0xb0, 91, 100),
  midi(0, 0x90, 60, 100),
  midi(1, 0x90, 67, 80),
  midi(9, 0x90, 36, 120),
  render(1000),
];
const after: Step[] = [
  render(37),
  midi(0, 0x90, 64, 90),
  midi(1, 0xe0, 0, 90),
  renderInterleaved(500),
  midi(0, 0x80, 60),
  midi(0, 0xb0, 64, 127),
  midi(1, 0x90, 72, 127),
  render(3000),
  midi(9, 0x90, 38, 127),
  render(2000),
];

// Every kind of argument the synthesizer refuses, with the error it must throw.
const refused: [string, (s: Synthesizer) => void, ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor][] = [
  ["noteOn on channel 16", (s) => s.noteOn(16, 60, 100), RangeError],
  ["noteOn on channel -1", (s) => s.noteOn(-1, 60, 100), RangeError],
  ["noteOn with key 128", (s) => s.noteOn(0, 128, 100), RangeError],
  ["noteOn with key 60.5", (s) => s.noteOn(0, 60.5, 100), RangeError],
  ["noteOn with key NaN", (s) => s.noteOn(0, NaN, 100), RangeError],
  ["noteOn with velocity 128", (s) => s.noteOn(0, 60, 128), RangeError],
  ["noteOn with velocity -1", (s) => s.noteOn(0, 60, -1), RangeError],
  ["noteOn with a string channel", (s) => s.noteOn("0" as unknown as number, 60, 100), RangeError],
  ["noteOff with key 200", (s) => s.noteOff(0, 200), RangeError],
  ["noteOffAll on channel 16", (s) => s.noteOffAll(16, true), RangeError],
  ["resetAllControllers on channel 99", (s) => s.resetAllControllers(99), RangeError],
  ["processMidiMessage on channel 16", (s) => s.processMidiMessage(16, 0x90, 60, 100), RangeError],
  ["processMidiMessage with data1 128", (s) => s.processMidiMessage(0, 0x90, 128, 100), RangeError],
  ["processMidiMessage with data2 255", (s) => s.processMidiMessage(0, 0xb0, 7, 255), RangeError],
  ["processMidiMessage with data2 1.5", (s) => s.processMidiMessage(0, 0xe0, 0, 1.5), RangeError],
  ["processMidiMessage with data1 -1", (s) => s.processMidiMessage(0, 0xc0, -1, 0), RangeError],
  ["render with lengths 10 and 11", (s) => s.render(new Float32Array(10), new Float32Array(11)), RangeError],
  ["render into arrays", (s) => s.render([0, 0] as unknown as Float32Array, [0, 0] as unknown as Float32Array), TypeError],
  ["render into Float64Arrays", (s) => s.render(new Float64Array(8) as unknown as Float32Array, new Float64Array(8) as unknown as Float32Array), TypeError],
  ["renderInterleaved with an odd length", (s) => s.renderInterleaved(new Float32Array(9)), RangeError],
  ["renderInt16 with lengths 4 and 3", (s) => s.renderInt16(new Int16Array(4), new Int16Array(3)), RangeError],
  ["renderInterleavedInt16 with an odd length", (s) => s.renderInterleavedInt16(new Int16Array(7)), RangeError],
  ["masterVolume = NaN", (s) => (s.masterVolume = NaN), RangeError],
  ["masterVolume = Infinity", (s) => (s.masterVolume = Infinity), RangeError],
  ["masterVolume = -Infinity", (s) => (s.masterVolume = -Infinity), RangeError],
  ["masterVolume = '0.3'", (s) => (s.masterVolume = "0.3" as unknown as number), RangeError],
  ["processMidiMessage with frameOffset -1", (s) => s.processMidiMessage(0, 0x90, 60, 100, -1), RangeError],
  ["processMidiMessage with frameOffset 2.5", (s) => s.processMidiMessage(0, 0x90, 60, 100, 2.5), RangeError],
  ["processMidiMessage with frameOffset NaN", (s) => s.processMidiMessage(0, 0x90, 60, 100, NaN), RangeError],
  ["processMidiMessage with frameOffset Infinity", (s) => s.processMidiMessage(0, 0xb0, 7, 1, Infinity), RangeError],
  ["processMidiMessage with a string frameOffset", (s) => s.processMidiMessage(0, 0xb0, 7, 1, "9" as never), RangeError],
  ["processMidiMessage scheduled on channel 16", (s) => s.processMidiMessage(16, 0x90, 60, 100, 3), RangeError],
];

function run(synthesizer: Synthesizer, steps: readonly Step[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const step of steps) step(synthesizer, out);
  return out;
}

function bytesOf(parts: readonly Float32Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

const fonts: [string, () => SoundFont][] = [["the tiny font", tinySoundFont]];
if (hasFixtures) {
  let font: SoundFont | undefined;
  fonts.push(["TimGM6mb.sf2", () => (font ??= new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")))]);
}

describe.each(backends)("a synthesizer on the %s backend", (backend: Backend) => {
  describe.each(fonts)("with %s", (_, font) => {
    it.each(refused)("works on after a refused call: %s", (_, call, errorClass) => {
      const clean = new Synthesizer(font(), { backend });
      const expected = bytesOf([...run(clean, before), ...run(clean, after)]);

      const refusing = new Synthesizer(font(), { backend });
      const out = run(refusing, before);
      expect(() => call(refusing)).toThrow(errorClass);
      out.push(...run(refusing, after));
      expect(bytesOf(out).equals(expected)).toBe(true);
      expect(refusing.masterVolume).toBe(clean.masterVolume);
    });

    it("after reset(), plays as a new synthesizer does", () => {
      const fresh = new Synthesizer(font(), { backend });
      const expected = bytesOf([...run(fresh, before), ...run(fresh, after)]);

      const used = new Synthesizer(font(), { backend });
      // Leave notes sounding, controllers moved, a pitch bend and a partly read block behind.
      run(used, [...before, midi(0, 0xb0, 7, 20), midi(0, 0xe0, 127, 127), midi(0, 0xc0, 5), render(4321)]);
      used.reset();
      expect(used.activeVoiceCount).toBe(0);
      const out = bytesOf([...run(used, before), ...run(used, after)]);
      expect(out.equals(expected)).toBe(true);
    });
  });
});

// The sequencer refuses a few things too; it plays on as if it had not been asked.
const refusedBySequencer: [string, (s: MidiFileSequencer) => void][] = [
  ["render with lengths 100 and 99", (s) => s.render(new Float32Array(100), new Float32Array(99))],
  ["renderInterleaved with an odd length", (s) => s.renderInterleaved(new Float32Array(101))],
  ["speed = -1", (s) => (s.speed = -1)],
  ["speed = NaN", (s) => (s.speed = NaN)],
  ["speed = Infinity", (s) => (s.speed = Infinity)],
  ["seek(-1)", (s) => s.seek(-1)],
  ["seek(NaN)", (s) => s.seek(NaN)],
  ["position = Infinity", (s) => (s.position = Infinity)],
];

describe.each(backends)("a MIDI file sequencer on the %s backend", (backend: Backend) => {
  const song = new MidiFile(generatedSong());
  const play = (sequencer: MidiFileSequencer, seconds: number): Float32Array => {
    const out = new Float32Array(2 * Math.round(seconds * 44100));
    for (let t = 0; t < out.length; t += 2 * 3001) sequencer.renderInterleaved(out.subarray(t, Math.min(out.length, t + 2 * 3001)));
    return out;
  };

  it.each(refusedBySequencer)("plays on after a refused call: %s", (_, call) => {
    const clean = new MidiFileSequencer(new Synthesizer(tinySoundFont(), { backend }));
    clean.play(song, true);
    const expected = bytesOf([play(clean, 1.5), play(clean, 2)]);

    const refusing = new MidiFileSequencer(new Synthesizer(tinySoundFont(), { backend }));
    refusing.play(song, true);
    const out = [play(refusing, 1.5)];
    expect(() => call(refusing)).toThrow(RangeError);
    out.push(play(refusing, 2));
    expect(bytesOf(out).equals(expected)).toBe(true);
    expect(refusing.speed).toBe(1);
  });

  it("plays on after a full event queue refused a message", () => {
    const make = () => new Synthesizer(tinySoundFont(), { backend, eventTiming: "sample", eventQueueCapacity: 16 });
    const clean = make();
    const refusing = make();
    for (const s of [clean, refusing]) {
      for (let i = 0; i < 16; i++) s.processMidiMessage(0, 0x90, 50 + i, 100, 10 * i);
    }
    expect(() => refusing.processMidiMessage(0, 0x90, 80, 100, 5)).toThrow(/event queue is full/);
    const a = new Float32Array(20000);
    const b = new Float32Array(20000);
    clean.renderMono(a);
    refusing.renderMono(b);
    expect(bytesOf([b]).equals(bytesOf([a]))).toBe(true);
  });

  it("plays a song again as it played it the first time", () => {
    const sequencer = new MidiFileSequencer(new Synthesizer(tinySoundFont(), { backend }));
    sequencer.play(song, false);
    const first = play(sequencer, 3);
    sequencer.play(song, false);
    expect(bytesOf([play(sequencer, 3)]).equals(bytesOf([first]))).toBe(true);
  });
});
