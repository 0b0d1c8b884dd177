import type { SequencerTarget } from "../midi/MidiFileSequencer.js";
import type { Synthesizer } from "../synth/Synthesizer.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";

/**
 * The synthesizer as the player's sequencer sees it: every message of the song passes here on
 * its way (after the sequencer's transposition, mute and solo), so that the player can report it
 * with the frame it applies on. Going through the sequencer's target rather than its message
 * hook gives each message's frame in the synthesizer's own count, whatever seeks did to the
 * sequencer's.
 */
export class SequencerTap implements SequencerTarget {
  /**
   * The context frame of the synthesizer's frame 0: the processor moves it whenever the
   * synthesizer is reset, as that restarts its count.
   */
  frameBase = 0;
  /** Where the song's events go, until the processor sends them on. */
  readonly events: PlayerEventRecord[] = [];

  constructor(readonly synthesizer: Synthesizer) {}

  get blockSize(): number {
    return this.synthesizer.blockSize;
  }

  get sampleRate(): number {
    return this.synthesizer.sampleRate;
  }

  get eventTiming(): "block" | "sample" {
    return this.synthesizer.eventTiming;
  }

  /** The context frame of the next frame the synthesizer renders. */
  get nextFrame(): number {
    return this.frameBase + this.synthesizer.renderedFrames;
  }

  processMidiMessage(channel: number, command: number, data1: number, data2: number, frameOffset?: number): void {
    // The synthesizer first: when its queue is full the sequencer sends the message again, now.
    this.synthesizer.processMidiMessage(channel, command, data1, data2, frameOffset);
    const time = (this.nextFrame + (frameOffset ?? 0)) / this.synthesizer.sampleRate;
    if (command === 0x90 && data2 > 0) this.events.push({ type: "noteon", time, channel, key: data1, velocity: data2 });
    else if (command === 0x80 || command === 0x90) this.events.push({ type: "noteoff", time, channel, key: data1 });
    else if (command === 0xc0) this.events.push({ type: "program", time, channel, program: data1 });
    else if (command === 0xb0) this.events.push({ type: "controller", time, channel, controller: data1, value: data2 });
  }

  noteOffAll(immediate: boolean): void {
    this.synthesizer.noteOffAll(immediate);
  }

  processSysEx(data: Uint8Array): void {
    this.synthesizer.processSysEx(data);
  }

  isPercussionChannel(channel: number): boolean {
    return this.synthesizer.isPercussionChannel(channel);
  }

  reset(): void {
    this.synthesizer.reset();
  }

  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void {
    this.synthesizer.renderFrames(left, right, offset, count);
  }
}
