import { describe, expect, it } from "vitest";
import { MidiFile, MidiFileSequencer, writeMidiFile, type MidiSongEvent, type SequencerTarget } from "../../lib/index.js";

/** Inputs the fuzzer found, kept as plain tests. */

class CountingSynthesizer implements SequencerTarget {
  readonly blockSize = 64;
  readonly sampleRate = 44100;
  messages = 0;
  processMidiMessage(): void {
    this.messages++;
  }
  noteOffAll(): void {}
  reset(): void {}
  renderFrames(): void {}
}

function songAtOneInstant(tempo: number | undefined): Uint8Array {
  const events: MidiSongEvent[] = [];
  if (tempo !== undefined) events.push({ tick: 0, meta: 0x51, data: Uint8Array.of(tempo >> 16, (tempo >> 8) & 0xff, tempo & 0xff) });
  // With a tempo of 0, ticks after the tempo change take no time at all.
  for (let i = 0; i < 100; i++) events.push({ tick: tempo === undefined ? 0 : 10 * i, status: 0x90, data1: 40 + (i % 40), data2: 100 });
  return writeMidiFile({ format: 0, resolution: 96, tracks: [events] });
}

describe("a looping song that lasts no time", () => {
  it.each([
    ["every event at tick 0", undefined],
    ["a tempo of 0 microseconds per quarter note", 0],
  ])("is sent once, not again at every block (%s)", (_, tempo) => {
    const file = new MidiFile(songAtOneInstant(tempo));
    expect(file.length).toBe(0);
    const synthesizer = new CountingSynthesizer();
    const sequencer = new MidiFileSequencer(synthesizer);
    sequencer.play(file, true);
    const left = new Float32Array(64 * 1000);
    sequencer.render(left, new Float32Array(left.length));
    expect(synthesizer.messages).toBe(100);
    expect(sequencer.endOfSequence).toBe(true);
  });
});
