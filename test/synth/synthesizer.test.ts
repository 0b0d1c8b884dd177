import { describe, expect, it } from "vitest";
import { GeneratorType, PresetRegion, SoundFont, Synthesizer, writeSoundFont } from "../../lib/index.js";
import { firstDifference, hasFixtures, readFixture } from "../fixtures.js";
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

function renderFrames(synth: Synthesizer, frames: number): Float32Array {
  const out = new Float32Array(2 * frames);
  synth.renderInterleaved(out);
  return out;
}

/** The first frame where two interleaved renders differ, or -1: quicker to fail on than a deep equality. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths ${a.length} and ${b.length}`);
  const i = a.findIndex((x, j) => !Object.is(x, b[j]));
  return i < 0 ? -1 : i >> 1;
}

/**
 * The tiny font's sine as five melodic presets, each transposed by its own number of semitones
 * so that a render tells which one played. Listed out of order: the lowest (bank 0, program 1)
 * is neither the first listed nor the lowest program number (bank 1, program 0).
 */
function fiveSinePresets(): SoundFont {
  const sine = tiny.instruments.find((instrument) => instrument.name === "Sine")!;
  const preset = (bankNumber: number, patchNumber: number, semitones: number) => {
    const generators = PresetRegion.createDefaultGenerators();
    generators[GeneratorType.coarseTune] = semitones;
    return { name: `${bankNumber}:${patchNumber}`, bankNumber, patchNumber, regions: [{ generators, instrument: sine }] };
  };
  return new SoundFont(
    writeSoundFont({
      info: { bankName: "five sine presets" },
      waveData: tiny.waveData,
      sampleHeaders: tiny.sampleHeaders,
      instruments: [sine],
      presets: [preset(0, 2, 2), preset(1, 2, 4), preset(1, 0, 5), preset(0, 1, 7), preset(0, 9, 9)],
    }),
  );
}

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

  // Voices are stolen as MeltySynth steals them: the one of lowest priority (a released voice
  // ranks below a sustained one), the oldest among equals. Each case is compared with the same
  // events on a synthesizer with voices to spare, where the expected victim (alone on channel 1)
  // is cut by all sound off instead; a different victim would leave a different note playing.
  describe("steals a voice when polyphony runs out, never exceeding it", () => {
    const block = (synth: Synthesizer) => renderFrames(synth, 64);

    it("the oldest of the sustained voices, even where it is not the first in the voice list", () => {
      const scenario = (maximumPolyphony: number, cutChannel1: boolean) => {
        const synth = new Synthesizer(tiny, { maximumPolyphony, enableReverbAndChorus: false, backend: "js" });
        synth.noteOn(2, 50, 100);
        block(synth);
        synth.noteOn(1, 60, 100); // the oldest once channel 2's note is cut
        block(synth);
        for (const key of [62, 64, 65, 67, 69, 71]) {
          synth.noteOn(0, key, 100);
          block(synth);
        }
        // Cutting the first voice moves the last one (key 71) to the front of the voice list.
        synth.processMidiMessage(2, 0xb0, 120, 0);
        block(synth);
        synth.noteOn(0, 72, 100); // the eighth voice
        renderFrames(synth, 4416); // every note sustained: equal priorities
        if (cutChannel1) synth.processMidiMessage(1, 0xb0, 120, 0);
        synth.noteOn(0, 74, 100);
        return { synth, out: renderFrames(synth, 8832) };
      };
      const stealing = scenario(8, false);
      expect(stealing.synth.activeVoiceCount).toBe(8);
      expect(firstDifference(stealing.out, scenario(16, true).out)).toBe(-1);
    });

    it("a released voice before the older sustained ones", () => {
      const scenario = (maximumPolyphony: number, cutChannel1: boolean) => {
        const synth = new Synthesizer(tiny, { maximumPolyphony, enableReverbAndChorus: false, backend: "js" });
        synth.noteOn(0, 60, 100); // the oldest
        block(synth);
        synth.noteOn(1, 62, 100);
        block(synth);
        for (const key of [64, 65, 67, 69, 71, 72]) {
          synth.noteOn(0, key, 100);
          block(synth);
        }
        renderFrames(synth, 4416);
        synth.noteOff(1, 62);
        renderFrames(synth, 896); // 20 ms into its 0.1 s release
        if (cutChannel1) synth.processMidiMessage(1, 0xb0, 120, 0);
        synth.noteOn(0, 74, 100);
        return { synth, out: renderFrames(synth, 8832) };
      };
      const stealing = scenario(8, false);
      expect(stealing.synth.activeVoiceCount).toBe(8);
      expect(firstDifference(stealing.out, scenario(16, true).out)).toBe(-1);
    });
  });

  it("falls back to bank 0 for an unknown bank, and to the lowest preset for an unknown program", () => {
    const font = fiveSinePresets();
    const playWith = (bank: number, program: number) => {
      const synth = new Synthesizer(font, { enableReverbAndChorus: false, backend: "js" });
      synth.processMidiMessage(0, 0xb0, 0, bank);
      synth.processMidiMessage(0, 0xc0, program, 0);
      synth.noteOn(0, 69, 100);
      return renderFrames(synth, 4096);
    };
    const bank0Program2 = playWith(0, 2);
    const lowest = playWith(0, 1);
    // The presets sound different, so an equal render says which one played.
    expect(firstDifference(bank0Program2, playWith(1, 2))).not.toBe(-1);
    expect(firstDifference(bank0Program2, lowest)).not.toBe(-1);
    expect(firstDifference(lowest, playWith(1, 0))).not.toBe(-1);

    expect(firstDifference(playWith(5, 2), bank0Program2)).toBe(-1); // no bank 5: bank 0's program 2
    expect(firstDifference(playWith(0, 33), lowest)).toBe(-1); // no program 33 in any bank: the lowest preset
    expect(firstDifference(playWith(1, 33), lowest)).toBe(-1);
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
    expect(firstDifference(renderChunks(synth, 5000, 100), renderChunks(fresh, 5000, 100))).toBe(-1);
  });

  // Two notes on channel 0 and one on channel 1, 0.1 s in; then `controller` on channel 0 (or
  // the note-offs of its keys, or nothing) and 0.5 s more.
  function afterController(controller: number | "noteOff" | "none", channel0Notes = true) {
    const synth = new Synthesizer(tiny, { enableReverbAndChorus: false, backend: "js" });
    if (channel0Notes) for (const key of [69, 72]) synth.noteOn(0, key, 100);
    synth.noteOn(1, 76, 100);
    renderFrames(synth, 4416);
    if (controller === "noteOff") for (const key of [69, 72]) synth.noteOff(0, key);
    else if (controller !== "none") synth.processMidiMessage(0, 0xb0, controller, 0);
    const firstBlock = renderFrames(synth, 64);
    const voicesAfterFirstBlock = synth.activeVoiceCount;
    const rest = renderFrames(synth, 22016);
    return { firstBlock, voicesAfterFirstBlock, rest, voicesAtEnd: synth.activeVoiceCount };
  }

  it("cuts one channel's notes at once with all sound off (CC 120)", () => {
    const channel1Alone = afterController("none", false);
    const cut = afterController(120);
    expect(cut.voicesAfterFirstBlock).toBe(1);
    // From the very next block, only channel 1's note sounds.
    expect(firstDifference(cut.firstBlock, channel1Alone.firstBlock)).toBe(-1);
    expect(firstDifference(cut.rest, channel1Alone.rest)).toBe(-1);
  });

  it("releases one channel's notes through their envelope with all notes off (CC 123)", () => {
    const channel1Alone = afterController("none", false);
    const released = afterController(123);
    // Still sounding in their release, as after note-offs of their keys, and gone once that has run.
    expect(released.voicesAfterFirstBlock).toBe(3);
    expect(firstDifference(released.firstBlock, channel1Alone.firstBlock)).not.toBe(-1);
    const noteOff = afterController("noteOff");
    expect(firstDifference(released.firstBlock, noteOff.firstBlock)).toBe(-1);
    expect(firstDifference(released.rest, noteOff.rest)).toBe(-1);
    expect(released.voicesAtEnd).toBe(1);
    expect(afterController("none").voicesAtEnd).toBe(3);
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
