import { portableCos, portableSin, portablePowf } from "./PortableMath.js";
import { HALF_PI, NON_AUDIBLE, PI, centsToMultiplyingFactor, clamp, decibelsToLinear, expCutoff } from "./SoundFontMath.js";
import {
  FLAG_DYNAMIC_CUTOFF,
  FLAG_DYNAMIC_VOLUME,
  FLAG_FILTER_ACTIVE,
  FLAG_FRESH,
  FLAG_LOOPING,
  FLAG_MOD_LFO,
  FLAG_QUIET_LIVES,
  FLAG_SILENT,
  FLAG_SUSTAINING,
  FLAG_VIB_LFO,
  LOOP_UNTIL_NOTE_OFF,
  STAGE_ATTACK,
  STAGE_DECAY,
  STAGE_DELAY,
  STAGE_HOLD,
  STAGE_RELEASE,
  VOICE_RELEASED,
  VOICE_RELEASE_REQUESTED,
  type VoiceBank,
} from "./VoiceBank.js";

/**
 * The per-block voice step of the JavaScript backend: for every active voice, the envelopes and
 * LFOs, pitch to oscillator step, cutoff to filter coefficients, pan, and the five gain ramps the
 * block renderer applies. native/voice_step.cpp is its twin, function for function in the same
 * order, with the same arithmetic, so both backends give the same bits.
 *
 * Times come in as frames since the note started and the sample rate, integers both, where C++
 * could take seconds: doubles passed to a function V8 has not inlined would be boxed into new
 * heap numbers, for every voice of every block.
 */

const f = Math.fround;

const PAN_TO_ANGLE = f(PI / 200);
// MeltySynth's oscillator position is a 64-bit fixed-point number with 24 fraction bits.
const FRAC_UNIT = 16777216;
// Sixteen octaves up. A corrupt or hostile SoundFont can ask for any pitch (a coarse tune of
// 32767 semitones, a root key of -32768), which would overflow the step to infinity; capped
// here, the step stays finite and the position exact. No real instrument comes near it.
const MAX_PITCH_RATIO = 65536;
const RESONANCE_PEAK_OFFSET = f(1 - f(1 / f(Math.SQRT2)));
/** Freeverb's fixed input gain, applied to a voice's reverb send. */
export const REVERB_INPUT_GAIN = f(0.015);

/**
 * The stage an envelope is in at `time`, moving on from `stage` past every timed stage (delay,
 * attack, hold) whose end has come. Decay and release end by level, not by time.
 */
function advanceStage(stage: number, time: number, attackStart: number, holdStart: number, decayStart: number): number {
  while (stage <= STAGE_HOLD) {
    const end = stage === STAGE_DELAY ? attackStart : stage === STAGE_ATTACK ? holdStart : decayStart;
    if (time < end) break;
    stage++;
  }
  return stage;
}

/**
 * The DAHDSR volume envelope, `processed` frames after the note's start; false once inaudible.
 * Decay and release are exponential (linear in decibels), as the SoundFont specification asks.
 */
export function processVolumeEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): boolean {
  const time = processed / sampleRate;
  const stage = advanceStage(bank.volStage[v], time, bank.volAttackStart[v], bank.volHoldStart[v], bank.volDecayStart[v]);
  bank.volStage[v] = stage;
  switch (stage) {
    case STAGE_DELAY:
      bank.volValue[v] = 0;
      bank.volPriority[v] = 4;
      return true;
    case STAGE_ATTACK: {
      const value = f(bank.volAttackSlope[v] * (time - bank.volAttackStart[v]));
      bank.volValue[v] = value;
      bank.volPriority[v] = 3 + value;
      return true;
    }
    case STAGE_HOLD:
      bank.volValue[v] = 1;
      bank.volPriority[v] = 3;
      return true;
    case STAGE_DECAY: {
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

/** The DAHDSR modulation envelope (to pitch and cutoff), linear in every stage, into modValue. */
export function processModulationEnvelope(bank: VoiceBank, v: number, processed: number, sampleRate: number): void {
  const time = processed / sampleRate;
  const stage = advanceStage(bank.modStage[v], time, bank.modAttackStart[v], bank.modHoldStart[v], bank.modDecayStart[v]);
  bank.modStage[v] = stage;
  switch (stage) {
    case STAGE_DELAY:
      bank.modValue[v] = 0;
      return;
    case STAGE_ATTACK:
      bank.modValue[v] = f(bank.modAttackSlope[v] * (time - bank.modAttackStart[v]));
      return;
    case STAGE_HOLD:
      bank.modValue[v] = 1;
      return;
    case STAGE_DECAY:
      bank.modValue[v] = Math.max(f(bank.modDecaySlope[v] * (bank.modDecayEnd[v] - time)), bank.modSustain[v]);
      return;
    default:
      bank.modValue[v] = Math.max(f(bank.modReleaseLevel[v] * bank.modReleaseSlope[v] * (bank.modReleaseEnd[v] - time)), 0);
  }
}

/**
 * A triangle LFO from -1 to 1, `time` seconds after the note started, after its delay; `period`
 * is 1 / frequency. It has no state of its own: worked out only where a voice reads it.
 */
export function lfoValue(delay: number, period: number, time: number): number {
  if (time < delay) return 0;
  const phase = ((time - delay) % period) / period;
  if (phase < 0.25) return f(4 * phase);
  if (phase < 0.75) return f(4 * (0.5 - phase));
  return f(4 * (phase - 1));
}

function modLfoAt(bank: VoiceBank, v: number, flags: number, time: number): number {
  return (flags & FLAG_MOD_LFO) === 0 ? 0 : lfoValue(bank.modLfoDelay[v], bank.modLfoPeriod[v], time);
}

/**
 * Sets the oscillator's step for the next block from the pitch in semitones. Returns false when
 * a sample that does not loop has already played to its end.
 */
function processOscillator(bank: VoiceBank, v: number, pitch: number): boolean {
  if ((bank.flags[v] & FLAG_LOOPING) === 0 && Math.floor(bank.position[v] / FRAC_UNIT) >= bank.end[v]) return false;
  // The step depends on the pitch alone, which stays put for most notes most of the time.
  if (pitch !== bank.lastPitch[v]) {
    bank.lastPitch[v] = pitch;
    const pitchChange = f(f(bank.pitchChangeScale[v] * f(pitch - bank.rootKey[v])) + bank.tune[v]);
    const pitchRatio = Math.min(f(bank.sampleRateRatio[v] * portablePowf(2, f(pitchChange / 12))), MAX_PITCH_RATIO);
    bank.step[v] = Math.trunc(FRAC_UNIT * pitchRatio);
  }
  return true;
}

/**
 * The resonant low-pass filter's coefficients from the cutoff in hertz and the resonance as a
 * linear peak gain. At or near Nyquist the filter is bypassed.
 */
export function setLowPassFilter(bank: VoiceBank, v: number, sampleRate: number, cutoff: number, resonance: number): void {
  // The coefficients depend on these two alone; a sweep that has settled costs nothing.
  if (cutoff === bank.filterCutoff[v] && resonance === bank.filterResonance[v]) return;
  bank.filterCutoff[v] = cutoff;
  bank.filterResonance[v] = resonance;
  if (!(cutoff < f(f(0.499) * sampleRate))) {
    bank.flags[v] &= ~FLAG_FILTER_ACTIVE;
    return;
  }
  bank.flags[v] |= FLAG_FILTER_ACTIVE;
  // This Q gives the desired resonance peak height within 3 %.
  const q = f(resonance - f(RESONANCE_PEAK_OFFSET / f(1 + f(6 * f(resonance - 1)))));
  const w0 = f(f(f(2 * PI) * cutoff) / sampleRate);
  const cosw = f(portableCos(w0));
  const alpha = f(f(portableSin(w0)) / f(2 * q));
  const b0 = f(f(1 - cosw) / 2);
  const b1 = f(1 - cosw);
  const a0 = f(1 + alpha);
  const a1 = f(-2 * cosw);
  const a2 = f(1 - alpha);
  bank.b0[v] = b0 / a0;
  bank.b1[v] = b1 / a0;
  bank.b2[v] = b0 / a0;
  bank.a1[v] = a1 / a0;
  bank.a2[v] = a2 / a0;
}

// Equal-power panning; the sine and cosine are worked out again only when the pan moves.
function setPanAngle(bank: VoiceBank, v: number, angle: number): void {
  bank.panAngle[v] = angle;
  if (angle <= 0) {
    bank.panLeft[v] = 1;
    bank.panRight[v] = 0;
  } else if (angle >= HALF_PI) {
    bank.panLeft[v] = 0;
    bank.panRight[v] = 1;
  } else {
    bank.panLeft[v] = portableCos(angle);
    bank.panRight[v] = portableSin(angle);
  }
}

/** Starts both envelopes' release `processed` frames after the note's start, and ends a loop that lasts until note-off. */
export function release(bank: VoiceBank, v: number, processed: number, sampleRate: number): void {
  const now = processed / sampleRate;
  bank.volStage[v] = STAGE_RELEASE;
  bank.volReleaseStart[v] = now;
  bank.volReleaseLevel[v] = bank.volValue[v];
  bank.modStage[v] = STAGE_RELEASE;
  bank.modReleaseEnd[v] += now;
  bank.modReleaseLevel[v] = bank.modValue[v];
  if (bank.loopMode[v] === LOOP_UNTIL_NOTE_OFF) bank.flags[v] &= ~FLAG_LOOPING;
  bank.state[v] = VOICE_RELEASED;
}

// Portamento: the glide still to go shrinks by its rate, and stops where it would cross zero.
function advanceGlide(bank: VoiceBank, v: number, glide: number, frames: number): void {
  const left = glide - bank.glideRate[v] * frames;
  bank.glideOffset[v] = left > 0 === glide > 0 ? left : 0;
}

/**
 * Advances voice `v` by `frames` frames and writes its gain ramps for them. Returns false when
 * the voice has finished and can be reused.
 */
function processVoice(
  bank: VoiceBank,
  v: number,
  frames: number,
  blockSize: number,
  sampleRate: number,
  minVoiceLength: number,
  masterVolumeCell: Float64Array,
): boolean {
  if (bank.noteGain[v] < NON_AUDIBLE && ((bank.flags[v] & FLAG_QUIET_LIVES) === 0 || bank.noteGain[v] === 0)) return false;
  const channels = bank.channels;
  const c = bank.channel[v];

  if (bank.state[v] === VOICE_RELEASE_REQUESTED && bank.processed[v] >= minVoiceLength && channels.holdPedal[c] === 0) {
    release(bank, v, bank.processed[v], sampleRate);
  }

  // A note's first block is evaluated at its end, one block of age, as MeltySynth does; a note
  // that starts in a part of a block (sample-accurate events) is evaluated at that same age, so
  // that it sounds from its first frame whatever the length of the part (a shorter age would
  // still be in the envelope's delay, and silent).
  const advance = (bank.flags[v] & FLAG_FRESH) !== 0 && frames < blockSize ? blockSize : frames;
  const processed = bank.processed[v] + advance;
  bank.processed[v] = processed;
  if (!processVolumeEnvelope(bank, v, processed, sampleRate)) return false;
  processModulationEnvelope(bank, v, processed, sampleRate);
  const time = processed / sampleRate;

  const flags = bank.flags[v];
  // An LFO is only evaluated where its depth is not zero: zero times its value adds nothing.
  let modLfo = Number.NaN;
  const vibDepth = f(channels.vibratoDepth[c] + bank.vibLfoToPitch[v]);
  const vibLfo = vibDepth === 0 || (flags & FLAG_VIB_LFO) === 0 ? 0 : lfoValue(bank.vibLfoDelay[v], bank.vibLfoPeriod[v], time);
  const vibPitchChange = vibDepth === 0 ? 0 : f(vibDepth * vibLfo);
  let modLfoPitch = 0;
  if (bank.modLfoToPitch[v] !== 0) {
    modLfo = modLfoAt(bank, v, flags, time);
    modLfoPitch = f(bank.modLfoToPitch[v] * modLfo);
  }
  const modPitchChange = f(modLfoPitch + f(bank.modEnvToPitch[v] * bank.modValue[v]));
  const pitch = f(f(f(bank.key[v] + vibPitchChange) + modPitchChange) + channels.pitchChange[c]);
  // The glide still to go is added, then shrinks. (A pitch reassigned here would be a boxed
  // double on every block.)
  const glide = bank.glideOffset[v];
  if (glide !== 0) advanceGlide(bank, v, glide, advance);
  if (!processOscillator(bank, v, glide === 0 ? pitch : f(pitch + glide))) return false;

  if ((flags & FLAG_DYNAMIC_CUTOFF) !== 0) {
    let modLfoCents = 0;
    if (bank.modLfoToCutoff[v] !== 0) {
      if (modLfo !== modLfo) modLfo = modLfoAt(bank, v, flags, time);
      modLfoCents = f(bank.modLfoToCutoff[v] * modLfo);
    }
    const cents = f(modLfoCents + f(bank.modEnvToCutoff[v] * bank.modValue[v]));
    const newCutoff = f(centsToMultiplyingFactor(cents) * bank.cutoff[v]);
    // Limited to an octave either way per block, against clicks.
    const smoothed = bank.smoothedCutoff[v];
    const limited = clamp(newCutoff, f(0.5 * smoothed), f(2 * smoothed));
    bank.smoothedCutoff[v] = limited;
    setLowPassFilter(bank, v, sampleRate, limited, bank.resonance[v]);
  }

  // The GM specification squares volume times expression (the channel table holds the square).
  let mixGain = f(f(bank.noteGain[v] * channels.gain[c]) * bank.volValue[v]);
  if ((flags & FLAG_DYNAMIC_VOLUME) !== 0) {
    if (modLfo !== modLfo) modLfo = modLfoAt(bank, v, flags, time);
    mixGain = f(mixGain * decibelsToLinear(f(bank.modLfoToVolume[v] * modLfo)));
  }

  const angle = f(PAN_TO_ANGLE * f(f(channels.pan[c] + bank.instrumentPan[v]) + 50));
  if (angle !== bank.panAngle[v]) setPanAngle(bank, v, angle);
  const mixLeft = f(mixGain * bank.panLeft[v]);
  const mixRight = f(mixGain * bank.panRight[v]);
  const reverbSend = clamp(f(channels.reverbSend[c] + bank.instrumentReverb[v]), 0, 1);
  const chorusSend = clamp(f(channels.chorusSend[c] + bank.instrumentChorus[v]), 0, 1);

  // A sudden change in a gain would pop, so the renderer ramps from the previous block's gains
  // to these; the first block has no previous one and starts where it ends.
  const fresh = (flags & FLAG_FRESH) !== 0;
  const fromLeft = fresh ? mixLeft : bank.mixLeft[v];
  const fromRight = fresh ? mixRight : bank.mixRight[v];
  const fromReverb = fresh ? reverbSend : bank.reverbSend[v];
  const fromChorus = fresh ? chorusSend : bank.chorusSend[v];
  bank.flags[v] = bank.flags[v] & ~FLAG_FRESH;
  bank.mixLeft[v] = mixLeft;
  bank.mixRight[v] = mixRight;
  bank.reverbSend[v] = reverbSend;
  bank.chorusSend[v] = chorusSend;

  const masterVolume = masterVolumeCell[0];
  bank.leftFrom[v] = masterVolume * fromLeft;
  bank.leftTo[v] = masterVolume * mixLeft;
  bank.rightFrom[v] = masterVolume * fromRight;
  bank.rightTo[v] = masterVolume * mixRight;
  bank.chorusLeftFrom[v] = fromChorus * fromLeft;
  bank.chorusLeftTo[v] = chorusSend * mixLeft;
  bank.chorusRightFrom[v] = fromChorus * fromRight;
  bank.chorusRightTo[v] = chorusSend * mixRight;
  bank.reverbFrom[v] = f(REVERB_INPUT_GAIN * fromReverb) * f(fromLeft + fromRight);
  bank.reverbTo[v] = f(REVERB_INPUT_GAIN * reverbSend) * f(mixLeft + mixRight);
  if ((flags & FLAG_SILENT) !== 0) silence(bank, v);
  return true;
}

/** A silent voice's gains: 0 into the output and the effects. */
function silence(bank: VoiceBank, v: number): void {
  bank.leftFrom[v] = 0;
  bank.leftTo[v] = 0;
  bank.rightFrom[v] = 0;
  bank.rightTo[v] = 0;
  bank.chorusLeftFrom[v] = 0;
  bank.chorusLeftTo[v] = 0;
  bank.chorusRightFrom[v] = 0;
  bank.chorusRightTo[v] = 0;
  bank.reverbFrom[v] = 0;
  bank.reverbTo[v] = 0;
}

/**
 * Advances the first `activeCount` voices of `order` by `frames` frames and writes their gain
 * ramps; a finished voice is swapped with the last active one, as MeltySynth does, so that voice
 * stealing and mixing order match it. Returns the number still active.
 */
export function stepVoices(
  bank: VoiceBank,
  order: Int32Array,
  activeCount: number,
  frames: number,
  blockSize: number,
  sampleRate: number,
  masterVolume: Float64Array,
): number {
  // A note-off releases a voice only after 2 ms.
  const minVoiceLength = Math.trunc(sampleRate / 500);
  let i = 0;
  while (i < activeCount) {
    const v = order[i];
    if (processVoice(bank, v, frames, blockSize, sampleRate, minVoiceLength, masterVolume)) {
      i++;
    } else {
      activeCount--;
      order[i] = order[activeCount];
      order[activeCount] = v;
    }
  }
  return activeCount;
}
