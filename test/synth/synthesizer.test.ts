import { describe, expect, it } from "vitest";
import { SoundFont, Synthesizer } from "../../lib/index.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { tinySoundFont } from "../tinySoundFont.js";

const tiny = tinySoundFont();

function renderChunks(synth: Synthesizer, frames: number, chunk: number): Float32Array {
  const out = new Float32Array(2 * frames);
  const left = new Float32Array(chunk);
  const right = new Float32Array(chunk);
  for (let done = 0; done < frames; done += chunk) {
    const n = Math.min(chunk, frames - done);
    synth.render(left.subarray(0, n), right.subarray(0, n));
    for (let t = 0; t < n; t++) {
      out[2 * (done + t)] = left[t];
      out[2 * (done + t) + 1] = right[t];
    }
  }
  return out;
}

function play(soundFont: SoundFont, chunk: number): Float32Array {
  const synth = new Synthesizer(soundFont, { backend: "js" });
  synth.noteOn(0, 60, 100);
  synth.noteOn(9, 36, 120);
  const first = renderChunks(synth, 5000, chunk);
  synth.noteOff(0, 60);
  synth.processMidiMessage(0, 0xe0, 0, 96); // bend up
  const second = renderChunks(synth, 10000, chunk);
  const all = new Float32Array(first.length + second.length);
  all.set(first);
  all.set(second, first.length);
  return all;
}

const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);

describe("Synthesizer", () => {
  it("gives the same output however the render calls are sliced (1, 64, 4096 frames)", () => {
    const reference = play(tiny, 4096);
    expect(rms(reference)).toBeGreaterThan(0.01);
    expect(play(tiny, 64)).toEqual(reference);
    expect(play(tiny, 1)).toEqual(reference);
    expect(play(tiny, 37)).toEqual(reference);
  });

  it.skipIf(!hasFixtures)("gives the same output however the render calls are sliced, with TimGM6mb", () => {
    const font = new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2"));
    const reference = play(font, 4096);
    expect(play(font, 64)).toEqual(reference);
    expect(play(font, 1)).toEqual(reference);
  });

  it("refuses buffers of different lengths, and of the wrong type, and stays usable", () => {
    const synth = new Synthesizer(tiny);
    synth.noteOn(0, 69, 100);
    expect(() => synth.render(new Float32Array(10), new Float32Array(11))).toThrow(RangeError);
    expect(() => synth.render(new Float32Array(10), new Float32Array(11))).toThrow(/10 and 11/);
    expect(() => synth.render([] as never, new Float32Array(0))).toThrow(TypeError);
    expect(() => synth.renderInterleaved(new Float32Array(3))).toThrow(RangeError);
    const left = new Float32Array(512);
    const right = new Float32Array(512);
    synth.render(left, right);
    expect(rms(left)).toBeGreaterThan(0.01);
  });

  it("refuses out-of-range MIDI arguments with a RangeError naming them, changing nothing", () => {
    const synth = new Synthesizer(tiny);
    expect(() => synth.noteOn(16, 60, 100)).toThrow(/channel/);
    expect(() => synth.noteOn(0, 128, 100)).toThrow(/key/);
    expect(() => synth.noteOn(0, 60, -1)).toThrow(/velocity/);
    expect(() => synth.processMidiMessage(0, 0xb0, 7, 200)).toThrow(/data2/);
    expect(() => synth.noteOn(0.5, 60, 100)).toThrow(RangeError);
    expect(() => { synth.masterVolume = Number.NaN; }).toThrow(RangeError);
    expect(synth.activeVoiceCount).toBe(0);
    expect(synth.masterVolume).toBe(0.5);
  });

  it("plays a note until it is released, then frees the voice", () => {
    const synth = new Synthesizer(tiny, { enableReverbAndChorus: false });
    synth.noteOn(0, 69, 100);
    const left = new Float32Array(4410);
    const right = new Float32Array(4410);
    synth.render(left, right);
    expect(synth.activeVoiceCount).toBe(1);
    // Centre pan: equal power in both channels.
    expect(rms(left)).toBeCloseTo(rms(right), 3);
    synth.noteOff(0, 69);
    for (let i = 0; i < 20; i++) synth.render(left, right);
    expect(synth.activeVoiceCount).toBe(0);
  });

  it("holds released notes while the hold pedal is down", () => {
    const synth = new Synthesizer(tiny);
    synth.processMidiMessage(0, 0xb0, 64, 127);
    synth.noteOn(0, 69, 100);
    synth.noteOff(0, 69);
    const buf = new Float32Array(44100);
    synth.render(buf, new Float32Array(44100));
    expect(synth.activeVoiceCount).toBe(1);
    synth.processMidiMessage(0, 0xb0, 64, 0);
    synth.render(buf, new Float32Array(44100));
    expect(synth.activeVoiceCount).toBe(0);
  });

  it("reuses the voice of the same exclusive class on the same channel", () => {
    const synth = new Synthesizer(tiny);
    synth.noteOn(9, 42, 100);
    synth.noteOn(9, 46, 100);
    expect(synth.activeVoiceCount).toBe(1);
    synth.noteOn(8, 46, 100); // channel 8 plays the sine, class 0
    expect(synth.activeVoiceCount).toBe(2);
  });

  it("steals a voice when polyphony runs out, never exceeding it", () => {
    const synth = new Synthesizer(tiny, { maximumPolyphony: 8 });
    for (let key = 40; key < 60; key++) synth.noteOn(0, key, 100);
    expect(synth.activeVoiceCount).toBe(8);
    const left = new Float32Array(1000);
    synth.render(left, new Float32Array(1000));
    expect(left.every(Number.isFinite)).toBe(true);
  });

  it("falls back to bank 0 for an unknown bank, and to the lowest preset for an unknown program", () => {
    const synth = new Synthesizer(tiny);
    synth.processMidiMessage(0, 0xb0, 0, 5); // bank 5: missing
    synth.processMidiMessage(0, 0xc0, 33, 0); // program 33: missing
    synth.noteOn(0, 69, 100);
    expect(synth.activeVoiceCount).toBe(1);
  });

  it("stops everything with noteOffAll(true) and returns to the initial state with reset()", () => {
    const synth = new Synthesizer(tiny);
    const fresh = new Synthesizer(tiny);
    for (const s of [synth, fresh]) s.noteOn(0, 69, 100);
    synth.processMidiMessage(0, 0xb0, 7, 10);
    synth.render(new Float32Array(3000), new Float32Array(3000));
    synth.noteOffAll(true);
    expect(synth.activeVoiceCount).toBe(0);
    synth.reset();
    synth.noteOn(0, 69, 100);
    expect(renderChunks(synth, 5000, 100)).toEqual(renderChunks(fresh, 5000, 100));
  });

  it("stops one channel's notes with all sound off (CC 120) and all notes off (CC 123)", () => {
    const synth = new Synthesizer(tiny);
    synth.noteOn(0, 69, 100);
    synth.noteOn(1, 69, 100);
    synth.processMidiMessage(0, 0xb0, 120, 0);
    synth.render(new Float32Array(64), new Float32Array(64));
    expect(synth.activeVoiceCount).toBe(1);
  });

  it("scales the output with the master volume", () => {
    const a = new Synthesizer(tiny, { enableReverbAndChorus: false });
    const b = new Synthesizer(tiny, { enableReverbAndChorus: false });
    b.masterVolume = 0.25;
    for (const s of [a, b]) s.noteOn(0, 69, 100);
    const la = new Float32Array(2000);
    const lb = new Float32Array(2000);
    a.render(la, new Float32Array(2000));
    b.render(lb, new Float32Array(2000));
    expect(rms(lb) / rms(la)).toBeCloseTo(0.5, 4);
  });

  it("renders 16-bit and mono output consistent with the float output", () => {
    const make = () => {
      const s = new Synthesizer(tiny);
      s.noteOn(0, 69, 127);
      return s;
    };
    const f = new Float32Array(2000);
    make().renderInterleaved(f);
    const i16 = new Int16Array(2000);
    make().renderInterleavedInt16(i16);
    for (let i = 0; i < f.length; i++) expect(i16[i]).toBe(Math.max(-32768, Math.min(32767, Math.trunc(32768 * f[i]))));
    const mono = new Float32Array(1000);
    make().renderMono(mono);
    for (let t = 0; t < 1000; t++) expect(mono[t]).toBeCloseTo((f[2 * t] + f[2 * t + 1]) / 2, 6);
  });

  it("says which backend runs", () => {
    expect(new Synthesizer(tiny, { backend: "js" }).backend).toBe("js");
  });
});
