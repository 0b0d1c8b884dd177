/**
 * A synthesizer double for sequencer tests, and songs and renders in whole blocks for it.
 */
import { expect } from "vitest";
import { MidiFile, MidiFileSequencer, type SequencerTarget } from "../../lib/midi/index.js";
import { smf, vlq } from "./smf.js";

/** Records what the sequencer asks of it, stamped with the frame it had rendered by then. */
export class FakeSynthesizer implements SequencerTarget {
  readonly blockSize = 64;
  // One block is exactly 1/64 s, and at 120 BPM with 32 ticks per quarter one tick is 1/64 s:
  // a message at tick n is due at the start of block n, with no rounding anywhere.
  readonly sampleRate = 4096;
  frames = 0;
  log: string[] = [];
  resets = 0;

  processMidiMessage(channel: number, command: number, data1: number, data2: number): void {
    this.log.push(`${this.frames}: ${command.toString(16)} ch${channel} ${data1} ${data2}`);
  }
  noteOffAll(immediate: boolean): void {
    this.log.push(`${this.frames}: noteOffAll ${immediate}`);
  }
  reset(): void {
    this.resets++;
  }
  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void {
    expect(left.length).toBe(right.length);
    expect(count).toBeGreaterThan(0);
    left.fill(0.25, offset, offset + count);
    right.fill(-0.25, offset, offset + count);
    this.frames += count;
  }
}

export const block = 64;
export const on = (delta: number, key: number, channel = 0): number[] => [...vlq(delta), 0x90 | channel, key, 100];
export const cc = (delta: number, controller: number): number[] => [...vlq(delta), 0xb0, controller, 0];

export function setup(track: number[], options: ConstructorParameters<typeof MidiFile>[1] = {}) {
  const synthesizer = new FakeSynthesizer();
  const sequencer = new MidiFileSequencer(synthesizer);
  const file = new MidiFile(smf(0, 32, track), options);
  return { synthesizer, sequencer, file };
}

export function renderBlocks(sequencer: MidiFileSequencer, blocks: number, chunk = block): void {
  const total = blocks * block;
  for (let done = 0; done < total; done += chunk) {
    const n = Math.min(chunk, total - done);
    sequencer.render(new Float32Array(n), new Float32Array(n));
  }
}
