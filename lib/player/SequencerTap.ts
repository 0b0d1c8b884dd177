import type { SequencerTarget } from "../midi/MidiFileSequencer.js";
import { MAX_CHANNELS } from "../kernels/VoiceBank.js";
import type { Synthesizer } from "../synth/Synthesizer.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";

// A channel's volume (controller 7) until the song sets it, as General MIDI has it.
const DEFAULT_VOLUME = 100;

/**
 * The synthesizer as the player's sequencer sees it: every message of the song passes here on
 * its way (after the sequencer's transposition, mute and solo), so that the player can report it
 * with the frame it applies on, and scale each channel's volume by the listener's setting
 * (the song's volume changes keep their shape under it). Going through the sequencer's target rather than its message
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

  // The volume the song last set on each channel, and the listener's scale of it.
  private readonly songVolume = new Uint8Array(MAX_CHANNELS).fill(DEFAULT_VOLUME);
  private readonly volumeScale = new Float64Array(MAX_CHANNELS).fill(1);

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
    const volume = command === 0xb0 && data1 === 7;
    // The synthesizer first: when its queue is full the sequencer sends the message again, now.
    this.synthesizer.processMidiMessage(channel, command, data1, volume ? this.scaled(channel, data2) : data2, frameOffset);
    if (volume) this.songVolume[channel] = data2;
    const time = (this.nextFrame + (frameOffset ?? 0)) / this.synthesizer.sampleRate;
    if (command === 0x90 && data2 > 0) this.events.push({ type: "noteon", time, channel, key: data1, velocity: data2 });
    else if (command === 0x80 || command === 0x90) this.events.push({ type: "noteoff", time, channel, key: data1 });
    else if (command === 0xc0) this.events.push({ type: "program", time, channel, program: data1 });
    else if (command === 0xb0) this.events.push({ type: "controller", time, channel, controller: data1, value: data2 });
  }

  noteOffAll(immediate: boolean): void {
    this.synthesizer.noteOffAll(immediate);
  }

  processSysEx(data: Uint8Array, frameOffset?: number, port?: number): void {
    this.synthesizer.processSysEx(data, frameOffset, port);
  }

  ensureChannels(count: number): number {
    return this.synthesizer.ensureChannels(count);
  }

  isPercussionChannel(channel: number): boolean {
    return this.synthesizer.isPercussionChannel(channel);
  }

  reset(): void {
    this.synthesizer.reset();
    this.songVolume.fill(DEFAULT_VOLUME);
    for (let channel = 0; channel < this.synthesizer.channelCount; channel++) {
      if (this.volumeScale[channel] !== 1) this.synthesizer.processMidiMessage(channel, 0xb0, 7, this.scaled(channel, DEFAULT_VOLUME));
    }
  }

  /** Scales the song's volume on `channel` by `scale` (0 to 1), from now on. */
  setVolume(channel: number, scale: number): void {
    this.volumeScale[channel] = scale;
    this.synthesizer.processMidiMessage(channel, 0xb0, 7, this.scaled(channel, this.songVolume[channel]));
  }

  private scaled(channel: number, volume: number): number {
    return Math.round(volume * this.volumeScale[channel]);
  }

  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void {
    this.synthesizer.renderFrames(left, right, offset, count);
  }
}
