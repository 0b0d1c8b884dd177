import { createRequire } from "node:module";
import type { Flac, StreamMetadata } from "libflacjs";
import type { AudioEncoder, HeaderRewrite } from "./AudioEncoder.js";
import { PcmEncoder } from "./PcmEncoder.js";

/** libFLAC's compression level: 5 is the `flac` tool's default, a good balance of size and speed. */
const compressionLevel = 5;

let library: Promise<Flac> | undefined;

/**
 * libFLAC compiled to WebAssembly (the libflacjs package), loaded once per thread.
 *
 * Its loader fetches the .wasm file by path whenever a global `fetch` exists, which Node's fetch
 * refuses (a path is not a URL); without `fetch` it reads the file from disk. So `fetch` is
 * hidden for the synchronous moment of the require, and put back at once.
 */
function loadLibFlac(): Promise<Flac> {
  library ??= new Promise<Flac>((resolve, reject) => {
    const require = createRequire(import.meta.url);
    const global = globalThis as { fetch?: unknown };
    const fetch = global.fetch;
    const argv1 = process.argv[1];
    let flac: Flac;
    try {
      global.fetch = undefined;
      process.argv[1] ??= "meltysynth"; // its Node shim reads the script's name
      flac = (require("libflacjs") as (variant: string) => Flac)("wasm");
    } catch (error) {
      reject(new Error(`the FLAC encoder (libflacjs) could not be loaded: ${(error as Error).message}`));
      return;
    } finally {
      global.fetch = fetch;
      if (argv1 === undefined) process.argv.length = Math.min(process.argv.length, 1);
    }
    if (flac.isReady()) resolve(flac);
    else flac.on("ready", () => resolve(flac));
  });
  return library;
}

/**
 * FLAC through libFLAC: the samples of the 16- or 24-bit WAV output (the same quantizer and
 * dither), losslessly compressed. libFLAC writes STREAMINFO before the first frame, with the
 * sample count when it is known up front and without the MD5 signature (a stream cannot seek
 * back); `rewrite()` gives the STREAMINFO it reports at the end, complete.
 */
export class FlacEncoder implements AudioEncoder {
  readonly format: "flac" | "flac24";
  private readonly pcm: PcmEncoder;
  private integers = new Int32Array(0);
  private output: Uint8Array[] = [];
  private metadata: StreamMetadata | undefined;
  private streamInfoAt = -1;
  private written = 0;

  private constructor(
    private readonly flac: Flac,
    private readonly encoder: number,
    private readonly bits: 16 | 24,
    private readonly channels: number,
    dither: boolean,
  ) {
    this.format = bits === 16 ? "flac" : "flac24";
    this.pcm = new PcmEncoder(bits === 16 ? "s16" : "s24", dither);
  }

  /** @throws Error when libFLAC refuses the setup or cannot be loaded. */
  static async create(
    bits: 16 | 24,
    sampleRate: number,
    channels: number,
    frames: number | undefined,
    dither: boolean,
  ): Promise<FlacEncoder> {
    const flac = await loadLibFlac();
    const handle = flac.create_libflac_encoder(sampleRate, channels, bits, compressionLevel, frames ?? 0, false, 0);
    if (!handle) {
      throw new Error(`libFLAC could not create an encoder for ${channels} channels of ${bits}-bit audio at ${sampleRate} Hz`);
    }
    const encoder = new FlacEncoder(flac, handle, bits, channels, dither);
    const status = flac.init_encoder_stream(
      handle,
      (data, bytes) => encoder.collect(data, bytes),
      (metadata) => {
        encoder.metadata = metadata;
      },
    );
    if (status !== 0) {
      flac.FLAC__stream_encoder_delete(handle);
      throw new Error(`libFLAC could not start encoding (init status ${status})`);
    }
    return encoder;
  }

  encode(channels: readonly Float32Array[], frames: number): Uint8Array {
    if (this.integers.length < frames * this.channels) {
      this.integers = new Int32Array(frames * this.channels);
    }
    this.pcm.integers(channels, frames, this.integers);
    if (!this.flac.FLAC__stream_encoder_process_interleaved(this.encoder, this.integers, frames)) {
      throw new Error(`libFLAC stopped encoding (state ${this.flac.FLAC__stream_encoder_get_state(this.encoder)})`);
    }
    return this.take();
  }

  finish(): Uint8Array {
    this.flac.FLAC__stream_encoder_finish(this.encoder);
    this.flac.FLAC__stream_encoder_delete(this.encoder);
    return this.take();
  }

  rewrite(): HeaderRewrite | undefined {
    if (this.metadata === undefined || this.streamInfoAt < 0) return undefined;
    return { offset: this.streamInfoAt, bytes: streamInfo(this.metadata, this.bits, this.channels) };
  }

  private collect(data: Uint8Array, bytes: number): void {
    const copy = data.slice(0, bytes);
    // libFLAC writes "fLaC" first, then always STREAMINFO: its 4-byte block header and 34 bytes.
    if (this.written === 0 && bytes >= 4 && String.fromCharCode(...copy.subarray(0, 4)) === "fLaC") {
      this.streamInfoAt = 8;
    }
    this.written += bytes;
    this.output.push(copy);
  }

  private take(): Uint8Array {
    const parts = this.output;
    this.output = [];
    if (parts.length === 1) return parts[0];
    const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let p = 0;
    for (const part of parts) {
      bytes.set(part, p);
      p += part.length;
    }
    return bytes;
  }
}

/** The 34 bytes of a STREAMINFO metadata block (FLAC format, section METADATA_BLOCK_STREAMINFO). */
function streamInfo(m: StreamMetadata, bits: number, channels: number): Uint8Array {
  const bytes = new Uint8Array(34);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, m.min_blocksize);
  view.setUint16(2, m.max_blocksize);
  view.setUint32(4, (m.min_framesize << 8) >>> 0);
  view.setUint32(7, (m.max_framesize << 8) >>> 0);
  const packed =
    (BigInt(m.sampleRate) << 44n) | (BigInt(channels - 1) << 41n) | (BigInt(bits - 1) << 36n) | BigInt(m.total_samples);
  view.setBigUint64(10, packed);
  const md5 = m.md5sum.padStart(32, "0");
  for (let i = 0; i < 16; i++) bytes[18 + i] = parseInt(md5.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
