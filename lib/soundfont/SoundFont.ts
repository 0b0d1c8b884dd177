import type { Instrument } from "./Instrument.js";
import type { Preset } from "./Preset.js";
import { RiffReader } from "./RiffReader.js";
import type { SampleHeader } from "./SampleHeader.js";
import { SoundFontError } from "./SoundFontError.js";
import { readSoundFontInfo, type SoundFontInfo } from "./SoundFontInfo.js";
import { readParameters } from "./SoundFontParameters.js";
import { readSampleData } from "./SoundFontSampleData.js";

/**
 * A SoundFont 2 file, read into memory: its information, its sample data, and the presets and
 * instruments that play it.
 */
export class SoundFont {
  /** The information of the SoundFont (its INFO list). */
  readonly info: SoundFontInfo;

  /** The bits per sample of the wave data: always 16 (24-bit data is read as its upper 16 bits). */
  readonly bitsPerSample: number;

  /**
   * Every sample of the SoundFont in one array; a {@link SampleHeader} marks a span of it.
   *
   * This is a view on the bytes given to the constructor, not a copy, whenever the sample data
   * lies at an even byte offset of their underlying buffer (and the platform is little-endian,
   * as every common one is): changing those bytes changes the samples. Otherwise it is a copy.
   */
  readonly waveData: Int16Array;

  readonly sampleHeaders: readonly SampleHeader[];
  readonly presets: readonly Preset[];
  readonly instruments: readonly Instrument[];

  /**
   * Reads a SoundFont from the bytes of an SF2 file.
   * @throws {@link SoundFontError} when the bytes are not a SoundFont this library can read,
   * with the chunk and the byte offset of the problem.
   */
  constructor(data: Uint8Array | ArrayBuffer) {
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const reader = new RiffReader(bytes);

    if (bytes.length < 12) {
      throw new SoundFontError(
        "RIFF",
        0,
        `Invalid SoundFont: the RIFF header at byte 0 needs 12 bytes, but the file has ${bytes.length}`,
      );
    }
    if (reader.fourCC(0) !== "RIFF") {
      throw new SoundFontError(
        "RIFF",
        0,
        `Invalid SoundFont: the file starts with '${reader.fourCC(0)}', not 'RIFF'`,
      );
    }
    const formType = reader.fourCC(8);
    if (formType !== "sfbk") {
      throw new SoundFontError(
        "RIFF",
        8,
        `Invalid SoundFont: the RIFF form type at byte 8 is '${formType}', not 'sfbk'`,
      );
    }
    // Inner chunks are checked against the bytes actually there, so that a truncated file is
    // reported at the chunk it cuts; the RIFF size itself is checked last.
    const riffEnd = 8 + reader.view.getUint32(4, true);
    const end = Math.min(riffEnd, bytes.length);

    const infoList = reader.list(12, end, "INFO");
    this.info = readSoundFontInfo(reader, infoList);

    const sampleList = reader.list(reader.next(infoList.chunk, end), end, "sdta");
    this.bitsPerSample = 16;
    this.waveData = readSampleData(reader, sampleList);

    const parameterList = reader.list(reader.next(sampleList.chunk, end), end, "pdta");
    const parameters = readParameters(reader, parameterList, this.waveData.length);
    this.sampleHeaders = parameters.sampleHeaders;
    this.instruments = parameters.instruments;
    this.presets = parameters.presets;

    // Whatever follows the pdta list, inside the RIFF chunk or after it, is ignored.
    if (riffEnd > bytes.length) {
      throw new SoundFontError(
        "RIFF",
        0,
        `Invalid SoundFont: the RIFF chunk at byte 0 has length ${riffEnd - 8}, but only ${bytes.length - 8} bytes remain in the file`,
      );
    }
  }

  /** The name of the SoundFont. */
  toString(): string {
    return this.info.bankName;
  }
}
