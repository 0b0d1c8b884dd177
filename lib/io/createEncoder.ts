import type { AudioEncoder, EncoderSetup } from "./AudioEncoder.js";
import { isWavFormat } from "./AudioFormat.js";
import { checkMp3SampleRate } from "./Mp3Encoder.js";
import { checkOpusBitRate, checkOpusSampleRate } from "./OpusEncoder.js";
import { WavEncoder } from "./WavEncoder.js";

/**
 * Refuses, before any work, a setup the format cannot take: what {@link createEncoder} would
 * refuse once the render has begun.
 * @throws RangeError for a sample rate the format does not have, or a bit rate given to a format
 * without a choice of it or out of its range.
 */
export function checkEncoderSetup(setup: EncoderSetup): void {
  if (setup.bitrate !== undefined && setup.format !== "opus") {
    throw new RangeError(`bitrate applies to the opus format only, not ${setup.format}`);
  }
  if (setup.format === "mp3") checkMp3SampleRate(setup.sampleRate);
  if (setup.format === "opus") {
    checkOpusSampleRate(setup.sampleRate);
    if (setup.bitrate !== undefined) checkOpusBitRate(setup.bitrate);
  }
}

/**
 * An encoder for any format. The FLAC, MP3 and Opus encoders are WebAssembly modules, loaded (once
 * per thread) the first time they are asked for, hence the promise.
 * @throws RangeError for a setup the format cannot take (MP3 at a sample rate MPEG does not have,
 * Opus at a rate libopus does not take or a bit rate it does not have).
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
  if (format === "opus") {
    const { OpusEncoder } = await import("./OpusEncoder.js");
    return OpusEncoder.create(setup.sampleRate, setup.channels, setup.bitrate);
  }
  const { FlacEncoder } = await import("./FlacEncoder.js");
  return FlacEncoder.create(format === "flac" ? 16 : 24, setup.sampleRate, setup.channels, setup.frames, setup.dither);
}
