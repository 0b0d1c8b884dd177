import { generatorOffset, type GeneratorList } from "./Generator.js";
import { GeneratorType, generatorCount } from "./GeneratorType.js";
import type { LoopMode } from "./LoopMode.js";
import type { SampleHeader } from "./SampleHeader.js";
import { regionModulators, type Modulator } from "./Modulator.js";
import { SoundFontError } from "./SoundFontError.js";
import { defineGeneratorGetters, instrumentDefaults, type PhysicalGenerators, type PhysicalGeneratorName } from "./GeneratorTable.js";
import { applyZones, emptyZone, generatorBlock, generatorError, isGlobalZone, type Zone } from "./Zone.js";

const G = GeneratorType;

/**
 * An instrument region: a sample and every parameter needed to play it over a range of keys
 * and velocities. A getter named after each generator gives it in physical units (hertz,
 * seconds, decibels, percent, cents, semitones), computed in float32 exactly as MeltySynth's
 * InstrumentRegion computes them; the generator table defines them all.
 */
export interface InstrumentRegion extends PhysicalGenerators<Exclude<PhysicalGeneratorName, "fineTune">> {}

export class InstrumentRegion {
  /**
   * The raw generator values, indexed by {@link GeneratorType}: the defaults, then the
   * instrument's global zone, then the region's own zone. For a region read from a file, a
   * view on one array that all the instrument's regions share.
   */
  readonly generators: Int16Array;

  /** The sample the region plays. */
  readonly sample: SampleHeader;

  /**
   * The region's modulators (its global zone's, then its own), which the 'full' profile plays:
   * they replace default modulators of the same identity.
   */
  readonly modulators: readonly Modulator[];

  /**
   * @param generators - 61 raw generator values, indexed by {@link GeneratorType}.
   * @param sample - The sample the region plays.
   * @param modulators - The region's modulators.
   */
  constructor(generators: Int16Array, sample: SampleHeader, modulators: readonly Modulator[] = []) {
    this.generators = generators;
    this.sample = sample;
    this.modulators = modulators;
  }

  /** The generator values of an instrument zone that sets nothing: the SoundFont defaults. */
  static createDefaultGenerators(): Int16Array {
    return instrumentDefaults();
  }

  /** Whether the region covers the given key and velocity. */
  contains(key: number, velocity: number): boolean {
    return (
      this.keyRangeStart <= key &&
      key <= this.keyRangeEnd &&
      this.velocityRangeStart <= velocity &&
      velocity <= this.velocityRangeEnd
    );
  }

  /** The sample name and the key and velocity ranges. */
  toString(): string {
    return `${this.sample.name} (Key: ${this.keyRangeStart}-${this.keyRangeEnd}, Velocity: ${this.velocityRangeStart}-${this.velocityRangeEnd})`;
  }

  get sampleStart(): number {
    return this.sample.start + this.startAddressOffset;
  }
  get sampleEnd(): number {
    return this.sample.end + this.endAddressOffset;
  }
  get sampleStartLoop(): number {
    return this.sample.startLoop + this.startLoopAddressOffset;
  }
  get sampleEndLoop(): number {
    return this.sample.endLoop + this.endLoopAddressOffset;
  }

  get startAddressOffset(): number {
    return 32768 * this.generators[G.startAddressCoarseOffset] + this.generators[G.startAddressOffset];
  }
  get endAddressOffset(): number {
    return 32768 * this.generators[G.endAddressCoarseOffset] + this.generators[G.endAddressOffset];
  }
  get startLoopAddressOffset(): number {
    return (
      32768 * this.generators[G.startLoopAddressCoarseOffset] + this.generators[G.startLoopAddressOffset]
    );
  }
  get endLoopAddressOffset(): number {
    return 32768 * this.generators[G.endLoopAddressCoarseOffset] + this.generators[G.endLoopAddressOffset];
  }

  get keyRangeStart(): number {
    return this.generators[G.keyRange] & 0xff;
  }
  get keyRangeEnd(): number {
    return (this.generators[G.keyRange] >> 8) & 0xff;
  }
  get velocityRangeStart(): number {
    return this.generators[G.velocityRange] & 0xff;
  }
  get velocityRangeEnd(): number {
    return (this.generators[G.velocityRange] >> 8) & 0xff;
  }


  /** In cents, including the sample's pitch correction. */
  get fineTune(): number {
    return this.generators[G.fineTune] + this.sample.pitchCorrection;
  }
  /** How the sample loops; the specification's "unused" mode 2 means no loop. */
  get sampleModes(): LoopMode {
    const mode = this.generators[G.sampleModes];
    // Loading refuses anything but 0 to 3, so this is 0, 1 or 3.
    return (mode !== 2 ? mode : 0) as LoopMode;
  }

  get exclusiveClass(): number {
    return this.generators[G.exclusiveClass];
  }
  /** The overriding root key if the region sets one, else the sample's original pitch. */
  get rootKey(): number {
    const key = this.generators[G.overridingRootKey];
    return key !== -1 ? key : this.sample.originalPitch;
  }
}

defineGeneratorGetters(InstrumentRegion.prototype, "instrument", (info) => info.name !== "fineTune");

// Read, never written: made once rather than per instrument, which also keeps Int16Array.from and
// its callback out of the code V8 compiles for this loader's hottest function.
const DEFAULTS = instrumentDefaults();

/**
 * Builds an instrument's regions from its zones. The first zone is a global zone, the base of
 * all others, unless it ends with a sampleID generator. Refuses sample IDs outside the sample
 * headers, sample spans outside the wave data and loop modes other than 0 to 3.
 */
export function createInstrumentRegions(
  instrumentName: string,
  zones: readonly Zone[],
  generators: GeneratorList,
  samples: readonly SampleHeader[],
  waveDataLength: number,
  modulators: readonly Modulator[],
  warnings: string[],
): InstrumentRegion[] {
  const hasGlobal = isGlobalZone(zones[0], generators, G.sampleID);
  const global = hasGlobal ? zones[0] : emptyZone;
  const regions: InstrumentRegion[] = [];
  const first = hasGlobal ? 1 : 0;
  const block = generatorBlock(DEFAULTS, zones.length - first);
  const owner = `the instrument '${instrumentName}'`;
  for (let i = first; i < zones.length; i++) {
    const gs = block.subarray((i - first) * generatorCount, (i - first + 1) * generatorCount);
    applyZones(gs, generators, global, zones[i]);
    const id = gs[G.sampleID];
    if (id < 0 || id >= samples.length) {
      throw generatorError(owner, generators, global, zones[i], G.sampleID, `refers to sample ${id}, but there are ${samples.length} samples`);
    }
    const region = new InstrumentRegion(gs, samples[id], regionModulators(modulators, global, zones[i], owner, i, warnings));

    const { sampleStart: start, sampleEnd: end } = region;
    if (start < 0 || end < start || end > waveDataLength) {
      const offset = generatorOffset(generators, zones[i].start);
      throw new SoundFontError(
        generators.chunk.name,
        offset,
        `Invalid SoundFont: ${owner} plays the sample '${region.sample.name}' from ${start} to ${end}, ` +
          `which is not a span of the ${waveDataLength} samples of wave data (zone at igen byte ${offset})`,
      );
    }

    const mode = gs[G.sampleModes];
    if (mode < 0 || mode > 3) {
      throw generatorError(owner, generators, global, zones[i], G.sampleModes, `has the loop mode ${mode}, not 0, 1, 2 or 3`);
    }
    regions.push(region);
  }
  return regions;
}
