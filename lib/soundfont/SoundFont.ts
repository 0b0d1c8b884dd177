import { fileBytes } from "./fileBytes.js";
import { isDls, readDlsBank } from "./dls/DlsBank.js";
import { dlsToModel } from "./dls/dlsToModel.js";
import { writeSoundFont } from "./SoundFontWriter.js";
import { CompressedSamples } from "./CompressedSamples.js";
import type { Instrument } from "./Instrument.js";
import type { Preset } from "./Preset.js";
import { PresetLookup } from "./PresetLookup.js";
import { RiffReader } from "./RiffReader.js";
import { clampToWaveData, hasCompressedSamples, type SampleHeader } from "./SampleHeader.js";
import { SoundFontError } from "./SoundFontError.js";
import { readSoundFontInfo, type SoundFontInfo } from "./SoundFontInfo.js";
import { readParameters, type SampleLayout, type SoundFontParameters } from "./SoundFontParameters.js";
import { findSampleChunk, waveDataOf } from "./SoundFontSampleData.js";
import { loadVorbisModule, vorbisModuleAvailable, vorbisModuleSync } from "./VorbisDecoder.js";

/** How {@link SoundFont} reads a file. */
export interface SoundFontOptions {
  /**
   * SF3 only: decode every sample at load, for real-time use where decoding at a note-on could
   * glitch. By default each sample is decoded when a note first needs it.
   * With it, a sample that cannot be decoded makes the load throw.
   */
  decodeAll?: boolean;
  /**
   * SF3 only: called once for each sample that cannot be decoded when a note first needs it
   * (the note skips that sample; the error is also kept in {@link SoundFont.decodeErrors}).
   */
  onDecodeError?: (error: SoundFontError) => void;
}

/** Thrown by the constructor where SF3 needs the decoder that only SoundFont.load can get. */
class DecoderNotLoadedError extends SoundFontError {}

/**
 * A SoundFont file, SF2 or SF3, or a DLS bank (Level 1 or 2), read into memory: its
 * information, its sample data, and the presets and instruments that play it. An SF3 file's
 * samples (Ogg Vorbis) are decoded into `waveData` when a note first needs them, or all at once
 * with {@link SoundFont.decodeAll}.
 *
 * A DLS bank is converted to the SoundFont model on load (instruments to presets, regions to
 * instrument zones, connection blocks to generators and modulators, waves to 16-bit samples;
 * the README lists the rules) and then read as that SF2. That costs a pass over the bank and
 * two copies of its samples while it runs (decoded, then written); the `SoundFont` keeps the
 * SF2 form, whose samples take the bank's size (twice it for 8-bit waves). Errors name the DLS
 * chunk and its byte offset.
 */
export class SoundFont {
  /** The information of the SoundFont (its INFO list). */
  readonly info: SoundFontInfo;

  /** The bits per sample of the wave data: always 16 (24-bit data is read as its upper 16 bits). */
  readonly bitsPerSample: number;

  /**
   * Every sample of the SoundFont in one array; a {@link SampleHeader} marks a span of it.
   *
   * SF2: a view on the bytes given to the constructor, not a copy, whenever the sample data
   * lies at an even byte offset of their underlying buffer (and the platform is little-endian,
   * as every common one is): changing those bytes changes the samples. Otherwise it is a copy.
   *
   * SF3: sized at load for every sample decoded, each followed by 46 zero frames as in SF2; a
   * sample's span holds zeros until it is decoded (see {@link ensureDecoded}).
   */
  readonly waveData: Int16Array;

  /** Whether the file stores its samples as Ogg Vorbis (SF3). */
  readonly compressed: boolean;

  /** SF3: called for each sample that cannot be decoded at the note-on that needs it. */
  onDecodeError: ((error: SoundFontError) => void) | undefined;

  private readonly compressedSamples: CompressedSamples | undefined;

  readonly sampleHeaders: readonly SampleHeader[];
  readonly presets: readonly Preset[];
  /**
   * What the file holds that cannot be played and was left out, one line each: modulators with a
   * source, destination or transform the specification does not define (which it says to
   * ignore), and zones whose modulator indices are out of order.
   */
  readonly warnings: readonly string[];
  readonly instruments: readonly Instrument[];
  private lookup: PresetLookup | undefined;

  /**
   * Reads a SoundFont from the bytes of an SF2 or SF3 file or a DLS bank. SF3 needs the Vorbis decoder at
   * hand: in Node it is; elsewhere use {@link SoundFont.load}, which loads it.
   * @throws {@link SoundFontError} when the bytes are not a SoundFont this library can read,
   * with the chunk and the byte offset of the problem; for SF3 where the decoder is not loaded.
   */
  constructor(data: Uint8Array | ArrayBuffer, options: SoundFontOptions = {}) {
    const parts = partsReadInSteps ?? finish(readParts(data));
    partsReadInSteps = null;
    this.info = parts.info;
    this.bitsPerSample = 16;
    this.waveData = parts.waveData;
    this.compressedSamples = parts.compressedSamples;
    this.compressed = parts.compressedSamples !== undefined;
    this.onDecodeError = options.onDecodeError;
    this.sampleHeaders = parts.sampleHeaders;
    this.instruments = parts.instruments;
    this.presets = parts.presets;
    this.warnings = parts.warnings;
    if (options.decodeAll) this.decodeAll();
  }

  /**
   * Reads a SoundFont from the bytes of an SF2 or SF3 file, anywhere (Node, browsers, workers):
   * for SF3 it first loads the Vorbis decoder (WebAssembly).
   * @throws (rejects) {@link SoundFontError} as the constructor does.
   */
  static async load(data: Uint8Array | ArrayBuffer, options: SoundFontOptions = {}): Promise<SoundFont> {
    try {
      return new SoundFont(data, options);
    } catch (error) {
      if (!(error instanceof DecoderNotLoadedError)) throw error;
    }
    await loadVorbisModule();
    return new SoundFont(data, options);
  }

  /**
   * Reads a SoundFont as the constructor does, a little at a time: each step of the generator
   * builds about one instrument or preset, and its result is the SoundFont. For a thread with
   * deadlines (an audio thread), which can read a large font between its other work.
   */
  static *readInSteps(data: Uint8Array | ArrayBuffer, options: SoundFontOptions = {}): Generator<void, SoundFont, void> {
    const parts = yield* readParts(data);
    // Taken by the constructor at once: nothing runs between these two lines.
    partsReadInSteps = parts;
    return new SoundFont(data, options);
  }

  /**
   * Decodes `sample` now if it is an SF3 sample not decoded yet; the synthesizer calls it at
   * each note-on. Always true for SF2.
   * @returns Whether the sample can play: false when it cannot be decoded (its error is then
   * reported once, through {@link onDecodeError} and {@link decodeErrors}).
   */
  ensureDecoded(sample: SampleHeader): boolean {
    const samples = this.compressedSamples;
    if (samples === undefined) return true;
    const errors = samples.errors.length;
    const playable = samples.ensureDecoded(sample);
    if (samples.errors.length > errors) this.onDecodeError?.(samples.errors[errors]);
    return playable;
  }

  /**
   * SF3: decodes every sample not decoded yet, for real-time use where decoding at a note-on
   * could glitch. Nothing to do for SF2.
   * @throws {@link SoundFontError} naming the first sample that cannot be decoded (after trying all).
   */
  decodeAll(): void {
    const failed = this.compressedSamples?.decodeAll() ?? [];
    if (failed.length > 0) throw failed[0];
  }

  /** SF3: the samples that could not be decoded so far (each once); empty for SF2. */
  get decodeErrors(): readonly SoundFontError[] {
    return this.compressedSamples?.errors ?? [];
  }

  /** SF3: how many samples are decoded so far; for SF2, all of them. */
  get decodedSampleCount(): number {
    return this.compressedSamples?.decodedCount ?? this.sampleHeaders.length;
  }

  /** The name of the SoundFont. */
  /**
   * The preset a synthesizer plays for `bank` and `program`: the exact one; else the same program
   * in bank 0 (the standard kit, 128:0, for banks 128 and up); else the font's lowest preset.
   * Undefined only for a font without presets.
   */
  findPreset(bank: number, program: number): Preset | undefined {
    return this.presetLookup.find(bank, program);
  }

  /** The presets by bank, then program (`presets` is in file order). */
  get sortedPresets(): readonly Preset[] {
    return [...this.presets].sort((a, b) => a.bankNumber - b.bankNumber || a.patchNumber - b.patchNumber);
  }

  /** The presets by bank and program, made once, as the synthesizer looks them up. */
  get presetLookup(): PresetLookup {
    return (this.lookup ??= new PresetLookup(this.presets));
  }

  toString(): string {
    return this.info.bankName;
  }
}

/** What a SoundFont is read into. */
interface SoundFontParts extends SoundFontParameters {
  info: SoundFontInfo;
  waveData: Int16Array;
  compressedSamples: CompressedSamples | undefined;
}

// The parts SoundFont.readInSteps has read, handed to the constructor it calls next.
let partsReadInSteps: SoundFontParts | null = null;

/** Reads the bytes of an SF2 or SF3 file or a DLS bank, in the steps of readParameters. */
function* readParts(data: Uint8Array | ArrayBuffer): Generator<void, SoundFontParts, void> {
  const given = fileBytes(data, "SoundFont");
  const bytes = isDls(given) ? writeSoundFont(dlsToModel(readDlsBank(given))) : given;
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
      `Invalid SoundFont: the RIFF form type at byte 8 is '${formType}', neither 'sfbk' (SoundFont) nor 'DLS ' (DLS bank)`,
    );
  }
  // Inner chunks are checked against the bytes actually there, so that a truncated file is
  // reported at the chunk it cuts; the RIFF size itself is checked last.
  const riffEnd = 8 + reader.view.getUint32(4, true);
  const end = Math.min(riffEnd, bytes.length);

  const infoList = reader.list(12, end, "INFO");
  const info = readSoundFontInfo(reader, infoList);

  const sampleList = reader.list(reader.next(infoList.chunk, end), end, "sdta");
  const smpl = findSampleChunk(reader, sampleList);

  // The sample headers say whether the samples are PCM (SF2) or Ogg Vorbis (SF3).
  let waveData: Int16Array | undefined;
  let compressedSamples: CompressedSamples | undefined;
  const layOut: SampleLayout = (records, shdr) => {
    if (!hasCompressedSamples(records)) {
      waveData = waveDataOf(reader, smpl);
      return { sampleHeaders: clampToWaveData(records, waveData.length), waveDataLength: waveData.length };
    }
    if (!vorbisModuleAvailable()) {
      throw new DecoderNotLoadedError(
        shdr.name,
        shdr.dataOffset,
        "Unsupported here: this SoundFont is SF3 (Ogg Vorbis samples), and new SoundFont() has no Vorbis decoder at hand outside Node; use `await SoundFont.load(bytes)`",
      );
    }
    compressedSamples = new CompressedSamples(reader, smpl, records, () => vorbisModuleSync()!);
    waveData = compressedSamples.waveData;
    return { sampleHeaders: compressedSamples.sampleHeaders, waveDataLength: waveData.length };
  };
  const parameterList = reader.list(reader.next(sampleList.chunk, end), end, "pdta");
  const parameters = yield* readParameters(reader, parameterList, layOut);

  // Whatever follows the pdta list, inside the RIFF chunk or after it, is ignored.
  if (riffEnd > bytes.length) {
    throw new SoundFontError(
      "RIFF",
      0,
      `Invalid SoundFont: the RIFF chunk at byte 0 has length ${riffEnd - 8}, but only ${bytes.length - 8} bytes remain in the file`,
    );
  }
  return { info, waveData: waveData!, compressedSamples, ...parameters };
}

/** A generator's steps all run: its result. */
function finish<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
