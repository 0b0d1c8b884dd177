import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";
import { SampleType } from "./SampleType.js";
import { SoundFontError } from "./SoundFontError.js";

/**
 * A sample in the SoundFont: a span of the SoundFont's `waveData` and how to play it.
 * Positions are indices into `waveData` (in samples, not bytes); `end` and `endLoop` are exclusive.
 */
export interface SampleHeader {
  readonly name: string;
  /** Where the sample starts in the wave data. */
  readonly start: number;
  /** Where the sample ends in the wave data (exclusive). */
  readonly end: number;
  /** Where the loop starts in the wave data. */
  readonly startLoop: number;
  /** Where the loop ends in the wave data (exclusive). */
  readonly endLoop: number;
  /** The sample rate in hertz at which the sample was recorded. */
  readonly sampleRate: number;
  /** The MIDI key number of the recorded pitch. */
  readonly originalPitch: number;
  /** The pitch correction in cents to apply on playback (-128 to 127). */
  readonly pitchCorrection: number;
  /** The index of the other channel's header for a stereo sample. */
  readonly link: number;
  /** A combination of {@link SampleType} bits. */
  readonly type: number;
}

/** The size of a shdr record in bytes. */
export const sampleHeaderSize = 46;

/**
 * Reads the shdr chunk. Positions past the end of the wave data are clamped to its end, as
 * FluidSynth does, so that no header points outside the samples. Loops are left as they are,
 * even empty or outside the sample: the synthesizer plays such a sample without loop.
 */
export function readSampleHeaders(
  reader: RiffReader,
  chunk: RiffChunk,
  waveDataLength: number,
): SampleHeader[] {
  const count = recordCount(chunk, sampleHeaderSize);
  const { view } = reader;
  const clamp = (value: number): number => Math.min(value, waveDataLength);
  const headers = new Array<SampleHeader>(count);
  for (let i = 0; i < count; i++) {
    const p = chunk.dataOffset + i * sampleHeaderSize;
    const header: SampleHeader = {
      name: reader.string(p, 20),
      start: clamp(view.getUint32(p + 20, true)),
      end: clamp(view.getUint32(p + 24, true)),
      startLoop: clamp(view.getUint32(p + 28, true)),
      endLoop: clamp(view.getUint32(p + 32, true)),
      sampleRate: view.getUint32(p + 36, true),
      originalPitch: view.getUint8(p + 40),
      pitchCorrection: view.getInt8(p + 41),
      link: view.getUint16(p + 42, true),
      type: view.getUint16(p + 44, true),
    };
    if ((header.type & SampleType.compressed) !== 0) {
      throw new SoundFontError(
        chunk.name,
        p,
        `Unsupported SoundFont: the sample '${header.name}' (shdr record at byte ${p}) is compressed; SF3 SoundFonts are not supported`,
      );
    }
    headers[i] = header;
  }
  return headers;
}
