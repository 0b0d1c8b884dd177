import { F32_GAINS, RECORD_WORDS, type VoiceTable } from "../kernels/VoiceTable.js";
import { BiQuadFilter } from "./BiQuadFilter.js";
import type { Channel } from "./Channel.js";
import { Lfo } from "./Lfo.js";
import { ModulationEnvelope } from "./ModulationEnvelope.js";
import { Oscillator } from "./Oscillator.js";
import type { RegionPair } from "./RegionPair.js";
import {
  HALF_PI,
  NON_AUDIBLE,
  PI,
  centsToMultiplyingFactor,
  clamp,
  decibelsToLinear,
  keyNumberToMultiplyingFactor,
  linearToDecibels,
} from "./SoundFontMath.js";
import { Reverb } from "./Reverb.js";
import { VolumeEnvelope } from "./VolumeEnvelope.js";

const f = Math.fround;
const CENT = f(0.01);
const PAN_TO_ANGLE = f(PI / 200);

const enum VoiceState {
  Playing,
  ReleaseRequested,
  Released,
}

/**
 * One sounding note of one region: envelopes, LFOs and the control side of its oscillator and
 * filter. Once per block it works out pitch, filter coefficients and gains and writes them to
 * its record in the voice table; the block renderer then does the per-sample work.
 */
export class Voice {
  private readonly volEnv: VolumeEnvelope;
  private readonly modEnv: ModulationEnvelope;
  private readonly vibLfo: Lfo;
  private readonly modLfo: Lfo;
  private readonly oscillator: Oscillator;
  private readonly filter: BiQuadFilter;
  private readonly minVoiceLength: number;

  // A sudden change in a gain would pop, so the renderer ramps from the previous block's gains
  // to the current ones.
  private previousMixGainLeft = 0;
  private previousMixGainRight = 0;
  private currentMixGainLeft = 0;
  private currentMixGainRight = 0;
  private previousReverbSend = 0;
  private previousChorusSend = 0;
  private currentReverbSend = 0;
  private currentChorusSend = 0;

  exclusiveClass = 0;
  channel = 0;
  key = 0;
  private noteGain = 0;
  private cutoff = 0;
  private resonance = 0;
  private vibLfoToPitch = 0;
  private modLfoToPitch = 0;
  private modEnvToPitch = 0;
  private modLfoToCutoff = 0;
  private modEnvToCutoff = 0;
  private dynamicCutoff = false;
  private modLfoToVolume = 0;
  private dynamicVolume = false;
  private instrumentPan = 0;
  private instrumentReverb = 0;
  private instrumentChorus = 0;
  // Some instruments sweep the cutoff fast enough to click; the change per block is limited.
  private smoothedCutoff = 0;
  private panAngle = Number.NaN;
  private panLeft = 0;
  private panRight = 0;
  private state = VoiceState.Playing;
  /** Samples played since the note started. */
  voiceLength = 0;

  constructor(
    sampleRate: number,
    private readonly blockSize: number,
    private readonly table: VoiceTable,
    /** This voice's record in the voice table. */
    readonly slot: number,
  ) {
    this.volEnv = new VolumeEnvelope(sampleRate);
    this.modEnv = new ModulationEnvelope(sampleRate);
    this.vibLfo = new Lfo(sampleRate, blockSize);
    this.modLfo = new Lfo(sampleRate, blockSize);
    this.oscillator = new Oscillator(sampleRate, table, slot);
    this.filter = new BiQuadFilter(sampleRate, table, slot);
    this.minVoiceLength = Math.trunc(sampleRate / 500);
  }

  start(region: RegionPair, waveLength: number, channel: number, key: number, velocity: number): void {
    this.exclusiveClass = region.exclusiveClass;
    this.channel = channel;
    this.key = key;

    // A corrupt or hostile SoundFont can hold any 16-bit value. Where a generator feeds an
    // exponential, it is clamped to its range in SoundFont 2.04 (8.1.3), as FluidSynth does, so
    // that no gain or time overflows to infinity; values inside those ranges are unchanged.
    const attenuation = clamp(region.initialAttenuation, 0, 144);
    const filterQ = clamp(region.initialFilterQ, 0, 96);
    if (velocity > 0) {
      // Polyphone applies 40 % of the initial attenuation; it gives a more natural loudness range.
      const sampleAttenuation = f(f(0.4) * attenuation);
      const filterAttenuation = f(f(0.5) * filterQ);
      const decibels = f(f(f(2 * linearToDecibels(f(velocity / 127))) - sampleAttenuation) - filterAttenuation);
      this.noteGain = decibelsToLinear(decibels);
    } else {
      this.noteGain = 0;
    }

    this.cutoff = region.initialFilterCutoffFrequency;
    this.resonance = decibelsToLinear(filterQ);
    this.vibLfoToPitch = f(CENT * region.vibratoLfoToPitch);
    this.modLfoToPitch = f(CENT * region.modulationLfoToPitch);
    this.modEnvToPitch = f(CENT * region.modulationEnvelopeToPitch);
    this.modLfoToCutoff = region.modulationLfoToFilterCutoffFrequency;
    this.modEnvToCutoff = region.modulationEnvelopeToFilterCutoffFrequency;
    this.dynamicCutoff = this.modLfoToCutoff !== 0 || this.modEnvToCutoff !== 0;
    this.modLfoToVolume = clamp(region.modulationLfoToVolume, -96, 96);
    this.dynamicVolume = this.modLfoToVolume > f(0.05);
    this.instrumentPan = clamp(region.pan, -50, 50);
    this.instrumentReverb = f(CENT * region.reverbEffectsSend);
    this.instrumentChorus = f(CENT * region.chorusEffectsSend);

    this.startVolumeEnvelope(region, key);
    this.startModulationEnvelope(region, key, velocity);
    this.vibLfo.start(region.delayVibratoLfo, region.frequencyVibratoLfo);
    this.modLfo.start(region.delayModulationLfo, region.frequencyModulationLfo);
    this.oscillator.start(
      waveLength,
      region.sampleModes,
      region.sampleRate,
      region.sampleStart,
      region.sampleEnd,
      region.sampleStartLoop,
      region.sampleEndLoop,
      region.rootKey,
      region.coarseTune,
      region.fineTune,
      region.scaleTuning,
    );
    this.filter.clearBuffer();
    this.filter.setLowPassFilter(this.cutoff, this.resonance);
    this.smoothedCutoff = this.cutoff;

    this.panAngle = Number.NaN;
    this.state = VoiceState.Playing;
    this.voiceLength = 0;
  }

  private startVolumeEnvelope(region: RegionPair, key: number): void {
    const hold = f(region.holdVolumeEnvelope * keyNumberToMultiplyingFactor(clamp(region.keyNumberToVolumeEnvelopeHold, -1200, 1200), key));
    const decay = f(region.decayVolumeEnvelope * keyNumberToMultiplyingFactor(clamp(region.keyNumberToVolumeEnvelopeDecay, -1200, 1200), key));
    const sustain = decibelsToLinear(-region.sustainVolumeEnvelope);
    // A release shorter than 10 ms would click.
    const release = Math.max(region.releaseVolumeEnvelope, f(0.01));
    this.volEnv.start(region.delayVolumeEnvelope, region.attackVolumeEnvelope, hold, decay, sustain, release);
  }

  private startModulationEnvelope(region: RegionPair, key: number, velocity: number): void {
    // Following TinySoundFont, a harder note attacks faster.
    const attack = f(region.attackModulationEnvelope * f((145 - velocity) / 144));
    const hold = f(region.holdModulationEnvelope * keyNumberToMultiplyingFactor(clamp(region.keyNumberToModulationEnvelopeHold, -1200, 1200), key));
    const decay = f(region.decayModulationEnvelope * keyNumberToMultiplyingFactor(clamp(region.keyNumberToModulationEnvelopeDecay, -1200, 1200), key));
    const sustain = f(1 - f(region.sustainModulationEnvelope / 100));
    this.modEnv.start(region.delayModulationEnvelope, attack, hold, decay, sustain, region.releaseModulationEnvelope);
  }

  /** Lets the note go (after the hold pedal, if it is down). */
  end(): void {
    if (this.state === VoiceState.Playing) this.state = VoiceState.ReleaseRequested;
  }

  /** Silences the voice at the next block, without release. */
  kill(): void {
    this.noteGain = 0;
  }

  /**
   * Prepares the next block: advances envelopes and LFOs and writes this voice's record.
   * Returns false when the voice has finished and can be reused.
   */
  process(channels: readonly Channel[], masterVolume: number): boolean {
    if (this.noteGain < NON_AUDIBLE) return false;
    const channel = channels[this.channel];
    this.releaseIfNecessary(channel);
    if (!this.volEnv.process(this.blockSize)) return false;

    this.modEnv.process(this.blockSize);
    this.vibLfo.process();
    this.modLfo.process();

    // An LFO is only evaluated where its depth is not zero: zero times its value adds nothing.
    const vibDepth = f(f(CENT * channel.modulation) + this.vibLfoToPitch);
    const vibPitchChange = vibDepth === 0 ? 0 : f(vibDepth * this.vibLfo.value);
    const modLfoPitch = this.modLfoToPitch === 0 ? 0 : f(this.modLfoToPitch * this.modLfo.value);
    const modPitchChange = f(modLfoPitch + f(this.modEnvToPitch * this.modEnv.value));
    const channelPitchChange = f(channel.tune + channel.pitchBend);
    const pitch = f(f(f(this.key + vibPitchChange) + modPitchChange) + channelPitchChange);
    if (!this.oscillator.process(pitch)) return false;

    if (this.dynamicCutoff) {
      const modLfoCents = this.modLfoToCutoff === 0 ? 0 : f(this.modLfoToCutoff * this.modLfo.value);
      const cents = f(modLfoCents + f(this.modEnvToCutoff * this.modEnv.value));
      const newCutoff = f(centsToMultiplyingFactor(cents) * this.cutoff);
      // Limited to an octave either way per block, against clicks.
      this.smoothedCutoff = clamp(newCutoff, f(0.5 * this.smoothedCutoff), f(2 * this.smoothedCutoff));
      this.filter.setLowPassFilter(this.smoothedCutoff, this.resonance);
    }

    this.previousMixGainLeft = this.currentMixGainLeft;
    this.previousMixGainRight = this.currentMixGainRight;
    this.previousReverbSend = this.currentReverbSend;
    this.previousChorusSend = this.currentChorusSend;

    // The GM specification squares volume times expression.
    const ve = f(channel.volume * channel.expression);
    const channelGain = f(ve * ve);
    let mixGain = f(f(this.noteGain * channelGain) * this.volEnv.value);
    if (this.dynamicVolume) {
      mixGain = f(mixGain * decibelsToLinear(f(this.modLfoToVolume * this.modLfo.value)));
    }

    const angle = f(PAN_TO_ANGLE * f(f(channel.pan + this.instrumentPan) + 50));
    if (angle !== this.panAngle) this.setPanAngle(angle);
    this.currentMixGainLeft = f(mixGain * this.panLeft);
    this.currentMixGainRight = f(mixGain * this.panRight);
    this.currentReverbSend = clamp(f(channel.reverbSend + this.instrumentReverb), 0, 1);
    this.currentChorusSend = clamp(f(channel.chorusSend + this.instrumentChorus), 0, 1);

    if (this.voiceLength === 0) {
      this.previousMixGainLeft = this.currentMixGainLeft;
      this.previousMixGainRight = this.currentMixGainRight;
      this.previousReverbSend = this.currentReverbSend;
      this.previousChorusSend = this.currentChorusSend;
    }
    this.voiceLength += this.blockSize;

    this.writeGains(masterVolume);
    return true;
  }

  // Equal-power panning; the sine and cosine are worked out again only when the pan moves.
  private setPanAngle(angle: number): void {
    this.panAngle = angle;
    if (angle <= 0) {
      this.panLeft = 1;
      this.panRight = 0;
    } else if (angle >= HALF_PI) {
      this.panLeft = 0;
      this.panRight = 1;
    } else {
      this.panLeft = f(Math.cos(angle));
      this.panRight = f(Math.sin(angle));
    }
  }

  // The five gain ramps the renderer applies, each complete with every factor that scales it.
  private writeGains(masterVolume: number): void {
    const g = this.table.f32;
    const o = this.slot * RECORD_WORDS + F32_GAINS;
    g[o] = masterVolume * this.previousMixGainLeft;
    g[o + 1] = masterVolume * this.currentMixGainLeft;
    g[o + 2] = masterVolume * this.previousMixGainRight;
    g[o + 3] = masterVolume * this.currentMixGainRight;
    g[o + 4] = this.previousChorusSend * this.previousMixGainLeft;
    g[o + 5] = this.currentChorusSend * this.currentMixGainLeft;
    g[o + 6] = this.previousChorusSend * this.previousMixGainRight;
    g[o + 7] = this.currentChorusSend * this.currentMixGainRight;
    g[o + 8] = f(Reverb.inputGain * this.previousReverbSend) * f(this.previousMixGainLeft + this.previousMixGainRight);
    g[o + 9] = f(Reverb.inputGain * this.currentReverbSend) * f(this.currentMixGainLeft + this.currentMixGainRight);
  }

  private releaseIfNecessary(channel: Channel): void {
    if (this.voiceLength < this.minVoiceLength) return;
    if (this.state === VoiceState.ReleaseRequested && !channel.holdPedal) {
      this.volEnv.release();
      this.modEnv.release();
      this.oscillator.release();
      this.state = VoiceState.Released;
    }
  }

  /** Lower for voices that can be stolen with the least harm. */
  get priority(): number {
    return this.noteGain < NON_AUDIBLE ? 0 : this.volEnv.priority;
  }
}
