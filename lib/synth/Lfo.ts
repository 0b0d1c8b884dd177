const f = Math.fround;

/**
 * A triangle LFO from -1 to 1, after an initial delay. It has no state of its own beyond its
 * delay and period in the voice bank: its value is a function of the time since the note
 * started, worked out only where a voice reads it (most voices never read theirs).
 * native/voice_step.cpp does the same arithmetic.
 */

/** Whether an LFO of this frequency (in hertz) runs: at 1 mHz or below it stays at zero. */
export function lfoRuns(frequency: number): boolean {
  return frequency > f(1e-3);
}

/** The LFO's value `time` seconds after the note started; `period` is 1 / frequency. */
export function lfoValue(delay: number, period: number, time: number): number {
  if (time < delay) return 0;
  const phase = ((time - delay) % period) / period;
  if (phase < 0.25) return f(4 * phase);
  if (phase < 0.75) return f(4 * (0.5 - phase));
  return f(4 * (phase - 1));
}
