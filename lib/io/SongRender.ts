import type { Backend } from "../kernels/BlockRenderer.js";
import { MidiFile } from "../midi/MidiFile.js";
import { MidiFileSequencer } from "../midi/MidiFileSequencer.js";
import { describeValue } from "../soundfont/fileBytes.js";
import { SoundFont } from "../soundfont/SoundFont.js";
import { Synthesizer } from "../synth/Synthesizer.js";
import { SynthesizerSettings, type SynthesizerOptions } from "../synth/SynthesizerSettings.js";
import { audioFormats, defaultSampleRate, type AudioFormat } from "./AudioFormat.js";
import type { EncoderSetup } from "./AudioEncoder.js";
import { checkEncoderSetup } from "./createEncoder.js";
import { checkOptionNames } from "./checkOptionNames.js";

/** How to render a song: the synthesizer's settings, the output's format, level and length. */
export interface RenderOptions extends SynthesizerOptions {
  /**
   * `s16` (16-bit WAV, the default), `s24`, `f32`, `flac`, `flac24`, `mp3` or `opus`; see
   * {@link AudioFormat}. Opus renders at 48 kHz unless `sampleRate` asks for another of its rates.
   */
  format?: AudioFormat;
  /** Opus only: the bit rate in kbit/s for all channels together, 6 to 510. Default 128. */
  bitrate?: number;
  /** 2 (stereo, the default) or 1 (mono: the mean of both channels). */
  channels?: 1 | 2;
  /** Add TPDF dither when writing integer samples (16- and 24-bit WAV and FLAC). Default false: MeltySynth's plain truncation. */
  dither?: boolean;
  /** Gain in decibels applied to the whole render (-6 halves the amplitude). Default 0. */
  gain?: number;
  /**
   * Scale the render so that its highest peak is at -1 dBFS, so that it never clips and quiet
   * fonts come up to a full level. The song is rendered twice: once to measure, once to write.
   * Excludes `gain`. Default false.
   */
  normalize?: boolean;
  /**
   * What follows the song's last event. `"auto"` (the default): render until the output has
   * stayed below -90 dBFS for 100 ms, for at most 30 s. A number: exactly that many seconds.
   */
  tail?: number | "auto";
  /** How many more times to play the song, through the sequencer's loop. Default 0. */
  loop?: number;
  /**
   * Render a section: from `start` seconds of the song (through the sequencer's seek, which
   * chases programs and controllers and lands on its frame) ...
   */
  start?: number;
  /** ... to `end` seconds, where every note is released and the tail follows. Default: the song's end. */
  end?: number;
}

/** The options of a render besides the synthesizer's, for checking names. */
export const renderOptionNames: readonly string[] = [
  "format",
  "bitrate",
  "channels",
  "dither",
  "gain",
  "normalize",
  "tail",
  "loop",
  "start",
  "end",
];

/** Level under which an automatic tail counts the output as silent: -90 dBFS. */
export const silenceLevel = 10 ** (-90 / 20);
/** How long the output must stay silent for an automatic tail to end, in seconds. */
export const silenceHold = 0.1;
/** The longest automatic tail, in seconds: a note that never stops must not render forever. */
export const longestTail = 30;
/** Where `normalize` puts the highest peak: -1 dBFS. */
export const normalizedPeak = 10 ** (-1 / 20);

/**
 * One part of a song rendered on its own (a stem): which of the song's notes are heard, and the
 * whole song's length and gain, so that the parts line up and add up to the whole.
 */
export interface RenderPart {
  /** Whether a note, by its channel and track chunk, is heard (see MidiFileSequencer.heardNotes). */
  readonly heard: (channel: number, track: number) => boolean;
  /** Frames to render, tail included. */
  readonly frames: number;
  /** The linear gain applied to every sample. */
  readonly gain: number;
}

/** Levels of what a render produced so far. */
export interface RenderLevels {
  /** The largest absolute sample value (1 is full scale). */
  peak: number;
  /** Samples beyond full scale: clipped in integer and MP3 output. */
  clippedSamples: number;
}

/**
 * One song being rendered, chunk by chunk, as float samples at their final level: a
 * synthesizer and a sequencer with the song loaded, the gain, the mix to mono, the measure of
 * the peak and of clipping, and the end of the tail. The song plays for its length (and its
 * loop `loop` more times), then the tail: a fixed one makes the length known before the first sample
 * (`totalFrames`); an automatic one ends when the sound has died away.
 *
 * The output does not depend on how the render is sliced into chunks.
 */
export class SongRender implements RenderLevels {
  readonly sampleRate: number;
  readonly format: AudioFormat;
  readonly channels: 1 | 2;
  readonly dither: boolean;
  /** The bit rate asked for (kbit/s, Opus only), or undefined for the format's own. */
  readonly bitrate: number | undefined;
  /** Which block renderer runs: 'native', 'wasm' or 'js'. */
  readonly backend: Backend;
  /** The linear gain applied to every sample (from `gain`, or found by `normalize`), a float32 as the synthesizer's own gains are. */
  readonly gain: number;
  /** Frames of the song itself (or of the section), loops included, before the tail. */
  readonly songFrames: number;
  /** Frames the whole render produces, when known up front (a fixed tail, or `normalize`). */
  readonly totalFrames: number | undefined;
  /** The most frames the render can produce (the tail at its longest). */
  readonly maximumFrames: number;
  /** Frames produced so far. */
  framesRendered = 0;
  peak = 0;
  clippedSamples = 0;

  private readonly sequencer: MidiFileSequencer<Synthesizer>;
  // Where a section stops: the notes are released there and the synthesizer renders the tail.
  private readonly sectionEnd: boolean;
  private released = false;
  private readonly autoTail: boolean;
  private endFrame: number;
  private lastLoudFrame = -1;
  private finished = false;
  private left = new Float32Array(0);
  private right = new Float32Array(0);

  /**
   * @param part Renders only this part of the song, with the whole's length and gain (the
   *   options' tail, gain and normalize then do not apply).
   * @throws TypeError for an option name that does not exist; RangeError for an option out of
   * range (a synthesizer setting, the tail, the loop count, the gain, the format).
   */
  constructor(midi: MidiFile, soundFont: SoundFont, options: RenderOptions = {}, part?: RenderPart) {
    checkSong(midi, soundFont);
    checkOptionNames(options, [...SynthesizerSettings.optionNames, ...renderOptionNames], "render options");
    const tail = options.tail ?? "auto";
    const loop = options.loop ?? 0;
    const gainDb = options.gain ?? 0;
    if (tail !== "auto" && !(typeof tail === "number" && Number.isFinite(tail) && tail >= 0)) {
      throw new RangeError(`tail must be "auto" or a number of seconds, 0 or more, got ${String(tail)}`);
    }
    if (!(Number.isInteger(loop) && loop >= 0)) {
      throw new RangeError(`loop must be a whole number, 0 or more, got ${loop}`);
    }
    if (!(typeof gainDb === "number" && Number.isFinite(gainDb) && Math.abs(gainDb) <= 100)) {
      throw new RangeError(`gain must be a number of decibels from -100 to 100, got ${String(gainDb)}`);
    }
    if (options.normalize !== undefined && typeof options.normalize !== "boolean") {
      throw new TypeError(`normalize must be a boolean, got ${String(options.normalize)}`);
    }
    if (options.normalize && options.gain !== undefined && options.gain !== 0) {
      throw new RangeError("gain and normalize cannot be combined: normalize chooses the gain");
    }
    const start = options.start ?? 0;
    const end = typeof options.end === "number" ? Math.min(options.end, midi.length) : options.end ?? midi.length;
    if (!(typeof start === "number" && Number.isFinite(start) && start >= 0 && start < midi.length)) {
      throw new RangeError(`start must be a number of seconds from 0 to before the song's end (${midi.length.toFixed(3)} s), got ${String(options.start)}`);
    }
    if (!(typeof end === "number" && end > start)) {
      throw new RangeError(`end must be a number of seconds after start (${start} s), got ${String(options.end)}`);
    }
    if (loop > 0 && (options.start !== undefined || options.end !== undefined)) {
      throw new RangeError("loop cannot be combined with start or end: a section plays once");
    }
    if (options.channels !== undefined && options.channels !== 1 && options.channels !== 2) {
      throw new RangeError(`channels must be 1 or 2, got ${String(options.channels)}`);
    }
    this.format = options.format ?? "s16";
    if (!audioFormats.includes(this.format)) {
      throw new RangeError(`format must be one of ${audioFormats.join(", ")}, got ${String(this.format)}`);
    }
    this.bitrate = options.bitrate;

    const synthesizerOptions: SynthesizerOptions = {};
    for (const name of SynthesizerSettings.optionNames) {
      const value = (options as Record<string, unknown>)[name];
      if (value !== undefined) (synthesizerOptions as Record<string, unknown>)[name] = value;
    }
    synthesizerOptions.sampleRate ??= defaultSampleRate(this.format);
    const synthesizer = new Synthesizer(soundFont, synthesizerOptions);
    this.sampleRate = synthesizer.sampleRate;
    this.backend = synthesizer.backend;
    this.channels = options.channels ?? 2;
    this.dither = options.dither ?? false;
    this.sequencer = new MidiFileSequencer(synthesizer);
    try {
      checkEncoderSetup(this.encoderSetup);
      this.sequencer.play(midi, loop);
      if (start > 0) this.sequencer.seek(start);
    } catch (error) {
      synthesizer.dispose();
      throw error;
    }
    const from = this.sequencer.position;
    const loopPoints = this.sequencer.loopPoints;
    const repeated = loop > 0 && loopPoints !== null ? (loopPoints.end - loopPoints.start) * loop : 0;
    this.songFrames = Math.ceil((end - from + repeated) * this.sampleRate);
    this.sectionEnd = end < midi.length;

    if (part !== undefined) {
      this.sequencer.heardNotes = part.heard;
      this.gain = part.gain;
      this.autoTail = false;
      this.totalFrames = part.frames;
    } else if (options.normalize) {
      // A first render at unit gain, to find the peak (and where an automatic tail ends).
      const probe = new SongRender(midi, soundFont, {
        ...options,
        normalize: false,
        gain: 0,
        format: "f32",
        bitrate: undefined,
        sampleRate: this.sampleRate,
        channels: this.channels,
      });
      try {
        while (!probe.done) probe.render(16384);
      } catch (error) {
        probe.dispose();
        synthesizer.dispose();
        throw error;
      }
      this.gain = probe.peak > 0 ? Math.fround(normalizedPeak / probe.peak) : 1;
      this.autoTail = false;
      this.totalFrames = probe.framesRendered;
    } else {
      this.gain = gainDb === 0 ? 1 : Math.fround(10 ** (gainDb / 20));
      this.autoTail = tail === "auto";
      this.totalFrames = tail === "auto" ? undefined : this.songFrames + Math.ceil(tail * this.sampleRate);
    }
    this.maximumFrames = this.totalFrames ?? this.songFrames + Math.ceil(longestTail * this.sampleRate);
    this.endFrame = this.maximumFrames;
  }

  /** What the encoder of this render's format is to be told. */
  get encoderSetup(): EncoderSetup {
    return {
      format: this.format,
      sampleRate: this.sampleRate,
      channels: this.channels,
      frames: this.totalFrames,
      dither: this.dither,
      bitrate: this.bitrate,
    };
  }

  /** Whether every frame has been rendered. */
  get done(): boolean {
    return this.finished || this.framesRendered >= this.endFrame;
  }

  /**
   * Frees the synthesizer's native memory now. A render does this itself once done; call it
   * when stopping early. `render` throws after it.
   */
  dispose(): void {
    this.sequencer.synthesizer.dispose();
  }

  /**
   * Renders up to `maxFrames` more frames.
   * @returns One array per output channel (views on buffers reused by the next call) and the
   * number of frames in them: fewer than asked at the end, 0 once done.
   */
  render(maxFrames: number): { channels: Float32Array[]; frames: number } {
    if (this.done) return { channels: Array.from({ length: this.channels }, () => new Float32Array(0)), frames: 0 };
    let frames = Math.max(0, Math.min(maxFrames, this.endFrame - this.framesRendered));
    if (this.left.length < frames) {
      this.left = new Float32Array(frames);
      this.right = new Float32Array(frames);
    }
    const left = this.left.subarray(0, frames);
    const right = this.right.subarray(0, frames);
    this.renderSong(left, right);
    const gain = this.gain;
    if (gain !== 1) {
      for (let t = 0; t < frames; t++) {
        left[t] *= gain;
        right[t] *= gain;
      }
    }
    if (this.channels === 1) {
      for (let t = 0; t < frames; t++) left[t] = (left[t] + right[t]) * 0.5;
    }
    const channels = this.channels === 1 ? [left] : [left, right];
    if (this.autoTail) {
      frames = this.cutTail(channels, frames);
    }
    this.measure(channels, frames);
    this.framesRendered += frames;
    if (this.done) this.dispose();
    const out = frames === left.length ? channels : channels.map((channel) => channel.subarray(0, frames));
    return { channels: out, frames };
  }

  // The sequencer plays the song; after the end of a section, the synthesizer alone renders the
  // tail of the notes released there.
  private renderSong(left: Float32Array, right: Float32Array): void {
    const synthesizer = this.sequencer.synthesizer;
    const playing = this.sectionEnd ? Math.max(0, Math.min(left.length, this.songFrames - this.framesRendered)) : left.length;
    if (playing > 0) this.sequencer.render(left.subarray(0, playing), right.subarray(0, playing));
    if (playing === left.length) return;
    if (!this.released) {
      synthesizer.noteOffAll(false);
      this.released = true;
    }
    synthesizer.renderFrames(left, right, playing, left.length - playing);
  }

  /**
   * With an automatic tail: finds where the output, after the song, has been below the silence
   * level for the hold time, and returns how many of these frames come before that point.
   */
  private cutTail(channels: Float32Array[], frames: number): number {
    const start = this.framesRendered;
    for (let t = Math.max(0, this.songFrames - start); t < frames; t++) {
      for (const channel of channels) {
        const x = channel[t];
        if (x > silenceLevel || x < -silenceLevel) {
          this.lastLoudFrame = start + t;
          break;
        }
      }
    }
    const end = Math.max(this.songFrames, this.lastLoudFrame + 1) + Math.round(silenceHold * this.sampleRate);
    if (end <= start + frames) {
      this.endFrame = end;
      this.finished = true;
      return end - start;
    }
    return frames;
  }

  private measure(channels: Float32Array[], frames: number): void {
    let peak = this.peak;
    let clipped = 0;
    for (const channel of channels) {
      for (let t = 0; t < frames; t++) {
        const a = Math.abs(channel[t]);
        if (a > peak) peak = a;
        if (a > 1) clipped++;
      }
    }
    this.peak = peak;
    this.clippedSamples += clipped;
  }
}

// Every render starts here: arguments of the wrong kind are named, not met later as a property
// of undefined.
function checkSong(midi: unknown, soundFont: unknown): void {
  if (!(midi instanceof MidiFile)) {
    const hint = midi instanceof SoundFont ? " (the song comes first, then the SoundFont)" : typeof midi === "string" ? " (for a path, use MidiFile.fromFile)" : "";
    throw new TypeError(`the song must be a MidiFile, got ${describeValue(midi)}${hint}`);
  }
  if (!(soundFont instanceof SoundFont)) {
    const hint = typeof soundFont === "string" ? " (for a path, use SoundFont.fromFile)" : "";
    throw new TypeError(`the SoundFont must be a SoundFont, got ${describeValue(soundFont)}${hint}`);
  }
}
