import { bytesPerFrame, type SampleFormat } from "./SampleFormat.js";

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;

/** Header bytes that precede the samples of a stereo WAV file in the given format. */
export function wavHeaderSize(format: SampleFormat): number {
  // RIFF/WAVE (12) + fmt (8 + 16) + data header (8); float adds cbSize (2) and a fact chunk (12).
  return format === "s16" ? 44 : 58;
}

/**
 * Builds the header of a stereo WAV file holding `frames` frames. The sizes are known before a
 * single sample is rendered, so the header can be written first and the samples streamed after
 * it, even to a pipe that cannot seek back.
 * @throws RangeError when the file would exceed the 4 GiB that RIFF's 32-bit sizes can describe.
 */
export function wavHeader(format: SampleFormat, sampleRate: number, frames: number): Uint8Array {
  const headerSize = wavHeaderSize(format);
  const blockAlign = bytesPerFrame(format);
  const dataSize = frames * blockAlign;
  const riffSize = headerSize - 8 + dataSize;
  if (riffSize > 0xffffffff) {
    throw new RangeError(
      `a WAV file holds at most 4 GiB; ${frames} frames of ${format} stereo need ${dataSize} bytes`,
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
  u32(format === "s16" ? 16 : 18);
  u16(format === "s16" ? WAVE_FORMAT_PCM : WAVE_FORMAT_IEEE_FLOAT);
  u16(2);
  u32(sampleRate);
  u32(sampleRate * blockAlign);
  u16(blockAlign);
  u16(format === "s16" ? 16 : 32);
  if (format === "f32") {
    // The WAVE spec gives every non-PCM format an extension size and a fact chunk with the
    // frame count; strict readers refuse float files without them.
    u16(0);
    fourCC("fact");
    u32(4);
    u32(frames);
  }

  fourCC("data");
  u32(dataSize);
  return header;
}
