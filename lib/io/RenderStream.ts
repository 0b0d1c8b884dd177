import { Readable } from "node:stream";
import type { Backend } from "../kernels/BlockRenderer.js";
import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { isWavFormat, type AudioFormat } from "./AudioFormat.js";
import type { HeaderRewrite } from "./AudioEncoder.js";
import { inThisThread, startEncoder, type RenderEncoder } from "./EncoderThread.js";
import { checkOptionNames } from "./checkOptionNames.js";
import { renderOptionNames, SongRender, type RenderLevels, type RenderOptions } from "./SongRender.js";
import { SynthesizerSettings } from "../synth/SynthesizerSettings.js";
import { WavEncoder } from "./WavEncoder.js";

/** How to stream a render: the render's options, and what the bytes are. */
export interface RenderStreamOptions extends RenderOptions {
  /**
   * `file` (the default): the bytes of a file of the format (WAV, FLAC, MP3 or Ogg Opus); `pcm`: the raw
   * interleaved samples of a WAV format, without a header. (`wav` is a former name of `file`.)
   */
  container?: "file" | "wav" | "pcm";
  /** Frames rendered for each chunk the stream pushes. Default 4096. */
  chunkFrames?: number;
  /** Bytes the stream buffers ahead of its reader before it stops rendering. Default 64 KiB. */
  highWaterMark?: number;
}

const streamOptionNames = ["container", "chunkFrames", "highWaterMark"];

/**
 * A readable stream of a song's audio that renders as it is read: each time the reader wants
 * more, it renders one chunk. A slow reader (a player, a network socket) therefore holds back
 * the render through ordinary stream backpressure, and memory stays at one buffer's worth
 * however long the song. For WAV, the bytes are those of {@link renderToWav} when the length is
 * known up front (a fixed tail, or `normalize`); with the automatic tail, the header says "to the
 * end of the stream", as WAV streams on pipes do, and `rewrite()` gives the true header for a
 * file that can seek back.
 *
 * @example
 * ```ts
 * new RenderStream(midi, soundFont, { format: "flac" }).pipe(process.stdout);
 * ```
 */
export class RenderStream extends Readable implements RenderLevels {
  readonly sampleRate: number;
  readonly format: AudioFormat;
  readonly channels: number;
  /** Which block renderer runs: 'native' or 'js'. */
  readonly backend: Backend;
  /** Frames the whole render produces, when known up front. */
  readonly totalFrames: number | undefined;
  /** The most frames the render can produce. */
  readonly maximumFrames: number;

  private readonly render: SongRender;
  private readonly chunkFrames: number;
  private readonly encoder: Promise<RenderEncoder>;
  private ended = false;
  private reading = false;
  private readAgain = false;
  private finalHeader: HeaderRewrite | undefined;

  /** @throws RangeError for an option out of range; TypeError for an unknown option. */
  constructor(midi: MidiFile, soundFont: SoundFont, options: RenderStreamOptions = {}) {
    super({ highWaterMark: options.highWaterMark ?? 65536 });
    checkOptionNames(
      options,
      [...SynthesizerSettings.optionNames, ...renderOptionNames, ...streamOptionNames],
      "render stream options",
    );
    const chunkFrames = options.chunkFrames ?? 4096;
    if (!(Number.isInteger(chunkFrames) && chunkFrames > 0)) {
      throw new RangeError(`chunkFrames must be a positive whole number, got ${chunkFrames}`);
    }
    const container = options.container ?? "file";
    if (container !== "file" && container !== "wav" && container !== "pcm") {
      throw new RangeError(`container must be file or pcm, got ${String(container)}`);
    }
    const { container: _c, chunkFrames: _f, highWaterMark: _h, ...renderOptions } = options;
    this.render = new SongRender(midi, soundFont, renderOptions);
    this.chunkFrames = chunkFrames;
    this.sampleRate = this.render.sampleRate;
    this.format = this.render.format;
    this.channels = this.render.channels;
    this.backend = this.render.backend;
    this.totalFrames = this.render.totalFrames;
    this.maximumFrames = this.render.maximumFrames;
    const render = this.render;
    if (container === "pcm") {
      if (!isWavFormat(render.format)) {
        render.dispose();
        throw new RangeError(`container pcm takes the WAV formats s16, s24 or f32, not ${render.format}`);
      }
      const wav = new WavEncoder(render.format, render.sampleRate, render.channels, render.totalFrames, render.dither, false);
      this.encoder = Promise.resolve(inThisThread(wav));
    } else {
      this.encoder = startEncoder(render.encoderSetup);
      // Reported when read; this keeps an early failure from being an unhandled rejection.
      this.encoder.catch(() => undefined);
    }
  }

  /** Frames rendered so far (ahead of what the reader has consumed by at most the buffer). */
  get framesRendered(): number {
    return this.render.framesRendered;
  }

  /** The largest absolute sample value so far (1 is full scale). */
  get peak(): number {
    return this.render.peak;
  }

  /** Samples beyond full scale so far. */
  get clippedSamples(): number {
    return this.render.clippedSamples;
  }

  /** Once the stream has ended: header bytes a file should write back (the length, for WAV and FLAC), if any. */
  rewrite(): HeaderRewrite | undefined {
    return this.finalHeader;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.render.dispose();
    // A compressed format's thread stops with the stream, finished or not.
    this.encoder.then((encoder) => encoder.close()).then(
      () => callback(error),
      () => callback(error),
    );
  }

  override _read(): void {
    // One chunk at a time: a read asked for meanwhile is served when this one is done.
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    this.readChunk().then(
      () => {
        this.reading = false;
        if (this.readAgain) {
          this.readAgain = false;
          this._read();
        }
      },
      (error: Error) => this.destroy(error),
    );
  }

  /**
   * Renders and encodes until there are bytes to push (an encoder that buffers, or one in its
   * own thread that has not answered yet, may give nothing for a chunk), or the end.
   */
  private async readChunk(): Promise<void> {
    const encoder = await this.encoder;
    for (;;) {
      if (this.ended) return;
      if (this.render.done) {
        this.ended = true;
        const last = await encoder.finish(this.render.framesRendered);
        this.finalHeader = encoder.rewrite();
        if (last.length > 0) this.push(last);
        this.push(null);
        return;
      }
      const { channels, frames } = this.render.render(this.chunkFrames);
      const bytes = await encoder.encode(channels, frames);
      if (bytes.length > 0) {
        this.push(bytes);
        return;
      }
    }
  }
}
