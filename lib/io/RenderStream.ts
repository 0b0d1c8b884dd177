import { Readable } from "node:stream";
import type { Backend } from "../kernels/BlockRenderer.js";
import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import type { SampleFormat } from "./SampleFormat.js";
import { SongRender, type RenderOptions } from "./SongRender.js";
import { wavHeader } from "./WavHeader.js";

/** How to stream a render: the render's options, and what the bytes are. */
export interface RenderStreamOptions extends RenderOptions {
  /** `wav` (the default): a WAV header, then the samples; `pcm`: the raw interleaved samples. */
  container?: "wav" | "pcm";
  /** Frames rendered for each chunk the stream pushes. Default 4096. */
  chunkFrames?: number;
  /** Bytes the stream buffers ahead of its reader before it stops rendering. Default 64 KiB. */
  highWaterMark?: number;
}

/**
 * A readable stream of a song's audio that renders as it is read: each time the reader wants
 * more, it renders one chunk. A slow reader (a player, a network socket) therefore holds back
 * the render through ordinary stream backpressure, and memory stays at one buffer's worth
 * however long the song. The bytes are those of {@link renderToWav} (or, with
 * `container: "pcm"`, its samples without the header).
 *
 * @example
 * ```ts
 * new RenderStream(midi, soundFont).pipe(process.stdout);
 * ```
 */
export class RenderStream extends Readable {
  readonly sampleRate: number;
  readonly format: SampleFormat;
  /** Which block renderer runs: 'native' or 'js'. */
  readonly backend: Backend;
  /** Frames the whole render produces. */
  readonly totalFrames: number;

  private readonly render: SongRender;
  private readonly chunkFrames: number;
  private header: Uint8Array | null;

  /** @throws RangeError for an option out of range. */
  constructor(midi: MidiFile, soundFont: SoundFont, options: RenderStreamOptions = {}) {
    super({ highWaterMark: options.highWaterMark ?? 65536 });
    const chunkFrames = options.chunkFrames ?? 4096;
    if (!(Number.isInteger(chunkFrames) && chunkFrames > 0)) {
      throw new RangeError(`chunkFrames must be a positive whole number, got ${chunkFrames}`);
    }
    const container = options.container ?? "wav";
    if (container !== "wav" && container !== "pcm") {
      throw new RangeError(`container must be wav or pcm, got ${String(container)}`);
    }
    this.render = new SongRender(midi, soundFont, options);
    this.chunkFrames = chunkFrames;
    this.sampleRate = this.render.sampleRate;
    this.format = this.render.format;
    this.backend = this.render.backend;
    this.totalFrames = this.render.totalFrames;
    this.header = container === "wav" ? wavHeader(this.format, this.sampleRate, this.totalFrames) : null;
  }

  /** Frames rendered so far (ahead of what the reader has consumed by at most the buffer). */
  get framesRendered(): number {
    return this.render.framesRendered;
  }

  override _read(): void {
    try {
      if (this.header !== null) {
        const header = this.header;
        this.header = null;
        this.push(header);
      } else if (this.render.done) {
        this.push(null);
      } else {
        this.push(this.render.renderChunk(this.chunkFrames));
      }
    } catch (error) {
      this.destroy(error as Error);
    }
  }
}
