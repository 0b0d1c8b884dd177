import { AudioRenderer } from "../synth/AudioRenderer.js";
import { playbackMessages, type MidiFile } from "./MidiFile.js";
import { MessageKind, kindOf, statusOf, data1Of, data2Of, type MergedMessages } from "./MidiMessages.js";

/**
 * What the sequencer needs from a synthesizer. `Synthesizer` satisfies it; so does a test double.
 */
export interface SequencerTarget {
  readonly blockSize: number;
  readonly sampleRate: number;
  processMidiMessage(channel: number, command: number, data1: number, data2: number): void;
  noteOffAll(immediate: boolean): void;
  reset(): void;
  /** Renders `count` frames into `left` and `right` from `offset`. */
  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void;
}

/** Receives each MIDI message during playback; see {@link MidiFileSequencer.onMidiMessage}. */
export type MidiMessageHook = (channel: number, command: number, data1: number, data2: number) => void;

/**
 * Plays a {@link MidiFile} on a synthesizer, a faithful port of MeltySynth's `MidiFileSequencer`
 * (with rustysynth's float64 clock). Messages are dispatched at block boundaries: before each
 * block of `blockSize` frames, every message whose time has come is sent, then the clock
 * advances by `speed * blockSize / sampleRate` seconds.
 *
 * @example
 * ```ts
 * const sequencer = new MidiFileSequencer(synthesizer);
 * sequencer.play(new MidiFile(bytes), false);
 * while (!sequencer.endOfSequence) sequencer.render(left, right);
 * ```
 */
export class MidiFileSequencer<S extends SequencerTarget = SequencerTarget> extends AudioRenderer {
  /** The synthesizer the sequencer drives. */
  readonly synthesizer: S;

  /**
   * When set, the sequencer calls this for each MIDI message *instead of* sending it to the
   * synthesizer (MeltySynth's `OnSendMessage`): forward it yourself with
   * `synthesizer.processMidiMessage`, changed or not, or drop it. `null` (the default) sends
   * every message unchanged. Loop markers and end-of-track events are not messages.
   */
  onMidiMessage: MidiMessageHook | null = null;

  private speedValue = 1;
  private file: MidiFile | null = null;
  private messages: MergedMessages | null = null;
  private loop = false;
  private blockWrote = 0;
  private currentTime = 0;
  private msgIndex = 0;
  private loopIndex = 0;

  /** @param synthesizer The synthesizer to play on (a `Synthesizer`, or anything with its shape). */
  constructor(synthesizer: S) {
    super();
    this.synthesizer = synthesizer;
  }

  /**
   * Starts playing a MIDI file from its beginning; the synthesizer is reset.
   * @param midiFile The file to play.
   * @param loop Whether to loop: to the loop start marker if the file has one, else to the start.
   */
  play(midiFile: MidiFile, loop: boolean): void {
    this.file = midiFile;
    this.messages = playbackMessages(midiFile);
    this.loop = loop;
    // A full block counts as already written, so the first render dispatches time 0 at once.
    this.blockWrote = this.synthesizer.blockSize;
    this.currentTime = 0;
    this.msgIndex = 0;
    this.loopIndex = 0;
    this.synthesizer.reset();
  }

  /** Stops playing and resets the synthesizer. */
  stop(): void {
    this.file = null;
    this.messages = null;
    this.synthesizer.reset();
  }

  /**
   * Renders the next `left.length` frames, sending messages as their time comes.
   * @throws RangeError when the buffers differ in length.
   */
  render(left: Float32Array, right: Float32Array): void {
    if (left.length !== right.length) {
      throw new RangeError(
        `left and right must have the same length (got ${left.length} and ${right.length})`,
      );
    }
    const blockSize = this.synthesizer.blockSize;
    let wrote = 0;
    while (wrote < left.length) {
      if (this.blockWrote === blockSize) {
        this.processEvents();
        this.blockWrote = 0;
        this.currentTime += (this.speedValue * blockSize) / this.synthesizer.sampleRate;
      }
      const count = Math.min(blockSize - this.blockWrote, left.length - wrote);
      this.synthesizer.renderFrames(left, right, wrote, count);
      this.blockWrote += count;
      wrote += count;
    }
  }

  /** The file being played, or `null` before {@link play} and after {@link stop}. */
  get midiFile(): MidiFile | null {
    return this.file;
  }

  /** The playback position in seconds of song time (it jumps back when a loop restarts). */
  get position(): number {
    return this.currentTime;
  }

  /**
   * Whether every message has been sent. `true` before {@link play}; never `true` while
   * looping, unless the loop lasts no time at all (it is then played once). The synthesizer may
   * still be sounding release tails when this becomes `true`.
   */
  get endOfSequence(): boolean {
    return this.messages === null || this.msgIndex === this.messages.messages.length;
  }

  /** Playback speed: song time advances this many seconds per second of audio. Default 1. */
  get speed(): number {
    return this.speedValue;
  }

  /** @throws RangeError when the value is negative or not finite. */
  set speed(value: number) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`speed must be a finite non-negative number, got ${value}`);
    }
    this.speedValue = value;
  }

  private processEvents(): void {
    if (this.messages === null) {
      return;
    }
    const { times, messages } = this.messages;

    while (this.msgIndex < messages.length) {
      const time = times[this.msgIndex];
      if (time > this.currentTime) {
        break;
      }
      const message = messages[this.msgIndex];
      const kind = kindOf(message);
      if (kind === MessageKind.Channel) {
        this.send(statusOf(message), data1Of(message), data2Of(message));
      } else if (this.loop) {
        if (kind === MessageKind.LoopStart) {
          this.loopIndex = this.msgIndex;
        } else if (kind === MessageKind.LoopEnd && times[this.loopIndex] < time) {
          // The time check is ours: a loop end at the same instant as its start would make
          // MeltySynth jump back forever within one block; such a marker is ignored instead.
          this.currentTime = times[this.loopIndex];
          this.msgIndex = this.loopIndex;
          this.synthesizer.noteOffAll(false);
        }
      }
      this.msgIndex++;
    }

    // As at the loop end above, the time check is ours: a loop that lasts no time (every event
    // at one instant, or after a tempo of 0) would send the whole loop again at every block.
    const last = messages.length - 1;
    if (this.msgIndex === messages.length && this.loop && times[this.loopIndex] < times[last]) {
      this.currentTime = times[this.loopIndex];
      this.msgIndex = this.loopIndex;
      this.synthesizer.noteOffAll(false);
    }
  }

  private send(status: number, data1: number, data2: number): void {
    const channel = status & 0x0f;
    const command = status & 0xf0;
    if (this.onMidiMessage === null) {
      this.synthesizer.processMidiMessage(channel, command, data1, data2);
    } else {
      this.onMidiMessage(channel, command, data1, data2);
    }
  }
}
