import { EnvelopeStage, advanceStage } from "./EnvelopeStage.js";
import { NON_AUDIBLE, clamp, expCutoff } from "./SoundFontMath.js";

const f = Math.fround;

/**
 * The DAHDSR volume envelope, evaluated once per block. Decay and release are exponential
 * (linear in decibels), as the SoundFont specification asks.
 */
export class VolumeEnvelope {
  private attackSlope = 0;
  private decaySlope = 0;
  private releaseSlope = 0;
  private attackStartTime = 0;
  private holdStartTime = 0;
  private decayStartTime = 0;
  private releaseStartTime = 0;
  private sustainLevel = 0;
  private releaseLevel = 0;
  private processedSampleCount = 0;
  private stage = EnvelopeStage.Delay;
  private valueField = 0;
  private priorityField = 0;
  private sustaining = false;

  constructor(private readonly sampleRate: number) {}

  /** All times in seconds; sustain as a linear gain. */
  start(delay: number, attack: number, hold: number, decay: number, sustain: number, release: number): void {
    this.attackSlope = 1 / attack;
    this.decaySlope = -9.226 / decay;
    this.releaseSlope = -9.226 / release;
    this.attackStartTime = delay;
    this.holdStartTime = this.attackStartTime + attack;
    this.decayStartTime = this.holdStartTime + hold;
    this.releaseStartTime = 0;
    this.sustainLevel = clamp(sustain, 0, 1);
    this.releaseLevel = 0;
    this.processedSampleCount = 0;
    this.stage = EnvelopeStage.Delay;
    this.valueField = 0;
    this.sustaining = false;
    this.process(0);
  }

  release(): void {
    this.stage = EnvelopeStage.Release;
    this.releaseStartTime = this.processedSampleCount / this.sampleRate;
    this.releaseLevel = this.valueField;
  }

  /** Advances by `sampleCount` samples; false once the voice has become inaudible. */
  process(sampleCount: number): boolean {
    this.processedSampleCount += sampleCount;
    const currentTime = this.processedSampleCount / this.sampleRate;

    this.stage = advanceStage(this.stage, currentTime, this.attackStartTime, this.holdStartTime, this.decayStartTime);

    switch (this.stage) {
      case EnvelopeStage.Delay:
        this.valueField = 0;
        this.priorityField = 4;
        return true;
      case EnvelopeStage.Attack:
        this.valueField = f(this.attackSlope * (currentTime - this.attackStartTime));
        this.priorityField = f(3 + this.valueField);
        return true;
      case EnvelopeStage.Hold:
        this.valueField = 1;
        this.priorityField = 3;
        return true;
      case EnvelopeStage.Decay:
        // The decay only falls: once it reaches the sustain level it stays there, and the
        // exponential need not be worked out again.
        if (!this.sustaining) {
          const decayed = f(expCutoff(this.decaySlope * (currentTime - this.decayStartTime)));
          this.sustaining = !(decayed > this.sustainLevel);
          this.valueField = this.sustaining ? this.sustainLevel : decayed;
          this.priorityField = f(1 + this.valueField);
        }
        return this.valueField > NON_AUDIBLE;
      default:
        this.valueField = f(this.releaseLevel * expCutoff(this.releaseSlope * (currentTime - this.releaseStartTime)));
        this.priorityField = this.valueField;
        return this.valueField > NON_AUDIBLE;
    }
  }

  /** The current gain, 0 to 1. */
  get value(): number {
    return this.valueField;
  }

  /** Higher for voices that matter more: used to choose which voice to steal. */
  get priority(): number {
    return this.priorityField;
  }
}
