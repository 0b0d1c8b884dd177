import { EnvelopeStage, advanceStage } from "./EnvelopeStage.js";
import { NON_AUDIBLE, clamp } from "./SoundFontMath.js";

const f = Math.fround;

/** The DAHDSR modulation envelope (to pitch and filter cutoff), linear in every stage. */
export class ModulationEnvelope {
  private attackSlope = 0;
  private decaySlope = 0;
  private releaseSlope = 0;
  private attackStartTime = 0;
  private holdStartTime = 0;
  private decayStartTime = 0;
  private decayEndTime = 0;
  private releaseEndTime = 0;
  private sustainLevel = 0;
  private releaseLevel = 0;
  private processedSampleCount = 0;
  private stage = EnvelopeStage.Delay;
  private valueField = 0;

  constructor(private readonly sampleRate: number) {}

  /** All times in seconds; sustain from 0 to 1. */
  start(delay: number, attack: number, hold: number, decay: number, sustain: number, release: number): void {
    this.attackSlope = 1 / attack;
    this.decaySlope = 1 / decay;
    this.releaseSlope = 1 / release;
    this.attackStartTime = delay;
    this.holdStartTime = this.attackStartTime + attack;
    this.decayStartTime = this.holdStartTime + hold;
    this.decayEndTime = this.decayStartTime + decay;
    this.releaseEndTime = release;
    this.sustainLevel = clamp(sustain, 0, 1);
    this.releaseLevel = 0;
    this.processedSampleCount = 0;
    this.stage = EnvelopeStage.Delay;
    this.valueField = 0;
    this.process(0);
  }

  release(): void {
    this.stage = EnvelopeStage.Release;
    this.releaseEndTime += this.processedSampleCount / this.sampleRate;
    this.releaseLevel = this.valueField;
  }

  process(sampleCount: number): boolean {
    this.processedSampleCount += sampleCount;
    const currentTime = this.processedSampleCount / this.sampleRate;

    this.stage = advanceStage(this.stage, currentTime, this.attackStartTime, this.holdStartTime, this.decayStartTime);

    switch (this.stage) {
      case EnvelopeStage.Delay:
        this.valueField = 0;
        return true;
      case EnvelopeStage.Attack:
        this.valueField = f(this.attackSlope * (currentTime - this.attackStartTime));
        return true;
      case EnvelopeStage.Hold:
        this.valueField = 1;
        return true;
      case EnvelopeStage.Decay:
        this.valueField = Math.max(f(this.decaySlope * (this.decayEndTime - currentTime)), this.sustainLevel);
        return this.valueField > NON_AUDIBLE;
      default:
        this.valueField = Math.max(
          f(this.releaseLevel * this.releaseSlope * (this.releaseEndTime - currentTime)),
          0,
        );
        return this.valueField > NON_AUDIBLE;
    }
  }

  /** The current level, 0 to 1. */
  get value(): number {
    return this.valueField;
  }
}
