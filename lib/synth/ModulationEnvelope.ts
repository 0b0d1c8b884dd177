import type { VoiceBank } from "../kernels/VoiceBank.js";
import { EnvelopeStage, advanceStage } from "./EnvelopeStage.js";
import { clamp } from "../soundfont/SoundFontMath.js";

const f = Math.fround;

/**
 * The DAHDSR modulation envelope (to pitch and filter cutoff) of voice `v` in the bank, linear
 * in every stage. native/voice_step.cpp does the same arithmetic. Times come in as frames and
 * the sample rate, as in VolumeEnvelope.ts.
 */

/** All times in seconds; sustain from 0 to 1. */
export function startModulationEnvelope(
  bank: VoiceBank,
  v: number,
  delay: number,
  attack: number,
  hold: number,
  decay: number,
  sustain: number,
  release: number,
): void {
  bank.modAttackSlope[v] = 1 / attack;
  bank.modDecaySlope[v] = 1 / decay;
  bank.modReleaseSlope[v] = 1 / release;
  bank.modAttackStart[v] = delay;
  bank.modHoldStart[v] = delay + attack;
  bank.modDecayStart[v] = delay + attack + hold;
  bank.modDecayEnd[v] = delay + attack + hold + decay;
  bank.modReleaseEnd[v] = release;
  bank.modSustain[v] = clamp(sustain, 0, 1);
  bank.modReleaseLevel[v] = 0;
  bank.modStage[v] = EnvelopeStage.Delay;
  processModulationEnvelope(bank, v, 0, 1);
}

/** Starts the release `processed` frames after the note's start. */
export function releaseModulationEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): void {
  bank.modStage[v] = EnvelopeStage.Release;
  bank.modReleaseEnd[v] += processed / sampleRate;
  bank.modReleaseLevel[v] = bank.modValue[v];
}

/** Evaluates the envelope `processed` frames after the note's start, into modValue. */
export function processModulationEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): void {
  const time = processed / sampleRate;
  const stage = advanceStage(bank.modStage[v], time, bank.modAttackStart[v], bank.modHoldStart[v], bank.modDecayStart[v]);
  bank.modStage[v] = stage;
  switch (stage) {
    case EnvelopeStage.Delay:
      bank.modValue[v] = 0;
      return;
    case EnvelopeStage.Attack:
      bank.modValue[v] = f(bank.modAttackSlope[v] * (time - bank.modAttackStart[v]));
      return;
    case EnvelopeStage.Hold:
      bank.modValue[v] = 1;
      return;
    case EnvelopeStage.Decay:
      bank.modValue[v] = Math.max(f(bank.modDecaySlope[v] * (bank.modDecayEnd[v] - time)), bank.modSustain[v]);
      return;
    default:
      bank.modValue[v] = Math.max(
        f(bank.modReleaseLevel[v] * bank.modReleaseSlope[v] * (bank.modReleaseEnd[v] - time)),
        0,
      );
  }
}
