import type { GeneratorList } from "./Generator.js";
import { GeneratorType, generatorCount } from "./GeneratorType.js";
import type { Instrument } from "./Instrument.js";
import { regionModulators, type Modulator } from "./Modulator.js";
import { defineGeneratorGetters, presetDefaults, type PhysicalGenerators, type PhysicalGeneratorName } from "./GeneratorTable.js";
import { applyZones, emptyZone, generatorBlock, generatorError, isGlobalZone, type Zone } from "./Zone.js";

const G = GeneratorType;

/**
 * A preset region: an instrument over a range of keys and velocities, and how the preset
 * changes that instrument's parameters. Preset generators are added to the instrument's, so
 * the getters give them as offsets and factors, computed in float32 exactly as MeltySynth's
 * PresetRegion computes them.
 */
export interface PresetRegion extends PhysicalGenerators<PhysicalGeneratorName> {}

export class PresetRegion {
  /**
   * The raw generator values, indexed by {@link GeneratorType}: the defaults, then the
   * preset's global zone, then the region's own zone. For a region read from a file, a view
   * on one array that all the preset's regions share.
   */
  readonly generators: Int16Array;

  /** The instrument the region plays. */
  readonly instrument: Instrument;

  /**
   * The region's modulators (its global zone's, then its own), which the 'full' profile plays:
   * they add to the instrument's and the default ones.
   */
  readonly modulators: readonly Modulator[];

  /**
   * @param generators - 61 raw generator values, indexed by {@link GeneratorType}.
   * @param instrument - The instrument the region plays.
   * @param modulators - The region's modulators.
   */
  constructor(generators: Int16Array, instrument: Instrument, modulators: readonly Modulator[] = []) {
    this.generators = generators;
    this.instrument = instrument;
    this.modulators = modulators;
  }

  /** The generator values of a preset zone that sets nothing: everything 0 but the full ranges. */
  static createDefaultGenerators(): Int16Array {
    return presetDefaults();
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

  /** The instrument name and the key and velocity ranges. */
  toString(): string {
    return `${this.instrument.name} (Key: ${this.keyRangeStart}-${this.keyRangeEnd}, Velocity: ${this.velocityRangeStart}-${this.velocityRangeEnd})`;
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



}

defineGeneratorGetters(PresetRegion.prototype, "preset", (info) => info.atPresetLevel);

// Read, never written: made once rather than per preset.
const DEFAULTS = presetDefaults();

/**
 * Builds a preset's regions from its zones. The first zone is a global zone, the base of all
 * others, unless it ends with an instrument generator. Refuses instrument IDs outside the
 * instrument list.
 */
export function createPresetRegions(
  presetName: string,
  zones: readonly Zone[],
  generators: GeneratorList,
  instruments: readonly Instrument[],
  modulators: readonly Modulator[],
  warnings: string[],
): PresetRegion[] {
  const hasGlobal = isGlobalZone(zones[0], generators, G.instrument);
  const global = hasGlobal ? zones[0] : emptyZone;
  const regions: PresetRegion[] = [];
  const first = hasGlobal ? 1 : 0;
  const block = generatorBlock(DEFAULTS, zones.length - first);
  const owner = `the preset '${presetName}'`;
  for (let i = first; i < zones.length; i++) {
    const gs = block.subarray((i - first) * generatorCount, (i - first + 1) * generatorCount);
    applyZones(gs, generators, global, zones[i]);
    const id = gs[G.instrument];
    if (id < 0 || id >= instruments.length) {
      throw generatorError(owner, generators, global, zones[i], G.instrument, `refers to instrument ${id}, but there are ${instruments.length} instruments`);
    }
    regions.push(new PresetRegion(gs, instruments[id], regionModulators(modulators, global, zones[i], owner, i, warnings)));
  }
  return regions;
}
