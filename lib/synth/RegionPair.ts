import { GeneratorType, type InstrumentRegion, type PresetRegion } from "../soundfont/index.js";
import { centsToHertz, timecentsToSeconds } from "./SoundFontMath.js";

const f = Math.fround;
const TENTH = f(0.1);

/**
 * A preset region and one of its instrument's regions, as a note plays them: preset generators
 * add to instrument generators (SoundFont 2.04, 9.4), then convert to physical units.
 */
export class RegionPair {
  constructor(
    readonly preset: PresetRegion,
    readonly instrument: InstrumentRegion,
  ) {}

  private gs(type: number): number {
    return this.preset.generators[type] + this.instrument.generators[type];
  }

  private tenths(type: number): number {
    return f(TENTH * this.gs(type));
  }

  private seconds(type: number): number {
    return timecentsToSeconds(this.gs(type));
  }

  // Sample addressing, tuning by sample, loop mode, exclusive class and root key belong to the
  // instrument level only.
  get sampleStart(): number { return this.instrument.sampleStart; }
  get sampleEnd(): number { return this.instrument.sampleEnd; }
  get sampleStartLoop(): number { return this.instrument.sampleStartLoop; }
  get sampleEndLoop(): number { return this.instrument.sampleEndLoop; }
  get sampleModes(): number { return this.instrument.sampleModes; }
  get exclusiveClass(): number { return this.instrument.exclusiveClass; }
  get rootKey(): number { return this.instrument.rootKey; }
  get sampleRate(): number { return this.instrument.sample.sampleRate; }

  get modulationLfoToPitch(): number { return this.gs(GeneratorType.modulationLfoToPitch); }
  get vibratoLfoToPitch(): number { return this.gs(GeneratorType.vibratoLfoToPitch); }
  get modulationEnvelopeToPitch(): number { return this.gs(GeneratorType.modulationEnvelopeToPitch); }
  get initialFilterCutoffFrequency(): number { return centsToHertz(this.gs(GeneratorType.initialFilterCutoffFrequency)); }
  get initialFilterQ(): number { return this.tenths(GeneratorType.initialFilterQ); }
  get modulationLfoToFilterCutoffFrequency(): number { return this.gs(GeneratorType.modulationLfoToFilterCutoffFrequency); }
  get modulationEnvelopeToFilterCutoffFrequency(): number { return this.gs(GeneratorType.modulationEnvelopeToFilterCutoffFrequency); }
  get modulationLfoToVolume(): number { return this.tenths(GeneratorType.modulationLfoToVolume); }
  get chorusEffectsSend(): number { return this.tenths(GeneratorType.chorusEffectsSend); }
  get reverbEffectsSend(): number { return this.tenths(GeneratorType.reverbEffectsSend); }
  get pan(): number { return this.tenths(GeneratorType.pan); }
  get delayModulationLfo(): number { return this.seconds(GeneratorType.delayModulationLfo); }
  get frequencyModulationLfo(): number { return centsToHertz(this.gs(GeneratorType.frequencyModulationLfo)); }
  get delayVibratoLfo(): number { return this.seconds(GeneratorType.delayVibratoLfo); }
  get frequencyVibratoLfo(): number { return centsToHertz(this.gs(GeneratorType.frequencyVibratoLfo)); }
  get delayModulationEnvelope(): number { return this.seconds(GeneratorType.delayModulationEnvelope); }
  get attackModulationEnvelope(): number { return this.seconds(GeneratorType.attackModulationEnvelope); }
  get holdModulationEnvelope(): number { return this.seconds(GeneratorType.holdModulationEnvelope); }
  get decayModulationEnvelope(): number { return this.seconds(GeneratorType.decayModulationEnvelope); }
  get sustainModulationEnvelope(): number { return this.tenths(GeneratorType.sustainModulationEnvelope); }
  get releaseModulationEnvelope(): number { return this.seconds(GeneratorType.releaseModulationEnvelope); }
  get keyNumberToModulationEnvelopeHold(): number { return this.gs(GeneratorType.keyNumberToModulationEnvelopeHold); }
  get keyNumberToModulationEnvelopeDecay(): number { return this.gs(GeneratorType.keyNumberToModulationEnvelopeDecay); }
  get delayVolumeEnvelope(): number { return this.seconds(GeneratorType.delayVolumeEnvelope); }
  get attackVolumeEnvelope(): number { return this.seconds(GeneratorType.attackVolumeEnvelope); }
  get holdVolumeEnvelope(): number { return this.seconds(GeneratorType.holdVolumeEnvelope); }
  get decayVolumeEnvelope(): number { return this.seconds(GeneratorType.decayVolumeEnvelope); }
  get sustainVolumeEnvelope(): number { return this.tenths(GeneratorType.sustainVolumeEnvelope); }
  get releaseVolumeEnvelope(): number { return this.seconds(GeneratorType.releaseVolumeEnvelope); }
  get keyNumberToVolumeEnvelopeHold(): number { return this.gs(GeneratorType.keyNumberToVolumeEnvelopeHold); }
  get keyNumberToVolumeEnvelopeDecay(): number { return this.gs(GeneratorType.keyNumberToVolumeEnvelopeDecay); }
  get initialAttenuation(): number { return this.tenths(GeneratorType.initialAttenuation); }
  get coarseTune(): number { return this.gs(GeneratorType.coarseTune); }
  get fineTune(): number { return this.gs(GeneratorType.fineTune) + this.instrument.sample.pitchCorrection; }
  get scaleTuning(): number { return this.gs(GeneratorType.scaleTuning); }
}
