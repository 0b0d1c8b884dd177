import { describe, expect, it } from "vitest";
import { MidiFileLoopType } from "../../lib/midi/index.js";
import { block, cc, on, renderBlocks, setup } from "./sequencerHarness.js";
import { endOfTrack, vlq } from "./smf.js";

describe("MidiFileSequencer", () => {
  it("sends each message at the start of the block whose time has come", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(3, 62, 5), ...[...vlq(0), 0xc1, 7], ...on(7, 64), ...endOfTrack(2)]);
    sequencer.play(file, false);
    renderBlocks(sequencer, 20);
    expect(synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      `${3 * block}: 90 ch5 62 100`,
      `${3 * block}: c0 ch1 7 0`,
      `${10 * block}: 90 ch0 64 100`,
    ]);
    expect(synthesizer.frames).toBe(20 * block);
  });

  it("does not depend on how the caller slices the render calls", () => {
    const track = [...on(0, 60), ...on(3, 62), ...on(7, 64), ...endOfTrack(2)];
    const logs = [1, 7, 64, 100, 1280].map((chunk) => {
      const { synthesizer, sequencer, file } = setup(track);
      sequencer.play(file, false);
      renderBlocks(sequencer, 20, chunk);
      return synthesizer.log;
    });
    for (const log of logs) {
      expect(log).toEqual(logs[0]);
    }
  });

  it("passes the synthesizer's output through", () => {
    const { sequencer, file } = setup([...on(0, 60), ...endOfTrack()]);
    sequencer.play(file, false);
    const left = new Float32Array(100);
    const right = new Float32Array(100);
    sequencer.render(left, right);
    expect(left.every((x) => x === 0.25) && right.every((x) => x === -0.25)).toBe(true);
  });

  it("at speed 2 reaches each message in half the time", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(4, 62), ...on(5, 64), ...endOfTrack()]);
    sequencer.speed = 2;
    sequencer.play(file, false);
    renderBlocks(sequencer, 10);
    // Tick 9 is due at 9/64 s; the clock reads 0, 2/64, 4/64, ... at block starts.
    expect(synthesizer.log).toEqual(["0: 90 ch0 60 100", `${2 * block}: 90 ch0 62 100`, `${5 * block}: 90 ch0 64 100`]);
    expect(sequencer.position).toBe(20 / 64);
  });

  it("at speed 0 stands still", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(1, 62), ...endOfTrack()]);
    sequencer.speed = 0;
    sequencer.play(file, false);
    renderBlocks(sequencer, 10);
    expect(synthesizer.log).toEqual(["0: 90 ch0 60 100"]);
    expect(sequencer.position).toBe(0);
  });

  it("reports position and end of sequence", () => {
    const { sequencer, file } = setup([...on(0, 60), ...on(4, 62), ...endOfTrack(2)]);
    expect(sequencer.endOfSequence).toBe(true);
    expect(sequencer.midiFile).toBeNull();
    sequencer.play(file, false);
    expect(sequencer.midiFile).toBe(file);
    expect(sequencer.position).toBe(0);
    expect(sequencer.endOfSequence).toBe(false);
    renderBlocks(sequencer, 6);
    expect(sequencer.position).toBe(6 / 64);
    expect(sequencer.endOfSequence).toBe(false); // the end of track is due at 6/64, the next block
    renderBlocks(sequencer, 1);
    expect(sequencer.endOfSequence).toBe(true);
    expect(sequencer.position).toBe(7 / 64);
  });

  it("loops back to the start of the song at its end", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(2, 62), ...endOfTrack(2)]);
    sequencer.play(file, true);
    renderBlocks(sequencer, 11);
    expect(synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      `${2 * block}: 90 ch0 62 100`,
      `${4 * block}: noteOffAll false`,
      // Back to time 0, plus the block that passes before the next dispatch: a 5-block period.
      `${5 * block}: 90 ch0 60 100`,
      `${6 * block}: 90 ch0 62 100`,
      `${8 * block}: noteOffAll false`,
      `${9 * block}: 90 ch0 60 100`,
      `${10 * block}: 90 ch0 62 100`,
    ]);
    expect(sequencer.endOfSequence).toBe(false);
  });

  it("loops back to the RPG Maker loop start", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...cc(4, 111), ...on(0, 62), ...on(4, 64), ...endOfTrack(2)], {
      loopType: MidiFileLoopType.RpgMaker,
    });
    sequencer.play(file, true);
    renderBlocks(sequencer, 18);
    expect(synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      `${4 * block}: 90 ch0 62 100`,
      `${8 * block}: 90 ch0 64 100`,
      `${10 * block}: noteOffAll false`,
      // The clock is set back to 4/64 then advances a block before the next dispatch, as in MeltySynth.
      `${11 * block}: 90 ch0 62 100`,
      `${14 * block}: 90 ch0 64 100`,
      `${16 * block}: noteOffAll false`,
      `${17 * block}: 90 ch0 62 100`,
    ]);
  });

  it("jumps from the loop end to the loop start, and ignores both markers without loop", () => {
    const track = [...on(0, 60), ...cc(2, 110), ...on(1, 62), ...cc(3, 111), ...on(2, 64), ...endOfTrack(1)];
    const looping = setup(track, { loopType: MidiFileLoopType.IncredibleMachine });
    looping.sequencer.play(looping.file, true);
    renderBlocks(looping.sequencer, 12);
    expect(looping.synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      `${3 * block}: 90 ch0 62 100`,
      `${6 * block}: noteOffAll false`,
      `${7 * block}: 90 ch0 62 100`,
      `${10 * block}: noteOffAll false`,
      `${11 * block}: 90 ch0 62 100`,
    ]);

    const once = setup(track, { loopType: MidiFileLoopType.IncredibleMachine });
    once.sequencer.play(once.file, false);
    renderBlocks(once.sequencer, 12);
    expect(once.synthesizer.log).toEqual(["0: 90 ch0 60 100", `${3 * block}: 90 ch0 62 100`, `${8 * block}: 90 ch0 64 100`]);
    expect(once.sequencer.endOfSequence).toBe(true);
  });

  it("loops to an explicit loop point", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(3, 62), ...endOfTrack(2)], { loopPoint: 2 });
    sequencer.play(file, true);
    renderBlocks(sequencer, 8);
    expect(synthesizer.log).toEqual([
      "0: 90 ch0 60 100",
      `${3 * block}: 90 ch0 62 100`,
      `${5 * block}: noteOffAll false`,
      `${6 * block}: 90 ch0 62 100`,
    ]);
  });

  it("ignores a loop end at the same instant as its start instead of spinning forever", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...cc(2, 116), ...cc(0, 117), ...on(2, 62), ...endOfTrack()], {
      loopType: MidiFileLoopType.FinalFantasy,
    });
    sequencer.play(file, true);
    renderBlocks(sequencer, 6);
    expect(synthesizer.log.slice(0, 3)).toEqual(["0: 90 ch0 60 100", `${4 * block}: 90 ch0 62 100`, `${4 * block}: noteOffAll false`]);
  });

  it("hands messages to onMidiMessage instead of the synthesizer, as MeltySynth's OnSendMessage", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60, 9), ...on(1, 62, 3), ...endOfTrack()]);
    const seen: number[][] = [];
    sequencer.onMidiMessage = (channel, command, data1, data2) => {
      seen.push([channel, command, data1, data2]);
      if (channel !== 9) {
        synthesizer.processMidiMessage(channel, command, data1 + 12, data2);
      }
    };
    sequencer.play(file, false);
    renderBlocks(sequencer, 3);
    expect(seen).toEqual([
      [9, 0x90, 60, 100],
      [3, 0x90, 62, 100],
    ]);
    expect(synthesizer.log).toEqual([`${block}: 90 ch3 74 100`]);
  });

  it("resets the synthesizer on play and stop, and plays nothing after stop", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(2, 62), ...endOfTrack()]);
    sequencer.play(file, false);
    expect(synthesizer.resets).toBe(1);
    renderBlocks(sequencer, 1);
    sequencer.stop();
    expect(synthesizer.resets).toBe(2);
    expect(sequencer.midiFile).toBeNull();
    expect(sequencer.endOfSequence).toBe(true);
    renderBlocks(sequencer, 4);
    expect(synthesizer.log).toEqual(["0: 90 ch0 60 100"]);
    expect(synthesizer.frames).toBe(5 * block);
  });

  it("restarts from the beginning when played again", () => {
    const { synthesizer, sequencer, file } = setup([...on(0, 60), ...on(2, 62), ...endOfTrack()]);
    sequencer.play(file, false);
    renderBlocks(sequencer, 3);
    sequencer.play(file, false);
    expect(sequencer.position).toBe(0);
    renderBlocks(sequencer, 3);
    expect(synthesizer.log).toEqual(["0: 90 ch0 60 100", `${2 * block}: 90 ch0 62 100`, `${3 * block}: 90 ch0 60 100`, `${5 * block}: 90 ch0 62 100`]);
  });

  it("validates speed and buffer lengths", () => {
    const { sequencer } = setup(endOfTrack());
    expect(sequencer.speed).toBe(1);
    for (const bad of [-1, -Number.MIN_VALUE, NaN, Infinity]) {
      expect(() => (sequencer.speed = bad)).toThrow(RangeError);
    }
    expect(sequencer.speed).toBe(1);
    expect(() => sequencer.render(new Float32Array(10), new Float32Array(12))).toThrow(
      new RangeError("left and right must have the same length (got 10 and 12)"),
    );
  });

  it("offers AudioRenderer's output helpers", () => {
    const { sequencer, file } = setup([...on(0, 60), ...endOfTrack()]);
    sequencer.play(file, false);
    const interleaved = new Float32Array(20);
    sequencer.renderInterleaved(interleaved);
    expect([...interleaved.slice(0, 4)]).toEqual([0.25, -0.25, 0.25, -0.25]);
  });
});
