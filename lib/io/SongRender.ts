import type { Backend } from "../kernels/BlockRenderer.js";
import type { MidiFile } from "../midi/MidiFile.js";
import { MidiFileSequencer } from "../midi/MidiFileSequencer.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { Synthesizer } from "../synth/Synthesizer.js";
import type { SynthesizerOptions } from "../synth/SynthesizerSettings.js";
import { PcmEncoder } from "./PcmEncoder.js";
import { bytesPerFrame, type SampleFormat } from "./SampleFormat.js";

/** How to render a song: the synthesizer's settings, the output's sample format, and its length. */
export interface RenderOptions extends SynthesizerOptions {
  /** `s16` (16-bit integer, the default) or `f32` (32-bit float). */
  format?: SampleFormat;
  /** Add TPDF dither when writing 16-bit samples. Default false: MeltySynth's plain truncation. */
  dither?: boolean;
  /** Seconds rendered after the song ends, so that notes and reverb fade out. Default 2. */
  tail?: number;
  /** How many more times to play the song, through the sequencer's loop. Default 0. */
  loop?: number;
}

/**
 * One song being rendered, chunk by chunk, into PCM bytes: a synthesizer and a sequencer with
 * the song loaded, and a count of the frames still to come. The song plays for its length
 * (times `loop + 1`) plus the tail, so the total is known before the first sample, which lets a
 * WAV header be written up front and a progress bar show a percentage.
 *
 * The output does not depend on how the render is sliced into chunks.
 */
export class SongRender {
  readonly sampleRate: number;
  readonly format: SampleFormat;
  /** Which block renderer runs: 'native' or 'js'. */
  readonly backend: Backend;
  /** Frames the whole render produces. */
  readonly totalFrames: number;
  /** Frames produced so far. */
  framesRendered = 0;

  private readonly sequencer: MidiFileSequencer<Synthesizer>;
  private readonly encoder: PcmEncoder;
  private left = new Float32Array(0);
  private right = new Float32Array(0);

  /**
   * @throws RangeError for an option out of range (a synthesizer setting, a negative tail or loop count).
   */
  constructor(midi: MidiFile, soundFont: SoundFont, options: RenderOptions = {}) {
    const tail = options.tail ?? 2;
    const loop = options.loop ?? 0;
    if (!(Number.isFinite(tail) && tail >= 0)) {
      throw new RangeError(`tail must be a number of seconds, 0 or more, got ${tail}`);
    }
    if (!(Number.isInteger(loop) && loop >= 0)) {
      throw new RangeError(`loop must be a whole number, 0 or more, got ${loop}`);
    }
    const synthesizer = new Synthesizer(soundFont, options);
    this.sampleRate = synthesizer.sampleRate;
    this.backend = synthesizer.backend;
    this.format = options.format ?? "s16";
    this.encoder = new PcmEncoder(this.format, options.dither ?? false);
    this.totalFrames = SongRender.frameCount(midi.length, this.sampleRate, { tail, loop });
    this.sequencer = new MidiFileSequencer(synthesizer);
    this.sequencer.play(midi, loop > 0);
    if (loop > 0) {
      this.stopAfterLoops(loop);
    }
  }

  /**
   * Frames a render of a song `songLength` seconds long produces: the song, `loop` more times,
   * then the tail.
   */
  static frameCount(songLength: number, sampleRate: number, options: Pick<RenderOptions, "tail" | "loop"> = {}): number {
    return Math.ceil((songLength * ((options.loop ?? 0) + 1) + (options.tail ?? 2)) * sampleRate);
  }

  /** Bytes of PCM the whole render produces. */
  get totalBytes(): number {
    return this.totalFrames * bytesPerFrame(this.format);
  }

  /** Whether every frame has been rendered. */
  get done(): boolean {
    return this.framesRendered === this.totalFrames;
  }

  /**
   * Renders up to `maxFrames` more frames into `target` from byte `offset`.
   * @returns The number of frames rendered: fewer than asked at the end, 0 once done.
   */
  renderInto(target: Uint8Array, offset: number, maxFrames: number): number {
    const frames = Math.min(maxFrames, this.totalFrames - this.framesRendered);
    if (this.left.length < frames) {
      this.left = new Float32Array(frames);
      this.right = new Float32Array(frames);
    }
    const left = this.left.subarray(0, frames);
    const right = this.right.subarray(0, frames);
    this.sequencer.render(left, right);
    this.encoder.encode(left, right, target, offset);
    this.framesRendered += frames;
    return frames;
  }

  /** Renders up to `maxFrames` more frames as a new buffer of PCM bytes (empty once done). */
  renderChunk(maxFrames: number): Uint8Array {
    const frames = Math.min(maxFrames, this.totalFrames - this.framesRendered);
    const chunk = new Uint8Array(frames * bytesPerFrame(this.format));
    this.renderInto(chunk, 0, frames);
    return chunk;
  }

  /**
   * The sequencer loops forever; after `loop` restarts, its messages are dropped, so that the
   * last pass ends like an unlooped song (the restart's note-off releases what still sounds) and
   * the tail fades out instead of starting the song again. A restart shows as the song position
   * going backwards between two messages.
   */
  private stopAfterLoops(loop: number): void {
    const sequencer = this.sequencer;
    const synthesizer = sequencer.synthesizer;
    let restarts = 0;
    let lastPosition = -Infinity;
    sequencer.onMidiMessage = (channel, command, data1, data2, frame) => {
      if (sequencer.position < lastPosition) {
        restarts++;
      }
      lastPosition = sequencer.position;
      if (restarts <= loop) {
        const offset = frame - synthesizer.renderedFrames;
        if (offset > 0) {
          synthesizer.processMidiMessage(channel, command, data1, data2, offset);
        } else {
          synthesizer.processMidiMessage(channel, command, data1, data2);
        }
      }
    };
  }
}
