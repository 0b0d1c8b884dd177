import { AudioRenderer } from "../synth/AudioRenderer.js";
import { describeValue } from "../soundfont/fileBytes.js";
import { EventQueueFullError } from "../synth/EventQueueFullError.js";
import { ChannelFilter } from "./ChannelFilter.js";
import { MidiFile, playbackMessages } from "./MidiFile.js";
import type { MidiMetaEvent } from "./MidiFileEvent.js";
import { MessageKind, kindOf, statusOf, data1Of, data2Of, type MergedMessages } from "./MidiMessages.js";

/**
 * What the sequencer needs from a synthesizer. `Synthesizer` satisfies it; so does a test double.
 */
export interface SequencerTarget {
  readonly blockSize: number;
  readonly sampleRate: number;
  /** 'sample' to have messages applied at their exact frames (see SynthesizerSettings). */
  readonly eventTiming?: "block" | "sample";
  /** A message now, or `frameOffset` frames after the next frame the target renders. */
  processMidiMessage(channel: number, command: number, data1: number, data2: number, frameOffset?: number): void;
  noteOffAll(immediate: boolean): void;
  /**
   * A system exclusive message, F0 to F7, now (the sequencer passes no frame offset), from MIDI
   * port `port` (whose channels start at `16 * port`); a target without it does not receive them.
   */
  processSysEx?(data: Uint8Array, frameOffset?: number, port?: number): void;
  /**
   * Grows the target to at least `count` channels, 16 per MIDI port, and returns how many it has;
   * a target without it has 16, and a song's ports then share them.
   */
  ensureChannels?(count: number): number;
  /**
   * A note-on whose voices play but are heard nowhere (see {@link MidiFileSequencer.heardNotes});
   * a target without it plays such notes as any other.
   */
  silentNoteOn?(channel: number, key: number, velocity: number, frameOffset?: number): void;
  /** Whether a channel plays drums, which a transposition leaves alone; without it, channel 9 does. */
  isPercussionChannel?(channel: number): boolean;
  reset(): void;
  /** Renders `count` frames into `left` and `right` from `offset`. */
  renderFrames(left: Float32Array, right: Float32Array, offset: number, count: number): void;
}

// Blocks a seek adds up one by one, as playing does: about 4 hours at 64 frames and 44.1 kHz.
const MAX_SUMMED_BLOCKS = 1e7;

/**
 * Receives each MIDI message during playback; see {@link MidiFileSequencer.onMidiMessage}.
 * `frame` is the frame, on the sequencer's clock ({@link MidiFileSequencer.frame}), at which the sequencer
 * applies the message: the start of its block with 'block' timing, its own frame with 'sample'.
 */
export type MidiMessageHook = (channel: number, command: number, data1: number, data2: number, frame: number) => void;

/**
 * Receives each meta event of the song (lyrics, text, markers, signatures...) as playback reaches
 * it; see {@link MidiFileSequencer.onMetaEvent}. `frame` counts as for {@link MidiMessageHook}.
 */
export type MetaEventHook = (event: MidiMetaEvent, frame: number) => void;

/** Told the frame at which the song goes back to its loop start; see {@link MidiFileSequencer.onLoop}. */
export type LoopHook = (frame: number) => void;

/**
 * Plays a {@link MidiFile} on a synthesizer, a faithful port of MeltySynth's `MidiFileSequencer`
 * (with rustysynth's float64 clock). With the synthesizer's 'block' event timing, messages are
 * dispatched at block boundaries: before each block of `blockSize` frames, every message whose
 * time has come is sent, then the clock advances by `speed * blockSize / sampleRate` seconds.
 * With 'sample' timing, each message is scheduled for the first frame at or after its time, so
 * notes start on the frame they were written for whatever the block size. Either way it can
 * seek: {@link seek} chases every controller, program and pitch bend up to the new position.
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
   * every message unchanged. Loop markers and end-of-track events are not messages. To keep
   * 'sample' timing, forward with the frame:
   * `synthesizer.processMidiMessage(channel, command, data1, data2, frame - sequencer.frame)`.
   */
  onMidiMessage: MidiMessageHook | null = null;

  /**
   * When set, decides for each note of the song whether it is heard, from its channel and the
   * index of the track chunk it came from: a note it refuses starts silently
   * (the target's `silentNoteOn`), taking and losing its voices as in the whole song, so
   * that renders of a song's parts add up to the whole. It applies to the notes the sequencer
   * sends itself, not to those it hands to {@link onMidiMessage}. `null` (the default): every
   * note is heard.
   */
  heardNotes: ((channel: number, track: number) => boolean) | null = null;

  /** When set, called for each meta event of the song other than tempo as playback reaches it. */
  onMetaEvent: MetaEventHook | null = null;

  /** When set, called each time the song goes back to its loop start. */
  onLoop: LoopHook | null = null;

  private speedValue = 1;
  private file: MidiFile | null = null;
  private messages: MergedMessages | null = null;
  private readonly filter = new ChannelFilter();
  // The channels the song's ports are spread over: 16 per port, as many as the target has.
  private channelCount = 16;
  // How many more times the song goes back to its loop start (Infinity: for ever).
  private restartsLeft = 0;
  // Whether it went back at least once: a looped song ends by releasing its notes, as a restart does.
  private restarted = false;
  private metaIndex = 0;
  private blockWrote = 0;
  private currentTime = 0;
  private msgIndex = 0;
  private loopIndex = 0;
  // The frame clock (see `frame`).
  private frameCount = 0;
  // With 'sample' timing, song time is timeBase at frame frameBase and runs at speed from there.
  private timeBase = 0;
  private frameBase = 0;
  private lastJumpFrame = -1;
  // Set while the messages of a block are sent, when onMidiMessage must not seek.
  private dispatching = false;
  // Where a seek renders the frames of its block before the new position.
  private discarded = new Float32Array(0);

  /** @param synthesizer The synthesizer to play on (a `Synthesizer`, or anything with its shape). */
  constructor(synthesizer: S) {
    super();
    this.synthesizer = synthesizer;
  }

  /**
   * Starts playing a MIDI file from its beginning; the synthesizer is reset.
   * @param midiFile The file to play.
   * @param loop Whether to loop, to the loop start marker if the file has one, else to the start:
   *   `true` for ever; a number for that many times back (0 plays the song once, as `false`).
   *   After its last time back a looped song plays on past its loop end marker, if it has one, to
   *   its end, and releases the notes still held there as going back would.
   * @throws TypeError when `midiFile` is not a MidiFile; RangeError when `loop` is a number that
   *   is not a whole number, 0 or more (Infinity is allowed).
   */
  play(midiFile: MidiFile, loop: boolean | number = false): void {
    if (!(midiFile instanceof MidiFile)) {
      const hint = typeof midiFile === "string" ? " (for a path, use MidiFile.fromFile)" : "";
      throw new TypeError(`play takes a MidiFile, got ${describeValue(midiFile)}${hint}`);
    }
    const restarts = loop === true ? Infinity : loop === false ? 0 : loop;
    if (!(typeof restarts === "number" && restarts >= 0 && (Number.isInteger(restarts) || restarts === Infinity))) {
      throw new RangeError(`loop must be true, false or a whole number of times, 0 or more, got ${describeValue(loop)}`);
    }
    this.file = midiFile;
    this.messages = playbackMessages(midiFile);
    const wanted = midiFile.channelCount;
    this.channelCount = wanted > 16 ? Math.min(wanted, this.synthesizer.ensureChannels?.(wanted) ?? 16) : 16;
    this.filter.ensureChannels(this.channelCount);
    this.restartsLeft = restarts;
    this.restarted = false;
    this.metaIndex = 0;
    this.filter.forgetNotes();
    // A full block counts as already written, so the first render dispatches time 0 at once.
    this.blockWrote = this.synthesizer.blockSize;
    this.currentTime = 0;
    this.msgIndex = 0;
    this.loopIndex = 0;
    this.frameCount = 0;
    this.timeBase = 0;
    this.frameBase = 0;
    this.lastJumpFrame = -1;
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
        this.dispatch();
        this.advanceClock();
        this.blockWrote = 0;
      }
      const room = left.length - wrote;
      let count = Math.min(blockSize - this.blockWrote, room);
      this.blockWrote += count;
      // The blocks after this one whose start would send nothing go to the synthesizer in the
      // same call, so that it can render them together.
      if (this.blockWrote === blockSize && count < room) {
        const due = this.nextDue();
        while (count < room && this.quietBoundary(due, this.frameCount + count)) {
          this.advanceClock();
          this.blockWrote = Math.min(blockSize, room - count);
          count += this.blockWrote;
        }
      }
      this.synthesizer.renderFrames(left, right, wrote, count);
      this.frameCount += count;
      wrote += count;
    }
  }

  // Moves the block clock on by a block, as each block's start does with 'block' timing.
  private advanceClock(): void {
    if (!this.sampleTiming) this.currentTime += (this.speedValue * this.synthesizer.blockSize) / this.synthesizer.sampleRate;
  }

  // The song time of the next message or meta event dispatch would send; -Infinity when it may
  // act at any block (a looping song past its last message), Infinity when it never will.
  private nextDue(): number {
    if (this.messages === null) return Infinity;
    const { times, messages, metaEvents } = this.messages;
    const meta = this.metaIndex < metaEvents.length ? metaEvents[this.metaIndex].time : Infinity;
    if (this.msgIndex < messages.length) return Math.min(times[this.msgIndex], meta);
    const last = times.length - 1;
    const loops = last >= 0 && times[this.loopIndex] < times[last];
    return loops && (this.restartsLeft > 0 || this.restarted) ? -Infinity : Infinity;
  }

  // Whether dispatch would send nothing at the start of the block at frame `blockStart`, with
  // the clock moved on to it, when what comes next is due at song time `due`.
  private quietBoundary(due: number, blockStart: number): boolean {
    if (!this.sampleTiming) return due > this.currentTime;
    return due !== -Infinity && this.frameOf(due) >= blockStart + this.synthesizer.blockSize;
  }

  /**
   * The sequencer's frame clock: the frame the next render starts at, counted from {@link play}
   * as if the song had played from its start at the current speed (a seek sets it to the frame
   * it lands on). The hooks' frames are on this clock; `frame - sequencer.frame` is how far
   * ahead of the next rendered frame a message falls. After a seek it differs from the
   * synthesizer's `renderedFrames`, which a seek's reset starts again from 0.
   */
  get frame(): number {
    return this.frameCount;
  }

  /** The file being played, or `null` before {@link play} and after {@link stop}. */
  get midiFile(): MidiFile | null {
    return this.file;
  }

  /**
   * The playback clock: the song time, in seconds, of the next frame the sequencer renders (it
   * jumps back when a loop restarts). Setting it is {@link seek}.
   */
  get position(): number {
    if (this.sampleTiming) return this.timeBase + ((this.frameCount - this.frameBase) * this.speedValue) / this.synthesizer.sampleRate;
    const blockSize = this.synthesizer.blockSize;
    if (this.blockWrote === blockSize) return this.currentTime;
    // In a block, the clock has already moved on to the block's end.
    return this.currentTime - ((blockSize - this.blockWrote) * this.speedValue) / this.synthesizer.sampleRate;
  }

  set position(seconds: number) {
    this.seek(seconds);
  }

  /** The tempo in force at {@link position}, in quarter notes per minute (120 before any change). */
  get tempo(): number {
    if (this.file === null) return 120;
    const position = this.position;
    let tempo = 120;
    for (const change of this.file.tempoChanges) {
      if (change.time > position) break;
      tempo = change.beatsPerMinute;
    }
    return tempo;
  }

  /**
   * Whether every message has been sent. `true` before {@link play}; never `true` while
   * looping, unless the loop lasts no time at all (it is then played once). The synthesizer may
   * still be sounding release tails when this becomes `true`.
   */
  get endOfSequence(): boolean {
    return this.messages === null || this.msgIndex === this.messages.messages.length;
  }

  /**
   * Where the song's loop lies, in song seconds: it goes back from `end` (its loop end marker, or
   * the song's end) to `start` (its loop start marker, or 0). `null` before {@link play}, and for
   * a loop that would last no time. Whether the song loops at all is {@link play}'s `loop`.
   */
  get loopPoints(): { readonly start: number; readonly end: number } | null {
    if (this.messages === null) return null;
    const { times, messages } = this.messages;
    let start = 0;
    let end = times[times.length - 1];
    const first = messages.findIndex((message) => kindOf(message) === MessageKind.LoopStart);
    if (first >= 0) start = times[first];
    for (let i = Math.max(first, 0); i < messages.length; i++) {
      if (kindOf(messages[i]) === MessageKind.LoopEnd && times[i] > start) {
        end = times[i];
        break;
      }
    }
    return start < end ? { start, end } : null;
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
    // With 'sample' timing the clock goes on from where it is at the new speed.
    this.timeBase = this.position;
    this.frameBase = this.frameCount;
    this.speedValue = value;
  }

  /**
   * Semitones added to every note of the channels that do not play drums (0 by default). A note
   * transposed out of 0-127 is not played. A change takes effect from the next note-on; notes
   * sounding keep their key, and their note-offs find them.
   * @throws RangeError when the value is not a whole number from -127 to 127.
   */
  get transpose(): number {
    return this.filter.transpose;
  }

  set transpose(semitones: number) {
    this.filter.transpose = semitones;
  }

  /**
   * Mutes a channel (0-255; 16 per port of the song) or unmutes it. A muted channel's notes are released and its new notes
   * are not played; its other messages are, so it sounds as it should when unmuted.
   * @throws RangeError when `channel` is not 0-255.
   */
  setMuted(channel: number, muted: boolean): void {
    this.release(this.filter.setMuted(channel, muted));
  }

  /** @throws RangeError when `channel` is not 0-255. */
  isMuted(channel: number): boolean {
    return this.filter.isMuted(channel);
  }

  /**
   * Solos a channel (0-255) or takes its solo back: while any channel is soloed, only soloed
   * channels play notes, as if every other channel were muted.
   * @throws RangeError when `channel` is not 0-255.
   */
  setSolo(channel: number, solo: boolean): void {
    this.release(this.filter.setSolo(channel, solo));
  }

  /** @throws RangeError when `channel` is not 0-255. */
  isSolo(channel: number): boolean {
    return this.filter.isSolo(channel);
  }

  /**
   * Jumps to `seconds` of song time: the next frame rendered is the first frame at or after it,
   * and from there the output is what a render from the start gives with every note-on before
   * `seconds` left out. The voices are silenced, every other message before `seconds` is sent
   * again (programs, banks, controllers, pitch bends, RPN and NRPN data, system exclusive, in
   * order), and the block that holds the new frame is rendered from its start, its frames before
   * the new one discarded, so that blocks fall where they fall in a render from the start. Past
   * the end, a looping song wraps into its loop (each wrap uses one of its times back) and any
   * other ends.
   * @throws RangeError when `seconds` is negative or not finite; Error when nothing is playing
   *   or when called from onMidiMessage, while the messages of a block are being sent.
   */
  seek(seconds: number): void {
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`position must be a finite number of seconds, 0 or more, got ${String(seconds)}`);
    }
    if (this.dispatching) {
      throw new Error("seek cannot be called from onMidiMessage, while a block's messages are sent; seek between renders");
    }
    if (this.messages === null) throw new Error("nothing is playing: call play() before seeking");
    const { times, messages } = this.messages;
    const target = this.wrap(seconds);
    this.synthesizer.reset();
    this.filter.forgetNotes();
    const blockSize = this.synthesizer.blockSize;
    this.blockWrote = blockSize;
    this.lastJumpFrame = -1;
    this.timeBase = 0;
    this.frameBase = 0;
    if (target === null) {
      // Past the end of a song that does not loop: nothing more to play.
      this.msgIndex = messages.length;
      this.metaIndex = this.messages.metaEvents.length;
      this.currentTime = times[times.length - 1];
      this.frameCount = this.frameAt(this.currentTime);
      return;
    }
    // The first whole frame at or after the target (at speed 0, as at speed 1).
    const frame = Math.ceil(this.frameAt(target));
    const blocks = Math.floor(frame / blockSize);
    this.frameCount = blocks * blockSize;
    this.currentTime = this.blockClock(blocks);
    this.loopIndex = 0;
    let first = 0;
    for (; first < messages.length && times[first] < target; first++) {
      const message = messages[first];
      const kind = kindOf(message);
      if (kind === MessageKind.LoopStart) this.loopIndex = first;
      if (kind === MessageKind.SystemExclusive) this.sendSystemExclusive(first);
      if (kind !== MessageKind.Channel) continue;
      const command = statusOf(message) & 0xf0;
      if (command === 0x80 || command === 0x90) continue;
      this.send(first, this.frameCount);
    }
    this.msgIndex = first;
    this.metaIndex = this.firstMetaFrom(target);
    this.discard(frame - this.frameCount);
  }

  // The block clock after `blocks` blocks, summed in float64 one block at a time as playing
  // sums it; past hours of song (a corrupt tempo can make a song last years) the product, so
  // that a seek never hangs.
  private blockClock(blocks: number): number {
    const increment = (this.speedValue * this.synthesizer.blockSize) / this.synthesizer.sampleRate;
    if (blocks > MAX_SUMMED_BLOCKS) return blocks * increment;
    let time = 0;
    for (let i = 0; i < blocks; i++) time += increment;
    return time;
  }

  // Renders `frames` frames (fewer than a block) and drops them.
  private discard(frames: number): void {
    if (frames === 0) return;
    if (this.discarded.length < frames) this.discarded = new Float32Array(this.synthesizer.blockSize);
    const scratch = this.discarded.subarray(0, frames);
    this.render(scratch, scratch);
  }

  // `seconds` inside the song: a song with times back left wraps into its loop, using them up;
  // null past the end of any other.
  private wrap(seconds: number): number | null {
    const { times, messages } = this.messages!;
    const end = times[times.length - 1];
    if (seconds < end) return seconds;
    if (this.restartsLeft === 0) return null;
    let loopStart = 0;
    for (let i = 0; i < messages.length; i++) {
      if (kindOf(messages[i]) === MessageKind.LoopStart) {
        loopStart = times[i];
        break;
      }
    }
    if (!(loopStart < end)) return null;
    const wraps = Math.floor((seconds - loopStart) / (end - loopStart));
    if (wraps > this.restartsLeft) return null;
    this.restartsLeft -= wraps;
    this.restarted = true;
    return loopStart + ((seconds - loopStart) % (end - loopStart));
  }

  // The frame at which song time `time` falls, from the sample clock's base (fractional).
  private frameAt(time: number): number {
    const speed = this.speedValue > 0 ? this.speedValue : 1;
    return this.frameBase + ((time - this.timeBase) * this.synthesizer.sampleRate) / speed;
  }

  // The first whole frame at or after song time `time`.
  private frameOf(time: number): number {
    if (this.speedValue === 0) return time <= this.timeBase ? this.frameBase : Infinity;
    return Math.ceil(this.frameAt(time));
  }

  private get sampleTiming(): boolean {
    return this.synthesizer.eventTiming === "sample";
  }

  // Sends what is due before the next block. With 'block' timing (MeltySynth's ProcessEvents),
  // every message whose time has come on the block clock, all at the block's start; with
  // 'sample' timing, every message whose frame falls in the block, each at its frame. A loop end
  // marker, or the song's end, takes the song back to its loop start while it has times back
  // left: at once with 'block' timing, so that what follows waits for the next block as in
  // MeltySynth, and at its frame with 'sample' timing, going on in the same block.
  private dispatch(): void {
    if (this.messages === null) return;
    const { times, messages } = this.messages;
    const sample = this.sampleTiming;
    const blockEnd = this.frameCount + this.synthesizer.blockSize;
    for (;;) {
      while (this.msgIndex < messages.length) {
        const time = times[this.msgIndex];
        const frame = sample ? Math.max(this.frameCount, this.frameOf(time)) : this.frameCount;
        if (sample ? frame >= blockEnd : time > this.currentTime) {
          if (sample) this.sendMetaEvents(-Infinity, blockEnd);
          else this.sendMetaEvents(this.currentTime);
          return;
        }
        this.sendMetaEvents(time);
        const message = messages[this.msgIndex];
        const kind = kindOf(message);
        if (kind === MessageKind.Channel) {
          this.send(this.msgIndex, frame);
        } else if (kind === MessageKind.SystemExclusive) {
          this.sendSystemExclusive(this.msgIndex);
        } else if (this.restartsLeft > 0) {
          if (kind === MessageKind.LoopStart) {
            this.loopIndex = this.msgIndex;
          } else if (kind === MessageKind.LoopEnd && times[this.loopIndex] < time) {
            // The time check is ours: a loop end at the same instant as its start would make
            // MeltySynth jump back forever within one block; such a marker is ignored instead.
            // A loop that takes no whole frame goes back once per block, not forever in one.
            if (sample && frame === this.lastJumpFrame) return;
            this.restart(frame);
          }
        }
        this.msgIndex++;
      }
      const last = messages.length - 1;
      // As at the loop end above, the time check is ours: a loop that lasts no time (every event
      // at one instant, or after a tempo of 0) would send the whole loop again at every block.
      const loops = times[this.loopIndex] < times[last];
      const frame = sample ? Math.max(this.frameCount, this.frameOf(times[last])) : this.frameCount;
      if (!(loops && this.restartsLeft > 0)) {
        if (loops && this.restarted) {
          // The last pass of a looped song ends as the others did, its notes released.
          this.restarted = false;
          this.releaseAll(frame);
        }
        return;
      }
      if (!sample) {
        this.restart(frame);
        return;
      }
      if (frame >= blockEnd || frame === this.lastJumpFrame) return;
      this.restart(frame);
    }
  }

  // Goes back to the loop start at `frame`, releasing every note there.
  private restart(frame: number): void {
    const loopStart = this.messages!.times[this.loopIndex];
    if (this.sampleTiming) {
      this.timeBase = loopStart;
      this.frameBase = frame;
      this.lastJumpFrame = frame;
    } else {
      this.currentTime = loopStart;
    }
    this.msgIndex = this.loopIndex;
    this.metaIndex = this.firstMetaFrom(loopStart);
    this.restartsLeft--;
    this.restarted = true;
    this.releaseAll(frame);
    this.onLoop?.(frame);
  }

  // Releases every note at `frame`: at once with 'block' timing (MeltySynth's NoteOffAll), as
  // 'all notes off' on every channel at its frame with 'sample' timing.
  private releaseAll(frame: number): void {
    this.filter.forgetNotes();
    if (!this.sampleTiming) {
      this.synthesizer.noteOffAll(false);
      return;
    }
    for (let channel = 0; channel < this.channelCount; channel++) this.schedule(channel, 0xb0, 0x7b, 0, frame, false);
  }

  // Releases the notes of `channels` now: they are no longer heard.
  private release(channels: readonly number[]): void {
    for (const channel of channels) {
      if (channel < this.channelCount) this.synthesizer.processMidiMessage(channel, 0xb0, 0x7b, 0);
    }
  }

  // The first channel of the port of message `index`: its port's own when the target has the
  // channels for it, else the first port's, as a 16-channel synthesizer hears every port.
  private portBase(index: number): number {
    const base = 16 * this.messages!.ports[index];
    return base < this.channelCount ? base : 0;
  }

  // Hands onMetaEvent the meta events at song times up to `time`, and with 'sample' timing
  // those whose frame comes before `frame` too; each with its frame, as a message has it.
  private sendMetaEvents(time: number, frame = -Infinity): void {
    const events = this.messages!.metaEvents;
    const sample = this.sampleTiming;
    while (this.metaIndex < events.length) {
      const event = events[this.metaIndex];
      const at = sample ? Math.max(this.frameCount, this.frameOf(event.time)) : this.frameCount;
      if (event.time > time && !(at < frame)) return;
      this.metaIndex++;
      this.onMetaEvent?.(event, at);
    }
  }

  // The first meta event at or after song time `time`.
  private firstMetaFrom(time: number): number {
    const events = this.messages!.metaEvents;
    let index = 0;
    while (index < events.length && events[index].time < time) index++;
    return index;
  }

  // A file's system exclusive messages act at the start of the block they fall in, with either
  // timing. They were checked when the file was read, so the synthesizer takes them all.
  private sendSystemExclusive(index: number): void {
    const { messages, systemExclusive } = this.messages!;
    this.synthesizer.processSysEx?.(systemExclusive[messages[index] & 0xffffff], undefined, this.portBase(index) / 16);
  }

  // Message `index` on its port's channel, through the channel filter (transposition, mute,
  // solo), then to onMidiMessage or the synthesizer.
  private send(index: number, frame: number): void {
    const message = this.messages!.messages[index];
    const status = statusOf(message);
    const data1 = data1Of(message);
    const data2 = data2Of(message);
    const channel = this.portBase(index) + (status & 0x0f);
    const command = status & 0xf0;
    let key = data1;
    if (command === 0x90 || command === 0x80 || command === 0xa0) {
      const percussion = this.synthesizer.isPercussionChannel?.(channel) ?? channel === 9;
      if (command === 0x90 && data2 > 0) key = this.filter.noteOn(channel, data1, percussion);
      else if (command === 0xa0) key = this.filter.keyOf(channel, data1, percussion);
      else key = this.filter.noteOff(channel, data1, percussion);
      if (key < 0) return;
    }
    if (this.onMidiMessage === null) {
      const silent = command === 0x90 && data2 > 0 && this.heardNotes !== null && !this.heardNotes(channel, this.messages!.tracks[index]);
      this.schedule(channel, command, key, data2, frame, silent);
      return;
    }
    this.dispatching = true;
    try {
      this.onMidiMessage(channel, command, key, data2, frame);
    } finally {
      this.dispatching = false;
    }
  }

  // At `frame` with 'sample' timing; now (at the block's start) with 'block' timing, or when the
  // synthesizer's queue is full: a file's events are never refused.
  private schedule(channel: number, command: number, data1: number, data2: number, frame: number, silent: boolean): void {
    const target = this.synthesizer;
    const quiet = silent && target.silentNoteOn !== undefined;
    if (this.sampleTiming && frame > this.frameCount) {
      try {
        if (quiet) target.silentNoteOn!(channel, data1, data2, frame - this.frameCount);
        else target.processMidiMessage(channel, command, data1, data2, frame - this.frameCount);
        return;
      } catch (error) {
        if (!(error instanceof EventQueueFullError)) throw error;
      }
    }
    if (quiet) target.silentNoteOn!(channel, data1, data2);
    else target.processMidiMessage(channel, command, data1, data2);
  }
}
