import { FLAG_SUSTAINING, type VoiceBank } from "../kernels/VoiceBank.js";
import { EnvelopeStage, advanceStage } from "./EnvelopeStage.js";
import { NON_AUDIBLE, clamp, expCutoff } from "../soundfont/SoundFontMath.js";

const f = Math.fround;

/**
 * The DAHDSR volume envelope of voice `v` in the bank, evaluated once per block. Decay and
 * release are exponential (linear in decibels), as the SoundFont specification asks.
 * native/voice_step.cpp does the same arithmetic. Times come in as frames since the note
 * started and the sample rate, integers both: doubles passed to a function V8 has not inlined
 * would be boxed into new heap numbers, for every voice of every block.
 */

/** All times in seconds; sustain as a linear gain. */
export function startVolumeEnvelope(
  bank: VoiceBank,
  v: number,
  delay: number,
  attack: number,
  hold: number,
  decay: number,
  sustain: number,
  release: number,
): void {
  bank.volAttackSlope[v] = 1 / attack;
  bank.volDecaySlope[v] = -9.226 / decay;
  bank.volReleaseSlope[v] = -9.226 / release;
  bank.volAttackStart[v] = delay;
  bank.volHoldStart[v] = delay + attack;
  bank.volDecayStart[v] = delay + attack + hold;
  bank.volReleaseStart[v] = 0;
  bank.volSustain[v] = clamp(sustain, 0, 1);
  bank.volReleaseLevel[v] = 0;
  bank.volStage[v] = EnvelopeStage.Delay;
  bank.volValue[v] = 0;
  bank.flags[v] &= ~FLAG_SUSTAINING;
  processVolumeEnvelope(bank, v, 0, 1);
}

/** Starts the release `processed` frames after the note's start. */
export function releaseVolumeEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): void {
  bank.volStage[v] = EnvelopeStage.Release;
  bank.volReleaseStart[v] = processed / sampleRate;
  bank.volReleaseLevel[v] = bank.volValue[v];
}

/** Evaluates the envelope `processed` frames after the note's start; false once inaudible. */
export function processVolumeEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): boolean {
  const time = processed / sampleRate;
  const stage = advanceStage(bank.volStage[v], time, bank.volAttackStart[v], bank.volHoldStart[v], bank.volDecayStart[v]);
  bank.volStage[v] = stage;
  switch (stage) {
    case EnvelopeStage.Delay:
      bank.volValue[v] = 0;
      bank.volPriority[v] = 4;
      return true;
    case EnvelopeStage.Attack: {
      const value = f(bank.volAttackSlope[v] * (time - bank.volAttackStart[v]));
      bank.volValue[v] = value;
      bank.volPriority[v] = 3 + value;
      return true;
    }
    case EnvelopeStage.Hold:
      bank.volValue[v] = 1;
      bank.volPriority[v] = 3;
      return true;
    case EnvelopeStage.Decay: {
      // The decay only falls: once it reaches the sustain level it stays there, and the
      // exponential need not be worked out again.
      if ((bank.flags[v] & FLAG_SUSTAINING) === 0) {
        const decayed = f(expCutoff(bank.volDecaySlope[v] * (time - bank.volDecayStart[v])));
        const sustain = bank.volSustain[v];
        const value = decayed > sustain ? decayed : sustain;
        if (!(decayed > sustain)) bank.flags[v] |= FLAG_SUSTAINING;
        bank.volValue[v] = value;
        bank.volPriority[v] = 1 + value;
      }
      return bank.volValue[v] > NON_AUDIBLE;
    }
    default: {
      const value = f(bank.volReleaseLevel[v] * expCutoff(bank.volReleaseSlope[v] * (time - bank.volReleaseStart[v])));
      bank.volValue[v] = value;
      bank.volPriority[v] = value;
      return value > NON_AUDIBLE;
    }
  }
}
