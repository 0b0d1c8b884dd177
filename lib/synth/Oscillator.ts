import { FLAG_LOOPING, type VoiceBank } from "../kernels/VoiceBank.js";
import { LoopMode } from "../soundfont/index.js";
import { portablePowf } from "../kernels/PortableMath.js";

const f = Math.fround;

// MeltySynth's oscillator position is a 64-bit fixed-point number with 24 fraction bits.
const FRAC_UNIT = 16777216;

// Sixteen octaves up. A corrupt or hostile SoundFont can ask for any pitch (a coarse tune of
// 32767 semitones, a root key of -32768), which would overflow the step to infinity; capped
// here, the step stays finite and the position exact. No real instrument comes near it.
const MAX_PITCH_RATIO = 65536;

/**
 * The control side of voice `v`'s sample oscillator: pitch to step, and loop state. The block
 * renderer advances the position. native/voice_step.cpp does the same arithmetic.
 */

/**
 * Points the oscillator at a sample (its tuning, which controllers can move, is the voice's
 * business: see updateVoiceInputs). Out-of-range sample points (from address offset
 * generators or a broken file) are clamped into the sample data, and a loop that is empty or
 * lies outside the played range is not looped, so the renderer never reads outside `waveData`.
 */
export function startOscillator(
  bank: VoiceBank,
  v: number,
  synthesizerSampleRate: number,
  waveLength: number,
  loopMode: number,
  sampleRate: number,
  start: number,
  end: number,
  startLoop: number,
  endLoop: number,
  rootKey: number,
  scaleTuning: number,
): void {
  const last = Math.max(waveLength - 1, 0);
  start = clampInt(start, 0, last);
  end = clampInt(end, start, last);
  startLoop = clampInt(startLoop, 0, last);
  endLoop = clampInt(endLoop, 0, last);
  const mode = endLoop > startLoop ? loopMode : LoopMode.noLoop;

  bank.loopMode[v] = mode;
  bank.end[v] = end;
  bank.startLoop[v] = startLoop;
  bank.endLoop[v] = endLoop;
  bank.rootKey[v] = rootKey;
  bank.pitchChangeScale[v] = f(0.01) * scaleTuning;
  bank.sampleRateRatio[v] = sampleRate / synthesizerSampleRate;
  bank.lastPitch[v] = Number.NaN;
  bank.position[v] = start * FRAC_UNIT;
  if (mode === LoopMode.noLoop) {
    bank.flags[v] &= ~FLAG_LOOPING;
  } else {
    bank.flags[v] |= FLAG_LOOPING;
  }
}

export function releaseOscillator(bank: VoiceBank, v: number): void {
  if (bank.loopMode[v] === LoopMode.loopUntilNoteOff) bank.flags[v] &= ~FLAG_LOOPING;
}

/**
 * Sets the step for the next block from the pitch in semitones.
 * Returns false when a sample that does not loop has already played to its end.
 */
export function processOscillator(bank: VoiceBank, v: number, pitch: number): boolean {
  if ((bank.flags[v] & FLAG_LOOPING) === 0 && Math.floor(bank.position[v] / FRAC_UNIT) >= bank.end[v]) {
    return false;
  }
  // The step depends on the pitch alone, which stays put for most notes most of the time.
  if (pitch !== bank.lastPitch[v]) {
    bank.lastPitch[v] = pitch;
    const pitchChange = f(f(bank.pitchChangeScale[v] * f(pitch - bank.rootKey[v])) + bank.tune[v]);
    const pitchRatio = Math.min(f(bank.sampleRateRatio[v] * portablePowf(2, f(pitchChange / 12))), MAX_PITCH_RATIO);
    bank.step[v] = Math.trunc(FRAC_UNIT * pitchRatio);
  }
  return true;
}

function clampInt(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
