import type { SequencerTarget } from "../midi/MidiFileSequencer.js";
import type { Synthesizer } from "../synth/Synthesizer.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";

const PERCUSSION_CHANNEL = 9;

/**
 * The synthesizer as the player's sequencer sees it: every message of the song passes here on
 * its way, so that the player can report it (with the frame it applies on), leave out the notes
 * of muted channels, and transpose. Going through the sequencer's target rather than its
 * message hook gives each message's frame in the synthesizer's own count, whatever seeks and
 * restarts did to the sequencer's.
 */
export class SequencerTap implements SequencerTarget {
  /**
   * The context frame of the synthesizer's frame 0: the processor moves it whenever the
   * synthesizer is reset, as that restarts its count.
   */
  frameBase = 0;
  /** Semitones added to every key of a channel other than the percussion one. */
  transpose = 0;
  /** Where the song's events go, until the processor sends them on. */
  readonly events: PlayerEventRecord[] = [];

  private readonly muted = new Array<boolean>(16).fill(false);
  private readonly solo = new Array<boolean>(16).fill(false);
  // The shift each sounding key was started with, so that its note-off finds it after a change.
  private readonly startedShift = new Int16Array(16 * 128);

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

  processMidiMessage(channel: number, command: number, data1: number, data2: number, frameOffset?: number): void {
    const frame = this.frameBase + this.synthesizer.renderedFrames + (frameOffset ?? 0);
    const time = frame / this.synthesizer.sampleRate;
    let key = data1;
    const noteOn = command === 0x90 && data2 > 0;
    if (noteOn || command === 0x80 || command === 0x90) {
      const index = channel * 128 + data1;
      if (noteOn) this.startedShift[index] = channel === PERCUSSION_CHANNEL ? 0 : this.transpose;
      key = data1 + this.startedShift[index];
    }
    // The synthesizer first: when its queue is full the sequencer sends the message again, now.
    if (key >= 0 && key <= 127 && !(noteOn && !this.audible(channel))) {
      this.synthesizer.processMidiMessage(channel, command, key, data2, frameOffset);
    }
    if (noteOn) this.events.push({ type: "noteon", time, channel, key: data1, velocity: data2 });
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

  reset(): void {
    this.synthesizer.reset();
  }

  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void {
    this.synthesizer.renderFrames(left, right, offset, count);
  }

  /** Mutes or unmutes a channel's notes; muting releases those sounding. */
  setMuted(channel: number, muted: boolean): void {
    this.muted[channel] = muted;
    this.releaseInaudible();
  }

  /** While any channel is solo, only solo channels sound; making one solo releases the others. */
  setSolo(channel: number, solo: boolean): void {
    this.solo[channel] = solo;
    this.releaseInaudible();
  }

  private audible(channel: number): boolean {
    if (this.muted[channel]) return false;
    return this.solo[channel] || !this.solo.includes(true);
  }

  private releaseInaudible(): void {
    for (let channel = 0; channel < 16; channel++) {
      if (!this.audible(channel)) this.synthesizer.noteOffAll(channel, false);
    }
  }
}
