/** The stages of the volume and modulation envelopes, in the order they run. */
export const enum EnvelopeStage {
  Delay,
  Attack,
  Hold,
  Decay,
  Release,
}

/**
 * The stage an envelope is in at `currentTime`, moving on from `stage` past every timed stage
 * (delay, attack, hold) whose end has come. Decay and release end by level, not by time.
 */
export function advanceStage(
  stage: EnvelopeStage,
  currentTime: number,
  attackStartTime: number,
  holdStartTime: number,
  decayStartTime: number,
): EnvelopeStage {
  while (stage <= EnvelopeStage.Hold) {
    const endTime =
      stage === EnvelopeStage.Delay ? attackStartTime : stage === EnvelopeStage.Attack ? holdStartTime : decayStartTime;
    if (currentTime < endTime) break;
    stage++;
  }
  return stage;
}
