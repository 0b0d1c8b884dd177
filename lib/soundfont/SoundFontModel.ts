import type { Modulator } from "./Modulator.js";
import type { SampleHeader } from "./SampleHeader.js";
import type { SoundFontInfo } from "./SoundFontInfo.js";

/**
 * What {@link writeSoundFont} writes: a parsed {@link SoundFont} is one, and so is any plain
 * object of this shape that a program builds.
 */
export interface SoundFontModel {
  /** The INFO fields; absent ones are written as version 2.1, "EMU8000", "Untitled" or left out. */
  readonly info: Partial<SoundFontInfo>;
  /** All the samples, which the sample headers' positions index. */
  readonly waveData: Int16Array;
  readonly sampleHeaders: readonly SampleHeader[];
  readonly instruments: readonly InstrumentModel[];
  readonly presets: readonly PresetModel[];
}

/** An instrument to write; {@link Instrument} is one. */
export interface InstrumentModel {
  readonly name: string;
  readonly regions: readonly InstrumentRegionModel[];
}

/** An instrument region to write; {@link InstrumentRegion} is one. */
export interface InstrumentRegionModel {
  /**
   * 61 raw generator values indexed by {@link GeneratorType}, defaults included (see
   * {@link InstrumentRegion.createDefaultGenerators}). The sampleID slot is ignored: `sample` decides.
   */
  readonly generators: Int16Array;
  /** One of the model's `sampleHeaders` (the same object). */
  readonly sample: SampleHeader;
  /** The region's modulators; none when absent. A link's destination indexes this list. */
  readonly modulators?: readonly Modulator[];
}

/** A preset to write; {@link Preset} is one. */
export interface PresetModel {
  readonly name: string;
  readonly patchNumber: number;
  readonly bankNumber: number;
  readonly library?: number;
  readonly genre?: number;
  readonly morphology?: number;
  readonly regions: readonly PresetRegionModel[];
}

/** A preset region to write; {@link PresetRegion} is one. */
export interface PresetRegionModel {
  /**
   * 61 raw generator values indexed by {@link GeneratorType}, defaults included (see
   * {@link PresetRegion.createDefaultGenerators}). The instrument slot is ignored: `instrument` decides.
   */
  readonly generators: Int16Array;
  /** One of the model's `instruments` (the same object). */
  readonly instrument: InstrumentModel;
  /** The region's modulators; none when absent. A link's destination indexes this list. */
  readonly modulators?: readonly Modulator[];
}
