import type { WavFormat } from "./AudioFormat.js";
import type { AudioEncoder, HeaderRewrite } from "./AudioEncoder.js";
import { PcmEncoder } from "./PcmEncoder.js";
import { bytesPerFrame, wavHeader } from "./WavHeader.js";

/**
 * WAV: the header, then the samples as they come. With the length unknown up front, the header
 * says "to the end of the stream", and `rewrite()` gives the true one.
 */
export class WavEncoder implements AudioEncoder {
  private readonly pcm: PcmEncoder;
  private header: Uint8Array | null;

  constructor(
    readonly format: WavFormat,
    private readonly sampleRate: number,
    private readonly channels: number,
    private readonly frames: number | undefined,
    dither: boolean,
    /** Whether to write the header: without it, raw PCM. */
    private readonly withHeader = true,
  ) {
    this.pcm = new PcmEncoder(format, dither);
    this.header = withHeader ? wavHeader(format, sampleRate, frames, channels) : null;
  }

  encode(channels: readonly Float32Array[], frames: number): Uint8Array {
    const header = this.header ?? new Uint8Array(0);
    this.header = null;
    const bytes = new Uint8Array(header.length + frames * bytesPerFrame(this.format, this.channels));
    bytes.set(header);
    this.pcm.encode(channels, frames, bytes, header.length);
    return bytes;
  }

  finish(totalFrames: number): Uint8Array {
    const rest = this.header ?? new Uint8Array(0);
    this.header = null;
    this.totalFrames = totalFrames;
    return rest;
  }

  rewrite(): HeaderRewrite | undefined {
    if (!this.withHeader || this.frames !== undefined || this.totalFrames === undefined) return undefined;
    return { offset: 0, bytes: wavHeader(this.format, this.sampleRate, this.totalFrames, this.channels) };
  }

  private totalFrames: number | undefined;
}
