import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";
import { SampleType } from "./SampleType.js";

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

/** A shdr record as the file has it, before its positions are laid out on the wave data. */
export interface SampleRecord extends SampleHeader {
  /** Byte offset of the record in the file. */
  readonly recordOffset: number;
}

/**
 * Reads the shdr chunk's records with their positions as the file has them: sample indices into
 * smpl for SF2, byte offsets of Ogg streams (and loop points relative to the decoded sample) for
 * SF3. {@link clampToWaveData} or the SF3 layout makes them indices into `waveData`.
 */
export function readSampleRecords(reader: RiffReader, chunk: RiffChunk): SampleRecord[] {
  const count = recordCount(chunk, sampleHeaderSize);
  const { view } = reader;
  const records = new Array<SampleRecord>(count);
  for (let i = 0; i < count; i++) {
    const p = chunk.dataOffset + i * sampleHeaderSize;
    records[i] = {
      name: reader.string(p, 20),
      start: view.getUint32(p + 20, true),
      end: view.getUint32(p + 24, true),
      startLoop: view.getUint32(p + 28, true),
      endLoop: view.getUint32(p + 32, true),
      sampleRate: view.getUint32(p + 36, true),
      originalPitch: view.getUint8(p + 40),
      pitchCorrection: view.getInt8(p + 41),
      link: view.getUint16(p + 42, true),
      type: view.getUint16(p + 44, true),
      recordOffset: p,
    };
  }
  return records;
}

/** Whether any record is an SF3 sample (Ogg Vorbis). */
export function hasCompressedSamples(records: readonly SampleRecord[]): boolean {
  return records.some((record) => (record.type & SampleType.compressed) !== 0);
}

/**
 * SF2: positions past the end of the wave data are clamped to its end, as FluidSynth does, so
 * that no header points outside the samples. Loops are left as they are, even empty or outside
 * the sample: the synthesizer plays such a sample without loop.
 */
export function clampToWaveData(records: readonly SampleRecord[], waveDataLength: number): SampleHeader[] {
  const clamp = (value: number): number => Math.min(value, waveDataLength);
  return records.map(({ recordOffset: _, ...record }) => ({
    ...record,
    start: clamp(record.start),
    end: clamp(record.end),
    startLoop: clamp(record.startLoop),
    endLoop: clamp(record.endLoop),
  }));
}
