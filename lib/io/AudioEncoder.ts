import { isWavFormat, type AudioFormat } from "./AudioFormat.js";
import { WavEncoder } from "./WavEncoder.js";

/** What every output format's encoder is told before the first sample. */
export interface EncoderSetup {
  format: AudioFormat;
  sampleRate: number;
  /** 1 (mono) or 2 (stereo). */
  channels: number;
  /** Frames the whole render holds, or undefined when that is known only at the end. */
  frames: number | undefined;
  /** TPDF dither for the integer formats (WAV and FLAC). */
  dither: boolean;
}

/** Bytes to write over the start of a seekable output once the render is done. */
export interface HeaderRewrite {
  offset: number;
  bytes: Uint8Array;
}

/**
 * Float frames in, the bytes of a file out, in order: the encoded bytes of each `encode` call
 * (which may be empty while the encoder buffers), then those of `finish`. An encoder that learns
 * something at the end that belongs in its header (a WAV file's sizes, a FLAC file's sample
 * count and MD5 signature) gives it as `rewrite()`, for outputs that can seek back; a pipe is
 * valid without it.
 */
export interface AudioEncoder {
  readonly format: AudioFormat;
  /** Encodes `frames` frames, one array per channel. */
  encode(channels: readonly Float32Array[], frames: number): Uint8Array;
  /** Ends the stream after `totalFrames` frames in all. */
  finish(totalFrames: number): Uint8Array;
  /** After `finish`: header bytes that a seekable output should write back, if any. */
  rewrite(): HeaderRewrite | undefined;
}

/**
 * An encoder for any format. The FLAC and MP3 encoders are WebAssembly modules, loaded (once per
 * thread) the first time they are asked for, hence the promise.
 * @throws RangeError for a setup the format cannot take (MP3 at a sample rate MPEG does not have).
 */
export async function createEncoder(setup: EncoderSetup): Promise<AudioEncoder> {
  const { format } = setup;
  if (isWavFormat(format)) {
    return new WavEncoder(format, setup.sampleRate, setup.channels, setup.frames, setup.dither);
  }
  if (format === "mp3") {
    const { Mp3Encoder } = await import("./Mp3Encoder.js");
    return Mp3Encoder.create(setup.sampleRate, setup.channels);
  }
  const { FlacEncoder } = await import("./FlacEncoder.js");
  return FlacEncoder.create(format === "flac" ? 16 : 24, setup.sampleRate, setup.channels, setup.frames, setup.dither);
}
