import {
  FLAG_DYNAMIC_CUTOFF,
  FLAG_DYNAMIC_VOLUME,
  FLAG_FRESH,
  FLAG_LOOPING,
  FLAG_MOD_LFO,
  FLAG_SUSTAINING,
  FLAG_VIB_LFO,
  NOTE_ATTACK_SCALE,
  NOTE_CHANNEL,
  NOTE_DECIBELS,
  NOTE_EXCLUSIVE_CLASS,
  NOTE_KEY,
  NOTE_PITCH_CORRECTION,
  NOTE_ROOT_KEY,
  NOTE_SAMPLE_END,
  NOTE_SAMPLE_END_LOOP,
  NOTE_SAMPLE_MODES,
  NOTE_SAMPLE_RATE,
  NOTE_SAMPLE_START,
  NOTE_SAMPLE_START_LOOP,
  NOTE_WAVE_LENGTH,
  STAGE_DELAY,
  VOICE_PLAYING,
  type VoiceBank,
} from "./VoiceBank.js";
import { processModulationEnvelope, processVolumeEnvelope, setLowPassFilter } from "./VoiceStep.js";
import { GeneratorType as G } from "../soundfont/GeneratorType.js";
import { LoopMode } from "../soundfont/LoopMode.js";
import {
  centsToHertz,
  clamp,
  decibelsToLinear,
  keyNumberToMultiplyingFactor,
  tenths,
  timecentsToSeconds,
} from "./SoundFontMath.js";

const f = Math.fround;
const CENT = f(0.01);
// MeltySynth's oscillator position is a 64-bit fixed-point number with 24 fraction bits.
const FRAC_UNIT = 16777216;

/**
 * A voice's start: `startVoice` writes voice `v` of the bank from a note-start record (its
 * generators and its region's sample points, laid out as VoiceBank.ts's NOTE_* constants say),
 * so that the JavaScript backend and compiled code (native/voice_start.cpp, the same arithmetic
 * in the same order) start voices from the same numbers; `updateVoiceInputs` rewrites the inputs
 * that controllers move while it sounds. The per-block step that advances it is VoiceStep.ts.
 */
export function startVoice(bank: VoiceBank, v: number, sampleRate: number, note: Float64Array): void {
  const g = note;
  const key = note[NOTE_KEY];
  bank.exclusiveClass[v] = note[NOTE_EXCLUSIVE_CLASS];
  bank.channel[v] = note[NOTE_CHANNEL];
  bank.key[v] = key;
  bank.flags[v] = FLAG_FRESH;
  bank.glideOffset[v] = 0;
  updateVoiceInputs(bank, v, g, note[NOTE_PITCH_CORRECTION], note[NOTE_DECIBELS]);

  const flags = bank.flags[v];
  const frequencyVibratoLfo = centsToHertz(g[G.frequencyVibratoLfo]);
  const frequencyModulationLfo = centsToHertz(g[G.frequencyModulationLfo]);
  bank.flags[v] =
    flags | (lfoRuns(frequencyVibratoLfo) ? FLAG_VIB_LFO : 0) | (lfoRuns(frequencyModulationLfo) ? FLAG_MOD_LFO : 0);
  bank.vibLfoDelay[v] = timecentsToSeconds(g[G.delayVibratoLfo]);
  bank.vibLfoPeriod[v] = 1 / frequencyVibratoLfo;
  bank.modLfoDelay[v] = timecentsToSeconds(g[G.delayModulationLfo]);
  bank.modLfoPeriod[v] = 1 / frequencyModulationLfo;

  bank.processed[v] = 0;
  startVolumeEnvelope(
    bank,
    v,
    timecentsToSeconds(g[G.delayVolumeEnvelope]),
    timecentsToSeconds(g[G.attackVolumeEnvelope]),
    f(timecentsToSeconds(g[G.holdVolumeEnvelope]) * keyScaling(g[G.keyNumberToVolumeEnvelopeHold], key)),
    f(timecentsToSeconds(g[G.decayVolumeEnvelope]) * keyScaling(g[G.keyNumberToVolumeEnvelopeDecay], key)),
    decibelsToLinear(-tenths(g[G.sustainVolumeEnvelope])),
    // A release shorter than 10 ms would click.
    Math.max(timecentsToSeconds(g[G.releaseVolumeEnvelope]), f(0.01)),
  );
  startModulationEnvelope(
    bank,
    v,
    timecentsToSeconds(g[G.delayModulationEnvelope]),
    f(timecentsToSeconds(g[G.attackModulationEnvelope]) * note[NOTE_ATTACK_SCALE]),
    f(timecentsToSeconds(g[G.holdModulationEnvelope]) * keyScaling(g[G.keyNumberToModulationEnvelopeHold], key)),
    f(timecentsToSeconds(g[G.decayModulationEnvelope]) * keyScaling(g[G.keyNumberToModulationEnvelopeDecay], key)),
    f(1 - f(tenths(g[G.sustainModulationEnvelope]) / 100)),
    timecentsToSeconds(g[G.releaseModulationEnvelope]),
  );
  startOscillator(bank, v, sampleRate, note);
  clearFilter(bank, v);
  const cutoff = bank.cutoff[v];
  setLowPassFilter(bank, v, sampleRate, cutoff, bank.resonance[v]);
  bank.smoothedCutoff[v] = cutoff;
  bank.panAngle[v] = Number.NaN;
  bank.state[v] = VOICE_PLAYING;
}

/**
 * Writes the inputs of voice `v` that controllers can move while it sounds, from its generators
 * `g` (preset plus instrument, plus modulators in the full profile): the note's gain from
 * `noteDecibels` (velocity and attenuation, which the profile works out) and the sample's
 * `pitchCorrection` (cents) less the filter's
 * resonance, the filter, the LFO and envelope depths, pan, sends and tuning. Called at note-on,
 * and again in the full profile when a controller that a modulator reads changes.
 */
export function updateVoiceInputs(
  bank: VoiceBank,
  v: number,
  g: Float64Array,
  pitchCorrection: number,
  noteDecibels: number,
): void {
  // A corrupt or hostile SoundFont can hold any 16-bit value. Where a generator feeds an
  // exponential, it is clamped to its range in SoundFont 2.04 (8.1.3), as FluidSynth does, so
  // that no gain or time overflows to infinity; values inside those ranges are unchanged.
  const filterQ = clamp(tenths(g[G.initialFilterQ]), 0, 96);
  bank.noteGain[v] = decibelsToLinear(f(noteDecibels - f(f(0.5) * filterQ)));
  bank.cutoff[v] = centsToHertz(g[G.initialFilterCutoffFrequency]);
  bank.resonance[v] = decibelsToLinear(filterQ);
  bank.vibLfoToPitch[v] = CENT * g[G.vibratoLfoToPitch];
  bank.modLfoToPitch[v] = CENT * g[G.modulationLfoToPitch];
  bank.modEnvToPitch[v] = CENT * g[G.modulationEnvelopeToPitch];
  bank.modLfoToCutoff[v] = g[G.modulationLfoToFilterCutoffFrequency];
  bank.modEnvToCutoff[v] = g[G.modulationEnvelopeToFilterCutoffFrequency];
  bank.modLfoToVolume[v] = clamp(tenths(g[G.modulationLfoToVolume]), -96, 96);
  bank.instrumentPan[v] = clamp(tenths(g[G.pan]), -50, 50);
  bank.instrumentReverb[v] = CENT * tenths(g[G.reverbEffectsSend]);
  bank.instrumentChorus[v] = CENT * tenths(g[G.chorusEffectsSend]);
  bank.tune[v] = g[G.coarseTune] + f(CENT * (g[G.fineTune] + pitchCorrection));
  bank.lastPitch[v] = Number.NaN;

  // A dynamic cutoff stays dynamic: a controller may have moved the filter, which then glides.
  let flags = bank.flags[v] & ~FLAG_DYNAMIC_VOLUME;
  if (bank.modLfoToCutoff[v] !== 0 || bank.modEnvToCutoff[v] !== 0) flags |= FLAG_DYNAMIC_CUTOFF;
  if (bank.modLfoToVolume[v] > f(0.05)) flags |= FLAG_DYNAMIC_VOLUME;
  bank.flags[v] = flags;
}

// The envelopes' times in seconds; sustain as a linear gain.
export function startVolumeEnvelope(bank: VoiceBank, v: number, delay: number, attack: number, hold: number, decay: number, sustain: number, release: number): void {
  bank.volAttackSlope[v] = 1 / attack;
  bank.volDecaySlope[v] = -9.226 / decay;
  bank.volReleaseSlope[v] = -9.226 / release;
  bank.volAttackStart[v] = delay;
  bank.volHoldStart[v] = delay + attack;
  bank.volDecayStart[v] = delay + attack + hold;
  bank.volReleaseStart[v] = 0;
  bank.volSustain[v] = clamp(sustain, 0, 1);
  bank.volReleaseLevel[v] = 0;
  bank.volStage[v] = STAGE_DELAY;
  bank.volValue[v] = 0;
  bank.flags[v] &= ~FLAG_SUSTAINING;
  processVolumeEnvelope(bank, v, 0, 1);
}

// Sustain from 0 to 1.
export function startModulationEnvelope(bank: VoiceBank, v: number, delay: number, attack: number, hold: number, decay: number, sustain: number, release: number): void {
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
  bank.modStage[v] = STAGE_DELAY;
  processModulationEnvelope(bank, v, 0, 1);
}

/**
 * Points the oscillator at the note's sample (its tuning, which controllers can move, is
 * updateVoiceInputs's business). Out-of-range sample points (from address offset generators or
 * a broken file) are clamped into the sample data, and a loop that is empty or lies outside the
 * played range is not looped, so the renderer never reads outside `waveData`.
 */
export function startOscillator(bank: VoiceBank, v: number, sampleRate: number, note: Float64Array): void {
  const last = Math.max(note[NOTE_WAVE_LENGTH] - 1, 0);
  const start = clamp(note[NOTE_SAMPLE_START], 0, last);
  const end = clamp(note[NOTE_SAMPLE_END], start, last);
  const startLoop = clamp(note[NOTE_SAMPLE_START_LOOP], 0, last);
  const endLoop = clamp(note[NOTE_SAMPLE_END_LOOP], 0, last);
  const mode = endLoop > startLoop ? note[NOTE_SAMPLE_MODES] : LoopMode.noLoop;
  bank.loopMode[v] = mode;
  bank.end[v] = end;
  bank.startLoop[v] = startLoop;
  bank.endLoop[v] = endLoop;
  bank.rootKey[v] = note[NOTE_ROOT_KEY];
  bank.pitchChangeScale[v] = f(0.01) * note[G.scaleTuning];
  bank.sampleRateRatio[v] = note[NOTE_SAMPLE_RATE] / sampleRate;
  bank.lastPitch[v] = Number.NaN;
  bank.position[v] = start * FRAC_UNIT;
  if (mode === LoopMode.noLoop) bank.flags[v] &= ~FLAG_LOOPING;
  else bank.flags[v] |= FLAG_LOOPING;
}

// Forgets the history, and the coefficients, so that the next setLowPassFilter computes them.
export function clearFilter(bank: VoiceBank, v: number): void {
  bank.filterCutoff[v] = Number.NaN;
  bank.x1[v] = 0;
  bank.x2[v] = 0;
  bank.y1[v] = 0;
  bank.y2[v] = 0;
}

/** Whether an LFO of this frequency (in hertz) runs: at 1 mHz or below it stays at zero. */
export function lfoRuns(frequency: number): boolean {
  return frequency > f(1e-3);
}

function keyScaling(centsPerKey: number, key: number): number {
  return keyNumberToMultiplyingFactor(clamp(centsPerKey, -1200, 1200), key);
}

