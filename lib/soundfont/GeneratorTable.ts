import { GeneratorType, generatorCount } from "./GeneratorType.js";
import { centsToHertz, centsToMultiplyingFactor, tenths, timecentsToSeconds } from "../kernels/SoundFontMath.js";

/**
 * How a generator's raw 16-bit value reads (SoundFont 2.04, 8.1.3), which decides how it turns
 * into a physical value at each level:
 * - `pitchCents`, `raw`: the number as it is, at both levels;
 * - `absoluteCents`: hertz at the instrument level, a factor on the instrument's hertz at the preset level;
 * - `timecents`: seconds at the instrument level, a factor on the instrument's seconds at the preset level;
 * - `tenths`: centibels or tenths of a percent, in decibels or percent at both levels;
 * - `special`: addresses, ranges, indices and flags, which the regions read in their own way.
 */
export type GeneratorUnit = "pitchCents" | "raw" | "absoluteCents" | "timecents" | "tenths" | "special";

/** One generator: its number, name, unit, default and the range the specification gives it. */
export interface GeneratorInfo {
  /** The generator number, the index into a region's generators. */
  readonly type: number;
  /** The name, as {@link GeneratorType} spells it. */
  readonly name: string;
  readonly unit: GeneratorUnit;
  /** The value an instrument zone has when neither it nor its global zone sets one. */
  readonly defaultValue: number;
  /** The smallest and largest meaningful sum of preset, instrument and modulator values. */
  readonly min: number;
  readonly max: number;
  /** Whether a preset zone may set it: sample addresses and modes, and a few others, are instrument-only. */
  readonly atPresetLevel: boolean;
  /**
   * Whether a modulator may drive it. Ranges, indices and flags cannot be modulated, and the
   * engine leaves out modulators of sample addresses, which only matter before a note starts.
   */
  readonly modulatable: boolean;
}

const WIDE = 32767;
// name, unit, default, min, max, preset level, modulatable
const ROWS = [
  ["startAddressOffset", "special", 0, 0, WIDE, false, false],
  ["endAddressOffset", "special", 0, -WIDE, 0, false, false],
  ["startLoopAddressOffset", "special", 0, -WIDE, WIDE, false, false],
  ["endLoopAddressOffset", "special", 0, -WIDE, WIDE, false, false],
  ["startAddressCoarseOffset", "special", 0, 0, WIDE, false, false],
  ["modulationLfoToPitch", "pitchCents", 0, -12000, 12000, true, true],
  ["vibratoLfoToPitch", "pitchCents", 0, -12000, 12000, true, true],
  ["modulationEnvelopeToPitch", "pitchCents", 0, -12000, 12000, true, true],
  ["initialFilterCutoffFrequency", "absoluteCents", 13500, 1500, 13500, true, true],
  ["initialFilterQ", "tenths", 0, 0, 960, true, true],
  ["modulationLfoToFilterCutoffFrequency", "pitchCents", 0, -12000, 12000, true, true],
  ["modulationEnvelopeToFilterCutoffFrequency", "pitchCents", 0, -12000, 12000, true, true],
  ["endAddressCoarseOffset", "special", 0, -WIDE, 0, false, false],
  ["modulationLfoToVolume", "tenths", 0, -960, 960, true, true],
  ["unused1", "special", 0, 0, 0, false, false],
  ["chorusEffectsSend", "tenths", 0, 0, 1000, true, true],
  ["reverbEffectsSend", "tenths", 0, 0, 1000, true, true],
  ["pan", "tenths", 0, -500, 500, true, true],
  ["unused2", "special", 0, 0, 0, false, false],
  ["unused3", "special", 0, 0, 0, false, false],
  ["unused4", "special", 0, 0, 0, false, false],
  ["delayModulationLfo", "timecents", -12000, -12000, 5000, true, true],
  ["frequencyModulationLfo", "absoluteCents", 0, -16000, 4500, true, true],
  ["delayVibratoLfo", "timecents", -12000, -12000, 5000, true, true],
  ["frequencyVibratoLfo", "absoluteCents", 0, -16000, 4500, true, true],
  ["delayModulationEnvelope", "timecents", -12000, -12000, 5000, true, true],
  ["attackModulationEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["holdModulationEnvelope", "timecents", -12000, -12000, 5000, true, true],
  ["decayModulationEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["sustainModulationEnvelope", "tenths", 0, 0, 1000, true, true],
  ["releaseModulationEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["keyNumberToModulationEnvelopeHold", "raw", 0, -1200, 1200, true, true],
  ["keyNumberToModulationEnvelopeDecay", "raw", 0, -1200, 1200, true, true],
  ["delayVolumeEnvelope", "timecents", -12000, -12000, 5000, true, true],
  ["attackVolumeEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["holdVolumeEnvelope", "timecents", -12000, -12000, 5000, true, true],
  ["decayVolumeEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["sustainVolumeEnvelope", "tenths", 0, 0, 1440, true, true],
  ["releaseVolumeEnvelope", "timecents", -12000, -12000, 8000, true, true],
  ["keyNumberToVolumeEnvelopeHold", "raw", 0, -1200, 1200, true, true],
  ["keyNumberToVolumeEnvelopeDecay", "raw", 0, -1200, 1200, true, true],
  ["instrument", "special", 0, 0, WIDE, true, false],
  ["reserved1", "special", 0, 0, 0, false, false],
  ["keyRange", "special", 0x7f00, 0, 0x7f7f, true, false],
  ["velocityRange", "special", 0x7f00, 0, 0x7f7f, true, false],
  ["startLoopAddressCoarseOffset", "special", 0, -WIDE, WIDE, false, false],
  ["keyNumber", "special", -1, 0, 127, false, false],
  ["velocity", "special", -1, 0, 127, false, false],
  ["initialAttenuation", "tenths", 0, 0, 1440, true, true],
  ["reserved2", "special", 0, 0, 0, false, false],
  ["endLoopAddressCoarseOffset", "special", 0, -WIDE, WIDE, false, false],
  ["coarseTune", "raw", 0, -120, 120, true, true],
  ["fineTune", "raw", 0, -99, 99, true, true],
  ["sampleID", "special", 0, 0, WIDE, false, false],
  ["sampleModes", "special", 0, 0, 3, false, false],
  ["reserved3", "special", 0, 0, 0, false, false],
  ["scaleTuning", "raw", 100, 0, 1200, true, true],
  ["exclusiveClass", "special", 0, 0, 127, false, false],
  ["overridingRootKey", "special", -1, 0, 127, false, false],
  ["unused5", "special", 0, 0, 0, false, false],
  ["unusedEnd", "special", 0, 0, 0, false, false],
] as const satisfies readonly (readonly [string, GeneratorUnit, number, number, number, boolean, boolean])[];

type Row = (typeof ROWS)[number];
type NamesIn<U extends GeneratorUnit> = Extract<Row, readonly [string, U, ...unknown[]]>[0];

/** The generators that read as a number in physical units: the getters of a region. */
export type PhysicalGeneratorName = NamesIn<Exclude<GeneratorUnit, "special">>;

/**
 * A region's getters, one per generator in physical units: instrument regions give hertz,
 * seconds, decibels and percent; preset regions give what they add or the factor they apply.
 */
export type PhysicalGenerators<Name extends PhysicalGeneratorName> = { readonly [K in Name]: number };

/** Every SoundFont 2 generator, indexed by its number: the one table of names, units, defaults and ranges. */
export const generatorTable: readonly GeneratorInfo[] = ROWS.map(
  ([name, unit, defaultValue, min, max, atPresetLevel, modulatable], type) => ({
    type,
    name,
    unit,
    defaultValue,
    min,
    max,
    atPresetLevel,
    modulatable,
  }),
);

if (generatorTable.length !== generatorCount) {
  throw new Error(`the generator table has ${generatorTable.length} rows, not ${generatorCount}`);
}

/** The raw values of an instrument zone that sets nothing. */
export function instrumentDefaults(): Int16Array {
  return Int16Array.from(generatorTable, (g) => g.defaultValue);
}

/** The raw values of a preset zone that sets nothing: offsets of 0, full key and velocity ranges. */
export function presetDefaults(): Int16Array {
  const gs = new Int16Array(generatorCount);
  gs[GeneratorType.keyRange] = 0x7f00;
  gs[GeneratorType.velocityRange] = 0x7f00;
  return gs;
}

/**
 * Defines the physical-unit getter of every generator `include` accepts on a region class
 * whose instances hold `generators`: one definition for all of them rather than a list per
 * class. The conversions are the float32 ones MeltySynth uses.
 */
export function defineGeneratorGetters(
  prototype: object,
  level: "instrument" | "preset",
  include: (info: GeneratorInfo) => boolean,
): void {
  for (const info of generatorTable) {
    if (info.unit === "special" || !include(info)) continue;
    const convert = conversion(info.unit, level);
    const type = info.type;
    Object.defineProperty(prototype, info.name, {
      get(this: { readonly generators: Int16Array }): number {
        return convert(this.generators[type]);
      },
      enumerable: false,
      configurable: true,
    });
  }
}

function conversion(unit: Exclude<GeneratorUnit, "special">, level: "instrument" | "preset"): (x: number) => number {
  switch (unit) {
    case "pitchCents":
    case "raw":
      return (x) => x;
    case "tenths":
      return tenths;
    case "absoluteCents":
      return level === "instrument" ? centsToHertz : centsToMultiplyingFactor;
    case "timecents":
      return level === "instrument" ? timecentsToSeconds : centsToMultiplyingFactor;
  }
}
