// Seek with controller chase: a render from a seek gives, for every note after the new position,
// the samples a render from the start gives at the same song time (effects off, so no tail of
// what came before is mixed in).
import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { SoundFont } from "../../lib/soundfont/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { EventTiming } from "../../lib/synth/SynthesizerSettings.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { tinySoundFont } from "../tinySoundFont.js";
import { endOfTrack, smf, tempo, vlq } from "./smf.js";

const songs = ["5432gone_redfarn.mid", "slow_neasy_redfarn.mid", "boogi_marabi_redfarn.mid"];
const font = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : null;
const COMPARED_FRAMES = 44100;

function sequencerFor(timing: EventTiming): MidiFileSequencer<Synthesizer> {
  return new MidiFileSequencer(new Synthesizer(font!, { enableReverbAndChorus: false, eventTiming: timing }));
}

function render(sequencer: MidiFileSequencer<Synthesizer>, frames: number): Float32Array {
  const out = new Float32Array(2 * frames);
  sequencer.renderInterleaved(out);
  return out;
}

/**
 * From the start, with every note-on before `target` seconds dropped (they are what a seek
 * silences): the render to compare with, from the seek's frame on.
 */
function fromStartWithoutEarlierNotes(midi: MidiFile, timing: EventTiming, target: number, seekFrame: number): Float32Array {
  const sequencer = sequencerFor(timing);
  const synthesizer = sequencer.synthesizer;
  sequencer.play(midi, false);
  // The hook sees the channel messages in the order of the file's merged events.
  const times = [...midi.events()].filter((event) => event.type === "message").map((event) => event.time);
  let index = 0;
  sequencer.onMidiMessage = (channel, command, data1, data2, frame) => {
    const time = times[index++];
    if (command === 0x90 && data2 > 0 && time < target) return;
    const offset = frame - synthesizer.renderedFrames;
    if (offset > 0) synthesizer.processMidiMessage(channel, command, data1, data2, offset);
    else synthesizer.processMidiMessage(channel, command, data1, data2);
  };
  render(sequencer, seekFrame);
  return render(sequencer, COMPARED_FRAMES);
}

// The first frame at or after `seconds`, where a seek continues.
function frameAt(seconds: number): number {
  return Math.ceil(seconds * 44100);
}

describe.skipIf(!hasFixtures)("MidiFileSequencer.seek", () => {
  for (const timing of ["block", "sample"] as const) {
    describe(`'${timing}' timing`, () => {
      for (const name of songs) {
        // 'block' timing is the default: 20 positions per song; 'sample' timing, 4.
        const count = timing === "block" ? 20 : 4;
        it(`${name}: from ${count} random positions, every later note sounds as from the start`, () => {
          const midi = new MidiFile(readFixture("midi", name));
          let seed = name.length * 7919;
          for (let i = 0; i < count; i++) {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            const target = (seed / 2147483648) * Math.min(30, midi.length);
            const sequencer = sequencerFor(timing);
            sequencer.play(midi, false);
            sequencer.seek(target);
            // The new position is the target's own frame.
            expect(sequencer.position).toBeGreaterThanOrEqual(target - 1e-9);
            expect(sequencer.position - target).toBeLessThan(1 / 44100 + 1e-9);
            const seekFrame = frameAt(target);
            const after = render(sequencer, COMPARED_FRAMES);
            const expected = fromStartWithoutEarlierNotes(midi, timing, target, seekFrame);
            expect(after.some((x) => x !== 0)).toBe(true);
            const first = after.findIndex((x, t) => x !== expected[t]);
            expect({ target, first }).toEqual({ target, first: -1 });
          }
        });
      }
    });
  }

  it("chases program, controllers and pitch bend: a seek to the end of a song's setup sounds like playing through it", () => {
    const midi = new MidiFile(readFixture("midi", "5432gone_redfarn.mid"));
    const sequencer = sequencerFor("block");
    sequencer.play(midi, false);
    const programs: number[] = [];
    sequencer.onMidiMessage = (channel, command, data1) => {
      if (command === 0xc0) programs[channel] = data1;
    };
    sequencer.seek(20);
    expect(programs.filter((p) => p !== undefined).length).toBeGreaterThan(2);
  });

  it("ends a song when seeking past its end, and wraps into the loop of a looping one", () => {
    const midi = new MidiFile(readFixture("midi", "5432gone_redfarn.mid"));
    const sequencer = sequencerFor("block");
    sequencer.play(midi, false);
    sequencer.seek(midi.length + 10);
    expect(sequencer.endOfSequence).toBe(true);
    expect(render(sequencer, 4410).every((x) => x === 0)).toBe(true);

    sequencer.play(midi, true);
    sequencer.position = midi.length + 10;
    expect(sequencer.endOfSequence).toBe(false);
    expect(sequencer.position).toBeGreaterThan(9);
    expect(sequencer.position).toBeLessThan(10.1);
    expect(render(sequencer, 44100).some((x) => x !== 0)).toBe(true);
  });

  it("refuses negative and non-finite positions, and a seek from onMidiMessage, and plays on unharmed", () => {
    const midi = new MidiFile(readFixture("midi", "5432gone_redfarn.mid"));
    const sequencer = sequencerFor("block");
    const reference = sequencerFor("block");
    expect(() => sequencer.seek(1)).toThrow(/nothing is playing/);
    for (const s of [sequencer, reference]) s.play(midi, false);
    for (const bad of [-1, Number.NaN, Infinity, "3" as never]) {
      expect(() => sequencer.seek(bad)).toThrow(RangeError);
      expect(() => {
        sequencer.position = bad;
      }).toThrow(/position must be a finite number of seconds/);
    }
    let refused: unknown = null;
    sequencer.onMidiMessage = (channel, command, data1, data2) => {
      if (refused === null) {
        try {
          sequencer.seek(5);
        } catch (error) {
          refused = error;
        }
      }
      sequencer.synthesizer.processMidiMessage(channel, command, data1, data2);
    };
    const a = render(sequencer, 44100);
    const b = render(reference, 44100);
    expect(String(refused)).toMatch(/seek cannot be called from onMidiMessage/);
    expect(a).toEqual(b);
  });

  it("reports the playback clock and the tempo in force", () => {
    const midi = new MidiFile(readFixture("midi", "slow_neasy_redfarn.mid"));
    const sequencer = sequencerFor("sample");
    sequencer.play(midi, false);
    render(sequencer, 44100 + 10);
    expect(sequencer.position).toBeCloseTo((44100 + 10) / 44100, 9);
    const expectedTempo = midi.tempoChanges.filter((c) => c.time <= sequencer.position).at(-1)?.beatsPerMinute ?? 120;
    expect(sequencer.tempo).toBe(expectedTempo);
    expect(sequencer.tempo).toBeGreaterThan(0);
  });
});

describe("MidiFileSequencer.seek on a song that lasts years", () => {
  // The slowest tempo (16.8 s a quarter note), one tick a quarter and the longest delta time: a
  // corrupt or hostile file can make a song last about 140 years.
  const song = new MidiFile(
    smf(0, 1, [...tempo(0, 0xffffff), 0x00, 0xc0, 5, ...vlq(0x0fffffff), 0x90, 60, 100, ...endOfTrack(1)]),
  );

  for (const timing of ["block", "sample"] as const) {
    it(`'${timing}' timing: a seek deep into it returns at once, with the program chased`, () => {
      expect(song.length).toBeGreaterThan(4e9);
      const synthesizer = new Synthesizer(tinySoundFont(), { eventTiming: timing, backend: "js" });
      const sequencer = new MidiFileSequencer(synthesizer);
      sequencer.play(song, false);
      const programs: number[] = [];
      sequencer.onMidiMessage = (channel, command, data1) => {
        if (command === 0xc0) programs.push(data1);
      };
      // Block by block, this seek would add up 2e12 blocks: the test's timeout would end it.
      sequencer.seek(3e9);
      expect(programs).toEqual([5]);
      expect(Math.abs(sequencer.position - 3e9)).toBeLessThan(1);
    });
  }
});

describe("MidiFileSequencer.seek lands on its frame", () => {
  // 120 BPM at 96 ticks a quarter: a note-on exactly at 2 s (tick 384), another at 2.001 s.
  const song = new MidiFile(
    smf(0, 96, [0x00, 0xc0, 0, ...vlq(384), 0x90, 60, 100, ...vlq(1), 0x90, 64, 100, ...vlq(192), 0x80, 60, 0, ...endOfTrack(96)]),
  );

  for (const timing of ["block", "sample"] as const) {
    it(`'${timing}' timing: 2.0 s at 48 kHz, block 64, continues at frame 96,000 with the note that starts there`, () => {
      const make = () => new MidiFileSequencer(new Synthesizer(tinySoundFont(), { sampleRate: 48000, eventTiming: timing, backend: "js" }));
      const fromStart = make();
      fromStart.play(song, false);
      const whole = new Float32Array(2 * (96000 + 4800));
      fromStart.renderInterleaved(whole);

      const sought = make();
      sought.play(song, false);
      sought.seek(2.0);
      expect(Math.round(sought.position * 48000)).toBe(96000);
      const after = new Float32Array(2 * 4800);
      sought.renderInterleaved(after);
      expect(after.some((x) => x !== 0)).toBe(true);
      expect(after).toEqual(whole.subarray(2 * 96000));
    });
  }
});
