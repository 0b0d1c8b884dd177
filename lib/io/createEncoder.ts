import type { AudioEncoder, EncoderSetup } from "./AudioEncoder.js";
import { isWavFormat } from "./AudioFormat.js";
import { WavEncoder } from "./WavEncoder.js";

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
