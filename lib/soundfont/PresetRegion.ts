import type { GeneratorList } from "./Generator.js";
import { GeneratorType, generatorCount } from "./GeneratorType.js";
import type { Instrument } from "./Instrument.js";
import { SoundFontError } from "./SoundFontError.js";
import { centsToMultiplyingFactor, tenths } from "./SoundFontMath.js";
import { applyZones, emptyZone, generatorBlock, isGlobalZone, offsetOfGenerator, type Zone } from "./Zone.js";

const G = GeneratorType;

/**
 * A preset region: an instrument over a range of keys and velocities, and how the preset
 * changes that instrument's parameters. Preset generators are added to the instrument's, so
 * the getters give them as offsets and factors, computed in float32 exactly as MeltySynth's
 * PresetRegion computes them.
 */
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
   * @param generators - 61 raw generator values, indexed by {@link GeneratorType}.
   * @param instrument - The instrument the region plays.
   */
  constructor(generators: Int16Array, instrument: Instrument) {
    this.generators = generators;
    this.instrument = instrument;
  }

  /** The generator values of a preset zone that sets nothing: everything 0 but the full ranges. */
  static createDefaultGenerators(): Int16Array {
    const gs = new Int16Array(generatorCount);
    gs[G.keyRange] = 0x7f00;
    gs[G.velocityRange] = 0x7f00;
    return gs;
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

  get modulationLfoToPitch(): number {
    return this.generators[G.modulationLfoToPitch];
  }
  get vibratoLfoToPitch(): number {
    return this.generators[G.vibratoLfoToPitch];
  }
  get modulationEnvelopeToPitch(): number {
    return this.generators[G.modulationEnvelopeToPitch];
  }
  /** A factor on the instrument's cutoff frequency. */
  get initialFilterCutoffFrequency(): number {
    return centsToMultiplyingFactor(this.generators[G.initialFilterCutoffFrequency]);
  }
  /** In decibels, added to the instrument's. */
  get initialFilterQ(): number {
    return tenths(this.generators[G.initialFilterQ]);
  }
  get modulationLfoToFilterCutoffFrequency(): number {
    return this.generators[G.modulationLfoToFilterCutoffFrequency];
  }
  get modulationEnvelopeToFilterCutoffFrequency(): number {
    return this.generators[G.modulationEnvelopeToFilterCutoffFrequency];
  }

  /** In decibels, added to the instrument's. */
  get modulationLfoToVolume(): number {
    return tenths(this.generators[G.modulationLfoToVolume]);
  }

  /** In percent, added to the instrument's. */
  get chorusEffectsSend(): number {
    return tenths(this.generators[G.chorusEffectsSend]);
  }
  /** In percent, added to the instrument's. */
  get reverbEffectsSend(): number {
    return tenths(this.generators[G.reverbEffectsSend]);
  }
  /** Added to the instrument's. */
  get pan(): number {
    return tenths(this.generators[G.pan]);
  }

  /** A factor on the instrument's time. */
  get delayModulationLfo(): number {
    return centsToMultiplyingFactor(this.generators[G.delayModulationLfo]);
  }
  /** A factor on the instrument's frequency. */
  get frequencyModulationLfo(): number {
    return centsToMultiplyingFactor(this.generators[G.frequencyModulationLfo]);
  }
  /** A factor on the instrument's time. */
  get delayVibratoLfo(): number {
    return centsToMultiplyingFactor(this.generators[G.delayVibratoLfo]);
  }
  /** A factor on the instrument's frequency. */
  get frequencyVibratoLfo(): number {
    return centsToMultiplyingFactor(this.generators[G.frequencyVibratoLfo]);
  }
  /** A factor on the instrument's time. */
  get delayModulationEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.delayModulationEnvelope]);
  }
  /** A factor on the instrument's time. */
  get attackModulationEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.attackModulationEnvelope]);
  }
  /** A factor on the instrument's time. */
  get holdModulationEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.holdModulationEnvelope]);
  }
  /** A factor on the instrument's time. */
  get decayModulationEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.decayModulationEnvelope]);
  }
  /** In percent, added to the instrument's. */
  get sustainModulationEnvelope(): number {
    return tenths(this.generators[G.sustainModulationEnvelope]);
  }
  /** A factor on the instrument's time. */
  get releaseModulationEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.releaseModulationEnvelope]);
  }
  get keyNumberToModulationEnvelopeHold(): number {
    return this.generators[G.keyNumberToModulationEnvelopeHold];
  }
  get keyNumberToModulationEnvelopeDecay(): number {
    return this.generators[G.keyNumberToModulationEnvelopeDecay];
  }
  /** A factor on the instrument's time. */
  get delayVolumeEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.delayVolumeEnvelope]);
  }
  /** A factor on the instrument's time. */
  get attackVolumeEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.attackVolumeEnvelope]);
  }
  /** A factor on the instrument's time. */
  get holdVolumeEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.holdVolumeEnvelope]);
  }
  /** A factor on the instrument's time. */
  get decayVolumeEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.decayVolumeEnvelope]);
  }
  /** In decibels, added to the instrument's. */
  get sustainVolumeEnvelope(): number {
    return tenths(this.generators[G.sustainVolumeEnvelope]);
  }
  /** A factor on the instrument's time. */
  get releaseVolumeEnvelope(): number {
    return centsToMultiplyingFactor(this.generators[G.releaseVolumeEnvelope]);
  }
  get keyNumberToVolumeEnvelopeHold(): number {
    return this.generators[G.keyNumberToVolumeEnvelopeHold];
  }
  get keyNumberToVolumeEnvelopeDecay(): number {
    return this.generators[G.keyNumberToVolumeEnvelopeDecay];
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

  /** In decibels, added to the instrument's. */
  get initialAttenuation(): number {
    return tenths(this.generators[G.initialAttenuation]);
  }

  /** In semitones, added to the instrument's. */
  get coarseTune(): number {
    return this.generators[G.coarseTune];
  }
  /** In cents, added to the instrument's. */
  get fineTune(): number {
    return this.generators[G.fineTune];
  }

  /** In cents per key, added to the instrument's. */
  get scaleTuning(): number {
    return this.generators[G.scaleTuning];
  }
}

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
): PresetRegion[] {
  const hasGlobal = isGlobalZone(zones[0], generators, G.instrument);
  const global = hasGlobal ? zones[0] : emptyZone;
  const regions: PresetRegion[] = [];
  const first = hasGlobal ? 1 : 0;
  const block = generatorBlock(PresetRegion.createDefaultGenerators(), zones.length - first);
  for (let i = first; i < zones.length; i++) {
    const gs = block.subarray((i - first) * generatorCount, (i - first + 1) * generatorCount);
    applyZones(gs, generators, global, zones[i]);
    const id = gs[G.instrument];
    if (id < 0 || id >= instruments.length) {
      const offset = offsetOfGenerator(generators, global, zones[i], G.instrument);
      throw new SoundFontError(
        generators.chunk.name,
        offset,
        `Invalid SoundFont: the preset '${presetName}' refers to instrument ${id}, but there are ${instruments.length} instruments (pgen record at byte ${offset})`,
      );
    }
    regions.push(new PresetRegion(gs, instruments[id]));
  }
  return regions;
}
