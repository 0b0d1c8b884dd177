import { generatorOffset, type GeneratorList } from "./Generator.js";
import { GeneratorType, generatorCount } from "./GeneratorType.js";
import type { LoopMode } from "./LoopMode.js";
import type { SampleHeader } from "./SampleHeader.js";
import { SoundFontError } from "./SoundFontError.js";
import { centsToHertz, tenths, timecentsToSeconds } from "./SoundFontMath.js";
import { applyZones, emptyZone, generatorBlock, isGlobalZone, offsetOfGenerator, type Zone } from "./Zone.js";

const G = GeneratorType;

/**
 * An instrument region: a sample and every parameter needed to play it over a range of keys
 * and velocities. Getters give the generators in physical units, computed in float32 exactly
 * as MeltySynth's InstrumentRegion computes them.
 */
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
   * @param generators - 61 raw generator values, indexed by {@link GeneratorType}.
   * @param sample - The sample the region plays.
   */
  constructor(generators: Int16Array, sample: SampleHeader) {
    this.generators = generators;
    this.sample = sample;
  }

  /** The generator values of an instrument zone that sets nothing: the SoundFont defaults. */
  static createDefaultGenerators(): Int16Array {
    const gs = new Int16Array(generatorCount);
    gs[G.initialFilterCutoffFrequency] = 13500;
    gs[G.delayModulationLfo] = -12000;
    gs[G.delayVibratoLfo] = -12000;
    gs[G.delayModulationEnvelope] = -12000;
    gs[G.attackModulationEnvelope] = -12000;
    gs[G.holdModulationEnvelope] = -12000;
    gs[G.decayModulationEnvelope] = -12000;
    gs[G.releaseModulationEnvelope] = -12000;
    gs[G.delayVolumeEnvelope] = -12000;
    gs[G.attackVolumeEnvelope] = -12000;
    gs[G.holdVolumeEnvelope] = -12000;
    gs[G.decayVolumeEnvelope] = -12000;
    gs[G.releaseVolumeEnvelope] = -12000;
    gs[G.keyRange] = 0x7f00;
    gs[G.velocityRange] = 0x7f00;
    gs[G.keyNumber] = -1;
    gs[G.velocity] = -1;
    gs[G.scaleTuning] = 100;
    gs[G.overridingRootKey] = -1;
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

  get modulationLfoToPitch(): number {
    return this.generators[G.modulationLfoToPitch];
  }
  get vibratoLfoToPitch(): number {
    return this.generators[G.vibratoLfoToPitch];
  }
  get modulationEnvelopeToPitch(): number {
    return this.generators[G.modulationEnvelopeToPitch];
  }
  /** In hertz. */
  get initialFilterCutoffFrequency(): number {
    return centsToHertz(this.generators[G.initialFilterCutoffFrequency]);
  }
  /** In decibels. */
  get initialFilterQ(): number {
    return tenths(this.generators[G.initialFilterQ]);
  }
  get modulationLfoToFilterCutoffFrequency(): number {
    return this.generators[G.modulationLfoToFilterCutoffFrequency];
  }
  get modulationEnvelopeToFilterCutoffFrequency(): number {
    return this.generators[G.modulationEnvelopeToFilterCutoffFrequency];
  }

  /** In decibels. */
  get modulationLfoToVolume(): number {
    return tenths(this.generators[G.modulationLfoToVolume]);
  }

  /** In percent. */
  get chorusEffectsSend(): number {
    return tenths(this.generators[G.chorusEffectsSend]);
  }
  /** In percent. */
  get reverbEffectsSend(): number {
    return tenths(this.generators[G.reverbEffectsSend]);
  }
  /** From -50 (left) to 50 (right). */
  get pan(): number {
    return tenths(this.generators[G.pan]);
  }

  /** In seconds. */
  get delayModulationLfo(): number {
    return timecentsToSeconds(this.generators[G.delayModulationLfo]);
  }
  /** In hertz. */
  get frequencyModulationLfo(): number {
    return centsToHertz(this.generators[G.frequencyModulationLfo]);
  }
  /** In seconds. */
  get delayVibratoLfo(): number {
    return timecentsToSeconds(this.generators[G.delayVibratoLfo]);
  }
  /** In hertz. */
  get frequencyVibratoLfo(): number {
    return centsToHertz(this.generators[G.frequencyVibratoLfo]);
  }
  /** In seconds. */
  get delayModulationEnvelope(): number {
    return timecentsToSeconds(this.generators[G.delayModulationEnvelope]);
  }
  /** In seconds. */
  get attackModulationEnvelope(): number {
    return timecentsToSeconds(this.generators[G.attackModulationEnvelope]);
  }
  /** In seconds. */
  get holdModulationEnvelope(): number {
    return timecentsToSeconds(this.generators[G.holdModulationEnvelope]);
  }
  /** In seconds. */
  get decayModulationEnvelope(): number {
    return timecentsToSeconds(this.generators[G.decayModulationEnvelope]);
  }
  /** In percent. */
  get sustainModulationEnvelope(): number {
    return tenths(this.generators[G.sustainModulationEnvelope]);
  }
  /** In seconds. */
  get releaseModulationEnvelope(): number {
    return timecentsToSeconds(this.generators[G.releaseModulationEnvelope]);
  }
  get keyNumberToModulationEnvelopeHold(): number {
    return this.generators[G.keyNumberToModulationEnvelopeHold];
  }
  get keyNumberToModulationEnvelopeDecay(): number {
    return this.generators[G.keyNumberToModulationEnvelopeDecay];
  }
  /** In seconds. */
  get delayVolumeEnvelope(): number {
    return timecentsToSeconds(this.generators[G.delayVolumeEnvelope]);
  }
  /** In seconds. */
  get attackVolumeEnvelope(): number {
    return timecentsToSeconds(this.generators[G.attackVolumeEnvelope]);
  }
  /** In seconds. */
  get holdVolumeEnvelope(): number {
    return timecentsToSeconds(this.generators[G.holdVolumeEnvelope]);
  }
  /** In seconds. */
  get decayVolumeEnvelope(): number {
    return timecentsToSeconds(this.generators[G.decayVolumeEnvelope]);
  }
  /** In decibels of attenuation. */
  get sustainVolumeEnvelope(): number {
    return tenths(this.generators[G.sustainVolumeEnvelope]);
  }
  /** In seconds. */
  get releaseVolumeEnvelope(): number {
    return timecentsToSeconds(this.generators[G.releaseVolumeEnvelope]);
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

  /** In decibels. */
  get initialAttenuation(): number {
    return tenths(this.generators[G.initialAttenuation]);
  }

  /** In semitones. */
  get coarseTune(): number {
    return this.generators[G.coarseTune];
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

  /** In cents per key. */
  get scaleTuning(): number {
    return this.generators[G.scaleTuning];
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
): InstrumentRegion[] {
  const hasGlobal = isGlobalZone(zones[0], generators, G.sampleID);
  const global = hasGlobal ? zones[0] : emptyZone;
  const regions: InstrumentRegion[] = [];
  const first = hasGlobal ? 1 : 0;
  const block = generatorBlock(InstrumentRegion.createDefaultGenerators(), zones.length - first);
  for (let i = first; i < zones.length; i++) {
    const gs = block.subarray((i - first) * generatorCount, (i - first + 1) * generatorCount);
    applyZones(gs, generators, global, zones[i]);
    const fail = (type: number, problem: string): SoundFontError => {
      const offset = offsetOfGenerator(generators, global, zones[i], type);
      return new SoundFontError(
        generators.chunk.name,
        offset,
        `Invalid SoundFont: the instrument '${instrumentName}' ${problem} (igen record at byte ${offset})`,
      );
    };

    const id = gs[G.sampleID];
    if (id < 0 || id >= samples.length) {
      throw fail(G.sampleID, `refers to sample ${id}, but there are ${samples.length} samples`);
    }
    const region = new InstrumentRegion(gs, samples[id]);

    const { sampleStart: start, sampleEnd: end } = region;
    if (start < 0 || end < start || end > waveDataLength) {
      const offset = generatorOffset(generators, zones[i].start);
      throw new SoundFontError(
        generators.chunk.name,
        offset,
        `Invalid SoundFont: the instrument '${instrumentName}' plays the sample '${region.sample.name}' from ${start} to ${end}, ` +
          `which is not a span of the ${waveDataLength} samples of wave data (zone at igen byte ${offset})`,
      );
    }

    const mode = gs[G.sampleModes];
    if (mode < 0 || mode > 3) {
      throw fail(G.sampleModes, `has the loop mode ${mode}, not 0, 1, 2 or 3`);
    }
    regions.push(region);
  }
  return regions;
}
