import type { AudioFormat } from "./AudioFormat.js";

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
  /** kbit/s of a lossy format that takes a choice (Opus), or undefined for its default. */
  bitrate?: number;
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
