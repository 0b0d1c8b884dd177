import type { WavFormat } from "./AudioFormat.js";

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;

/** Bytes one frame (a sample of every channel) takes. */
export function bytesPerFrame(format: WavFormat, channels = 2): number {
  return channels * (format === "s16" ? 2 : format === "s24" ? 3 : 4);
}

/** Header bytes that precede the samples of a WAV file in the given format. */
export function wavHeaderSize(format: WavFormat): number {
  // RIFF/WAVE (12) + fmt (8 + 16) + data header (8); float adds cbSize (2) and a fact chunk (12).
  return format === "f32" ? 58 : 44;
}

/**
 * Builds the header of a WAV file holding `frames` frames. When the sizes are known before a
 * single sample is rendered, the header is written first and the samples streamed after it,
 * even to a pipe that cannot seek back. When they are not (`frames` undefined: a tail that ends
 * when the sound has died away), the sizes are the largest RIFF can hold, which players read as
 * "until the end of the stream"; a file is given the true header once the render is done.
 * @throws RangeError when the file would exceed the 4 GiB that RIFF's 32-bit sizes can describe.
 */
export function wavHeader(format: WavFormat, sampleRate: number, frames: number | undefined, channels = 2): Uint8Array {
  const headerSize = wavHeaderSize(format);
  const blockAlign = bytesPerFrame(format, channels);
  const unknown = frames === undefined;
  const dataSize = unknown ? 0xffffffff - headerSize : frames * blockAlign;
  const riffSize = unknown ? 0xffffffff : headerSize - 8 + dataSize;
  if (riffSize > 0xffffffff) {
    throw new RangeError(
      `a WAV file holds at most 4 GiB; ${frames} frames of ${format} audio in ${channels} channels need ${dataSize} bytes`,
    );
  }
  const header = new Uint8Array(headerSize);
  const view = new DataView(header.buffer);
  let p = 0;
  const fourCC = (id: string): void => {
    for (let i = 0; i < 4; i++) {
      view.setUint8(p++, id.charCodeAt(i));
    }
  };
  const u16 = (value: number): void => {
    view.setUint16(p, value, true);
    p += 2;
  };
  const u32 = (value: number): void => {
    view.setUint32(p, value, true);
    p += 4;
  };

  fourCC("RIFF");
  u32(riffSize);
  fourCC("WAVE");

  fourCC("fmt ");
  u32(format === "f32" ? 18 : 16);
  u16(format === "f32" ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
  u16(channels);
  u32(sampleRate);
  u32(sampleRate * blockAlign);
  u16(blockAlign);
  u16(format === "s16" ? 16 : format === "s24" ? 24 : 32);
  if (format === "f32") {
    // The WAVE spec gives every non-PCM format an extension size and a fact chunk with the
    // frame count; strict readers refuse float files without them.
    u16(0);
    fourCC("fact");
    u32(4);
    u32(unknown ? 0xffffffff : frames);
  }

  fourCC("data");
  u32(dataSize);
  return header;
}
