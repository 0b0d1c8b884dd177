// The sequencer with 'sample' timing: a note sounds from the first frame at or after its time,
// whatever the block size; with 'block' timing it waits for the next block boundary.
import { describe, expect, it } from "vitest";
import type { Backend } from "../../lib/kernels/BlockRenderer.js";
import { MidiFile, MidiFileSequencer } from "../../lib/midi/index.js";
import { SoundFont } from "../../lib/soundfont/index.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import type { EventTiming } from "../../lib/synth/SynthesizerSettings.js";
import { availableBackends } from "../backends.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { endOfTrack, smf, vlq } from "./smf.js";

const font = hasFixtures ? new SoundFont(readFixture("soundfonts", "TimGM6mb.sf2")) : null;
const RATE = 44100;
// 480 ticks per quarter note at the default 120 BPM: a tick is 1/960 s.
const TICK_SECONDS = 1 / 960;

// Short piano notes, each alone: 2.3 s apart, so the last one has died away (to exact zeros,
// effects off) before the next starts; their ticks fall anywhere inside blocks.
const starts = Array.from({ length: 8 }, (_, i) => 100 + i * 2208 + ((i * 377) % 480));
const song = (() => {
  const track: number[] = [];
  let tick = 0;
  for (const start of starts) {
    track.push(...vlq(start - tick), 0x90, 60, 100, ...vlq(96), 0x80, 60, 0);
    tick = start + 96;
  }
  track.push(...endOfTrack(960));
  return new MidiFile(smf(0, 480, track));
})();
const expected = starts.map((tick) => Math.ceil(tick * TICK_SECONDS * RATE));

function onsets(timing: EventTiming, blockSize: number, backend: Backend): number[] {
  const sequencer = new MidiFileSequencer(
    new Synthesizer(font!, { backend, blockSize, eventTiming: timing, enableReverbAndChorus: false }),
  );
  sequencer.play(song, false);
  const left = new Float32Array(Math.ceil((song.length + 2) * RATE));
  const right = new Float32Array(left.length);
  sequencer.render(left, right);
  const found: number[] = [];
  let silent = Infinity;
  for (let t = 0; t < left.length; t++) {
    if (left[t] === 0 && right[t] === 0) {
      silent++;
    } else {
      if (silent > 1000) found.push(t);
      silent = 0;
    }
  }
  return found;
}

describe.skipIf(!hasFixtures)("MidiFileSequencer with 'sample' timing", () => {
  describe.each(availableBackends())("%s", (backend) => {
    it("starts every note on its own frame, at block 64 and at block 1024", () => {
      expect(onsets("sample", 64, backend)).toEqual(expected);
      expect(onsets("sample", 1024, backend)).toEqual(expected);
    });

    it("'block' timing at 1024 starts them up to a block late: the lateness 'sample' removes", () => {
      const late = onsets("block", 1024, backend);
      expect(late.length).toBe(expected.length);
      const lateness = late.map((frame, i) => frame - expected[i]);
      for (const frames of lateness) {
        expect(frames).toBeGreaterThanOrEqual(0);
        expect(frames).toBeLessThan(1024);
      }
      expect(lateness.filter((frames) => frames > 0).length).toBeGreaterThan(expected.length / 2);
    });
  });

  it("tells onMidiMessage the frame each message is applied at", () => {
    const synthesizer = new Synthesizer(font!, { eventTiming: "sample", enableReverbAndChorus: false, backend: "js" });
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(song, false);
    const frames: number[] = [];
    sequencer.onMidiMessage = (channel, command, data1, data2, frame) => {
      if (command === 0x90) frames.push(frame);
      synthesizer.processMidiMessage(channel, command, data1, data2, frame - synthesizer.renderedFrames);
    };
    sequencer.render(new Float32Array(Math.ceil(song.length * RATE)), new Float32Array(Math.ceil(song.length * RATE)));
    expect(frames).toEqual(expected);
  });
});
