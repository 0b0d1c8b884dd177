import type { AudioEncoder, HeaderRewrite } from "./AudioEncoder.js";

/** A constant bit rate: without a Xing header (which this encoder does not write) players misjudge a VBR file's length. */
const bitRate = 192;

/** The sample rates MPEG audio has. */
export const mp3SampleRates: readonly number[] = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

type Mp3Library = typeof import("wasm-media-encoders");
type WasmEncoder = Awaited<ReturnType<Mp3Library["createMp3Encoder"]>>;

let library: Promise<Mp3Library> | undefined;

/** @throws RangeError for a sample rate that MPEG audio does not have. */
export function checkMp3SampleRate(sampleRate: number): void {
  if (!mp3SampleRates.includes(sampleRate)) {
    throw new RangeError(`MP3 takes sample rates of ${mp3SampleRates.join(", ")} Hz, not ${sampleRate}: choose one of them, or FLAC`);
  }
}

/**
 * MP3 through LAME compiled to WebAssembly (the wasm-media-encoders package), at a constant
 * 192 kbit/s. LAME takes the float samples as they are; it needs no header rewrite.
 */
export class Mp3Encoder implements AudioEncoder {
  readonly format = "mp3";

  private constructor(private readonly encoder: WasmEncoder) {}

  /** @throws RangeError for a sample rate that MPEG audio does not have. */
  static async create(sampleRate: number, channels: number): Promise<Mp3Encoder> {
    checkMp3SampleRate(sampleRate);
    library ??= import("wasm-media-encoders");
    const encoder = await (await library).createMp3Encoder();
    encoder.configure({ sampleRate, channels: channels as 1 | 2, bitrate: bitRate });
    return new Mp3Encoder(encoder);
  }

  encode(channels: readonly Float32Array[], frames: number): Uint8Array {
    const views = channels.map((channel) => (channel.length === frames ? channel : channel.subarray(0, frames)));
    // The encoder owns the returned bytes until its next call: copy them.
    return this.encoder.encode(views).slice();
  }

  finish(): Uint8Array {
    return this.encoder.finalize().slice();
  }

  rewrite(): HeaderRewrite | undefined {
    return undefined;
  }
}
