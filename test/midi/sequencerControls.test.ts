// What the sequencer lets through and how it ends: loop counts, transposition, mute and solo,
// meta events on their frames, and a full event queue in a looped 'sample' render.
import { describe, expect, it } from "vitest";
import { builtinSoundFont } from "../../lib/builtin/builtinSoundFont.js";
import { generateDemoSong } from "../../lib/builtin/generateDemoSong.js";
import { renderToWav } from "../../lib/io/renderToWav.js";
import { MidiFile, MidiFileSequencer, type MidiMetaEvent } from "../../lib/midi/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { firstDifference } from "../fixtures.js";
import { readWav } from "../io/wav.js";
import { block, on, renderBlocks, setup } from "./sequencerHarness.js";
import { endOfTrack, smf, vlq } from "./smf.js";

const off = (delta: number, key: number, channel = 0): number[] => [...vlq(delta), 0x80 | channel, key, 0];
const lyric = (delta: number, words: string): number[] => [...vlq(delta), 0xff, 0x05, words.length, ...[...words].map((c) => c.charCodeAt(0))];
const noteOns = (log: string[]): string[] => log.filter((line) => / 90 /.test(line));

describe("MidiFileSequencer loop counts", () => {
  // A note before the loop (tick 0), one in it (ticks 2-4, loop start marker CC 111 at tick 2)
  // and one after its end (CC 116/117 style markers are not used: the explicit loop end is the
  // song's end here).
  const track = [...on(0, 60), ...[0x02, 0xb0, 111, 0], ...on(0, 62), ...off(2, 62), ...endOfTrack(2)];

  it("goes back to the loop start as many times as asked, then ends and releases what sounds", () => {
    const { synthesizer, sequencer, file } = setup(track, { loopType: "rpgMaker" });
    const loops: number[] = [];
    sequencer.onLoop = (frame) => loops.push(frame);
    sequencer.play(file, 2);
    renderBlocks(sequencer, 30);
    expect(loops).toEqual([6 * block, 10 * block]);
    // With 'block' timing, as in MeltySynth, what follows a jump back waits for the next block.
    expect(noteOns(synthesizer.log)).toEqual(["0: 90 ch0 60 100", `${2 * block}: 90 ch0 62 100`, `${7 * block}: 90 ch0 62 100`, `${11 * block}: 90 ch0 62 100`]);
    // Each time back releases every note; so does the end of the last pass, and nothing after.
    expect(synthesizer.log.filter((line) => line.includes("noteOffAll"))).toEqual([
      `${6 * block}: noteOffAll false`,
      `${10 * block}: noteOffAll false`,
      `${14 * block}: noteOffAll false`,
    ]);
    expect(sequencer.endOfSequence).toBe(true);
  });

  it("plays once for 0 and false, for ever for true and Infinity, and refuses anything else", () => {
    for (const loop of [0, false] as const) {
      const { synthesizer, sequencer, file } = setup(track, { loopType: "rpgMaker" });
      sequencer.play(file, loop);
      renderBlocks(sequencer, 30);
      expect(noteOns(synthesizer.log)).toHaveLength(2);
      expect(synthesizer.log.some((line) => line.includes("noteOffAll"))).toBe(false);
    }
    for (const loop of [true, Infinity] as const) {
      const { synthesizer, sequencer, file } = setup(track, { loopType: "rpgMaker" });
      sequencer.play(file, loop);
      renderBlocks(sequencer, 60);
      expect(noteOns(synthesizer.log)).toHaveLength(1 + 15);
      expect(sequencer.endOfSequence).toBe(false);
    }
    const { sequencer, file } = setup(track);
    for (const loop of [-1, 1.5, NaN, "2"]) expect(() => sequencer.play(file, loop as number)).toThrow(RangeError);
  });

  it("after the last time back plays past a loop end marker to the song's end", () => {
    // Loop start at tick 2 (CC 116), loop end at tick 6 (CC 117), then a last note at tick 8.
    const marked = [...on(0, 60), ...[0x02, 0xb0, 116, 0], ...on(0, 62), ...off(2, 62), ...[0x02, 0xb0, 117, 0], ...on(2, 64), ...endOfTrack(2)];
    const { synthesizer, sequencer, file } = setup(marked, { loopType: "finalFantasy" });
    expect(sequencer.loopPoints).toBeNull();
    sequencer.play(file, 1);
    expect(sequencer.loopPoints).toEqual({ start: 2 / 64, end: 6 / 64 });
    renderBlocks(sequencer, 30);
    expect(noteOns(synthesizer.log).map((line) => line.split(" ")[3])).toEqual(["60", "62", "62", "64"]);
  });

  it("wraps a seek past the end into the loop, using up times back", () => {
    const { synthesizer, sequencer, file } = setup(track, { loopType: "rpgMaker" });
    sequencer.play(file, 1);
    sequencer.seek(7 / 64); // one time back: 3/64 s into the second pass
    renderBlocks(sequencer, 30);
    expect(noteOns(synthesizer.log)).toEqual([]);
    expect(synthesizer.log.filter((line) => line.includes("noteOffAll"))).toHaveLength(1);
    sequencer.play(file, 1);
    sequencer.seek(11 / 64); // would need two
    expect(sequencer.endOfSequence).toBe(true);
  });
});

describe("MidiFileSequencer transpose, mute and solo", () => {
  it("moves every key but the drums', drops notes moved out of range, and finds each note's note-off", () => {
    const song = [...on(0, 60), ...on(0, 36, 9), ...on(0, 120), ...off(2, 60), ...off(0, 36, 9), ...off(0, 120), ...on(0, 60), ...off(2, 60), ...endOfTrack(2)];
    const { synthesizer, sequencer, file } = setup(song);
    sequencer.play(file, false);
    sequencer.transpose = 12;
    renderBlocks(sequencer, 1);
    sequencer.transpose = -2; // while 60 sounds as 72
    renderBlocks(sequencer, 10);
    expect(synthesizer.log.filter((line) => / (80|90) /.test(line))).toEqual([
      "0: 90 ch0 72 100",
      "0: 90 ch9 36 100",
      `${2 * block}: 80 ch0 72 0`,
      `${2 * block}: 80 ch9 36 0`,
      `${2 * block}: 80 ch0 118 0`, // 120's note-on was dropped at +12; its note-off moves by -2
      `${2 * block}: 90 ch0 58 100`,
      `${4 * block}: 80 ch0 58 0`,
    ]);
    expect(() => (sequencer.transpose = 0.5)).toThrow(RangeError);
    expect(() => (sequencer.transpose = 128)).toThrow(RangeError);
  });

  it("releases a muted channel's notes, plays none of its new notes, and keeps its other messages", () => {
    const song = [...on(0, 60), ...on(0, 64, 1), ...[0x02, 0xc0, 5], ...on(0, 62), ...on(0, 65, 1), ...endOfTrack(2)];
    const { synthesizer, sequencer, file } = setup(song);
    sequencer.play(file, false);
    renderBlocks(sequencer, 1);
    sequencer.setMuted(0, true);
    expect(sequencer.isMuted(0)).toBe(true);
    renderBlocks(sequencer, 10);
    expect(synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      "0: 90 ch1 64 100",
      `${block}: b0 ch0 123 0`,
      `${2 * block}: c0 ch0 5 0`,
      `${2 * block}: 90 ch1 65 100`,
    ]);
    expect(() => sequencer.setMuted(256, true)).toThrow(RangeError);
  });

  it("with a channel soloed, plays only soloed channels, and all again once the solo is taken back", () => {
    const song = [...on(0, 60), ...on(0, 64, 1), ...on(0, 67, 2), ...on(2, 61), ...on(0, 65, 1), ...on(0, 68, 2), ...on(2, 62), ...on(0, 66, 1), ...endOfTrack(2)];
    const { synthesizer, sequencer, file } = setup(song);
    sequencer.play(file, false);
    sequencer.setSolo(1, true);
    renderBlocks(sequencer, 1);
    sequencer.setSolo(2, true);
    renderBlocks(sequencer, 2);
    sequencer.setSolo(1, false);
    sequencer.setSolo(2, false);
    renderBlocks(sequencer, 5);
    expect(sequencer.isSolo(1)).toBe(false);
    const others = [0, ...Array.from({ length: 14 }, (_, i) => i + 2)];
    expect(synthesizer.log).toEqual([
      ...others.map((channel) => `0: b0 ch${channel} 123 0`), // soloing 1 silences every other
      "0: 90 ch1 64 100",
      `${2 * block}: 90 ch1 65 100`,
      `${2 * block}: 90 ch2 68 100`,
      `${3 * block}: b0 ch1 123 0`, // 2 is still soloed
      `${4 * block}: 90 ch0 62 100`,
      `${4 * block}: 90 ch1 66 100`,
    ]);
  });
});

describe("MidiFileSequencer meta events", () => {
  // 480 ticks a quarter at 120 BPM: a tick is 1/960 s; syllables at ticks 100, 250 and 700.
  const karaoke = new MidiFile(smf(0, 480, [...lyric(100, "Hel"), ...vlq(0), 0x90, 60, 100, ...lyric(150, "lo"), ...lyric(450, "you"), ...vlq(0), 0x80, 60, 0, ...endOfTrack(100)]));
  const rate = 44100;

  function heard(eventTiming: "block" | "sample", act: (sequencer: MidiFileSequencer) => void): [string, number][] {
    const sequencer = new MidiFileSequencer(new Synthesizer(builtinSoundFont(), { sampleRate: rate, eventTiming, backend: "js" }));
    const events: [string, number][] = [];
    sequencer.onMetaEvent = (event: MidiMetaEvent, frame) => events.push([event.text!, frame]);
    act(sequencer);
    return events;
  }

  it("hands each lyric over once, on the frame its time falls on ('sample') or its block ('block')", () => {
    const run = (sequencer: MidiFileSequencer) => {
      sequencer.play(karaoke, false);
      const buffer = new Float32Array(rate);
      sequencer.render(buffer, buffer.slice());
    };
    const frames = [100, 250, 700].map((tick) => Math.ceil((tick / 960) * rate));
    expect(heard("sample", run)).toEqual([["Hel", frames[0]], ["lo", frames[1]], ["you", frames[2]]]);
    expect(heard("block", run)).toEqual([["Hel", Math.ceil(frames[0] / 64) * 64], ["lo", Math.ceil(frames[1] / 64) * 64], ["you", Math.ceil(frames[2] / 64) * 64]]);
  });

  it("skips what a seek jumps over and hands the loop's events over again on each pass", () => {
    const afterSeek = heard("sample", (sequencer) => {
      sequencer.play(karaoke, false);
      sequencer.seek(0.2);
      const buffer = new Float32Array(rate);
      sequencer.render(buffer, buffer.slice());
    });
    expect(afterSeek.map(([text]) => text)).toEqual(["lo", "you"]);
    const looped = heard("sample", (sequencer) => {
      sequencer.play(karaoke, 1);
      const buffer = new Float32Array(2 * rate);
      sequencer.render(buffer, buffer.slice());
    });
    expect(looped.map(([text]) => text)).toEqual(["Hel", "lo", "you", "Hel", "lo", "you"]);
  });
});

describe("a looped render with 'sample' timing", () => {
  const song = new MidiFile(generateDemoSong());
  const settings = { sampleRate: 22050, eventTiming: "sample", eventQueueCapacity: 16, backend: "js" } as const;

  it("does not fail when the event queue is full", () => {
    const wav = readWav(renderToWav(song, builtinSoundFont(), { ...settings, tail: 0, format: "f32", loop: 1 }));
    expect(wav.samples.length).toBe(2 * 2 * Math.ceil(song.length * settings.sampleRate));
  });

  it("plays its first pass as the song played once, up to the frame where it goes back", () => {
    const frames = Math.ceil((song.length + 1) * settings.sampleRate);
    let restart = -1;
    const render = (loop: number) => {
      // The default queue: with 16 places, the 16 'all notes off' of a jump back would not all
      // wait for their frame, and the sequencer would apply the rest at the block's start.
      const sequencer = new MidiFileSequencer(new Synthesizer(builtinSoundFont(), { ...settings, eventQueueCapacity: 1024 }));
      sequencer.onLoop = (frame) => (restart = frame);
      sequencer.play(song, loop);
      const left = new Float32Array(frames);
      sequencer.render(left, new Float32Array(frames));
      return left;
    };
    const once = render(0);
    const looped = render(1);
    expect(restart).toBeGreaterThan(frames - 2 * settings.sampleRate);
    expect(firstDifference(looped.subarray(0, restart), once.subarray(0, restart))).toBe(-1);
    expect(firstDifference(looped.subarray(restart), once.subarray(restart))).not.toBe(-1);
  });
});

describe("the sequencer's frame clock", () => {
  it("lets onMidiMessage forward each message on its frame, after a seek too", () => {
    const song = new MidiFile(generateDemoSong());
    const render = (forward: boolean) => {
      const synthesizer = new Synthesizer(builtinSoundFont(), { sampleRate: 22050, eventTiming: "sample", backend: "js" });
      const sequencer = new MidiFileSequencer(synthesizer);
      if (forward) {
        sequencer.onMidiMessage = (channel, command, data1, data2, frame) => synthesizer.processMidiMessage(channel, command, data1, data2, frame - sequencer.frame);
      }
      sequencer.play(song, false);
      sequencer.seek(2);
      expect(sequencer.frame).toBe(2 * 22050);
      const left = new Float32Array(3 * 22050);
      sequencer.render(left, new Float32Array(left.length));
      expect(sequencer.frame).toBe(5 * 22050);
      return left;
    };
    expect(firstDifference(render(true), render(false))).toBe(-1);
  });
});

describe("Synthesizer.channelState", () => {
  it("says what each channel plays, for a user interface", () => {
    const synthesizer = new Synthesizer(builtinSoundFont(), { backend: "js" });
    synthesizer.processMidiMessage(3, 0xc0, 24, 0);
    synthesizer.processMidiMessage(3, 0xb0, 7, 90);
    synthesizer.processMidiMessage(3, 0xb0, 10, 30);
    expect(synthesizer.channelState(3)).toEqual({ program: 24, bank: 0, volume: 90, pan: 30, expression: 127, percussion: false });
    expect(synthesizer.channelState(9)).toMatchObject({ bank: 128, percussion: true });
    expect(synthesizer.isPercussionChannel(9)).toBe(true);
    expect(() => synthesizer.channelState(16)).toThrow(RangeError);
  });
});
