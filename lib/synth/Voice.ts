import { portableCos, portableSin } from "../kernels/PortableMath.js";
import {
  FLAG_DYNAMIC_CUTOFF,
  FLAG_DYNAMIC_VOLUME,
  FLAG_FRESH,
  FLAG_MOD_LFO,
  FLAG_QUIET_LIVES,
  FLAG_VIB_LFO,
  VOICE_PLAYING,
  VOICE_RELEASED,
  VOICE_RELEASE_REQUESTED,
  type VoiceBank,
} from "../kernels/VoiceBank.js";
import { clearFilter, setLowPassFilter } from "./BiQuadFilter.js";
import { lfoRuns, lfoValue } from "./Lfo.js";
import { processModulationEnvelope, releaseModulationEnvelope, startModulationEnvelope } from "./ModulationEnvelope.js";
import { processOscillator, releaseOscillator, startOscillator } from "./Oscillator.js";
import { GeneratorType as G, type InstrumentRegion } from "../soundfont/index.js";
import { Reverb } from "./Reverb.js";
import {
  HALF_PI,
  NON_AUDIBLE,
  PI,
  centsToHertz,
  centsToMultiplyingFactor,
  clamp,
  decibelsToLinear,
  keyNumberToMultiplyingFactor,
  linearToDecibels,
  tenths,
  timecentsToSeconds,
} from "../soundfont/SoundFontMath.js";
import { processVolumeEnvelope, releaseVolumeEnvelope, startVolumeEnvelope } from "./VolumeEnvelope.js";

const f = Math.fround;
const CENT = f(0.01);
const PAN_TO_ANGLE = f(PI / 200);
const REVERB_INPUT_GAIN = Reverb.inputGain;

/**
 * One sounding note of one region, as voice `v` of the bank: `startVoice` writes the region's
 * parameters at note-on, and `processVoice` is the per-block step of the JavaScript backend
 * (the native backend runs native/voice_step.cpp, which does the same arithmetic, inside its
 * block call): envelopes and LFOs, pitch to oscillator step, cutoff to filter coefficients,
 * pan, and the five gain ramps the block renderer applies.
 */

export function startVoice(
  bank: VoiceBank,
  v: number,
  sampleRate: number,
  g: Float64Array,
  region: InstrumentRegion,
  waveLength: number,
  channel: number,
  key: number,
  noteDecibels: number,
  modulationAttackScale: number,
): void {
  bank.exclusiveClass[v] = region.exclusiveClass;
  bank.channel[v] = channel;
  bank.key[v] = key;
  bank.flags[v] = FLAG_FRESH;
  bank.glideOffset[v] = 0;
  updateVoiceInputs(bank, v, g, region, noteDecibels);

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
    f(timecentsToSeconds(g[G.attackModulationEnvelope]) * modulationAttackScale),
    f(timecentsToSeconds(g[G.holdModulationEnvelope]) * keyScaling(g[G.keyNumberToModulationEnvelopeHold], key)),
    f(timecentsToSeconds(g[G.decayModulationEnvelope]) * keyScaling(g[G.keyNumberToModulationEnvelopeDecay], key)),
    f(1 - f(tenths(g[G.sustainModulationEnvelope]) / 100)),
    timecentsToSeconds(g[G.releaseModulationEnvelope]),
  );
  startOscillator(
    bank,
    v,
    sampleRate,
    waveLength,
    region.sampleModes,
    region.sample.sampleRate,
    region.sampleStart,
    region.sampleEnd,
    region.sampleStartLoop,
    region.sampleEndLoop,
    region.rootKey,
    g[G.scaleTuning],
  );
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
 * `noteDecibels` (velocity and attenuation, which the profile works out) less the filter's
 * resonance, the filter, the LFO and envelope depths, pan, sends and tuning. Called at note-on,
 * and again in the full profile when a controller that a modulator reads changes.
 */
export function updateVoiceInputs(
  bank: VoiceBank,
  v: number,
  g: Float64Array,
  region: InstrumentRegion,
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
  bank.tune[v] = g[G.coarseTune] + f(CENT * (g[G.fineTune] + region.sample.pitchCorrection));
  bank.lastPitch[v] = Number.NaN;

  // A dynamic cutoff stays dynamic: a controller may have moved the filter, which then glides.
  let flags = bank.flags[v] & ~FLAG_DYNAMIC_VOLUME;
  if (bank.modLfoToCutoff[v] !== 0 || bank.modEnvToCutoff[v] !== 0) flags |= FLAG_DYNAMIC_CUTOFF;
  if (bank.modLfoToVolume[v] > f(0.05)) flags |= FLAG_DYNAMIC_VOLUME;
  bank.flags[v] = flags;
}

/** How a note's velocity scales its modulation envelope's attack in the 'meltysynth' profile. */
export function meltysynthAttackScale(velocity: number): number {
  // Following TinySoundFont, a harder note attacks faster.
  return f((145 - velocity) / 144);
}

/** The decibels of a note in the 'meltysynth' profile: its velocity squared, and 40 % of its attenuation. */
export function meltysynthNoteDecibels(g: Float64Array, velocity: number): number {
  // Polyphone applies 40 % of the initial attenuation; it gives a more natural loudness range.
  const attenuation = clamp(tenths(g[G.initialAttenuation]), 0, 144);
  return f(f(2 * linearToDecibels(f(velocity / 127))) - f(f(0.4) * attenuation));
}

function keyScaling(centsPerKey: number, key: number): number {
  return keyNumberToMultiplyingFactor(clamp(centsPerKey, -1200, 1200), key);
}

/** Lets the note go (after the hold pedal, if it is down). */
export function endVoice(bank: VoiceBank, v: number): void {
  if (bank.state[v] === VOICE_PLAYING) bank.state[v] = VOICE_RELEASE_REQUESTED;
}

/** Silences the voice at the next block, without release. */
export function killVoice(bank: VoiceBank, v: number): void {
  bank.noteGain[v] = 0;
}

/** Lower for voices that can be stolen with the least harm. */
export function voicePriority(bank: VoiceBank, v: number): number {
  return bank.noteGain[v] < NON_AUDIBLE ? 0 : bank.volPriority[v];
}

/**
 * The per-block step of the JavaScript backend: advances the first `activeCount` voices of
 * `order` by `frames` frames and writes their gain ramps; a finished voice is swapped with the
 * last active one, as MeltySynth does, so that voice stealing and mixing order match it.
 * Returns the number still active.
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

/**
 * Advances voice `v` by `frames` frames and writes its gain ramps for them.
 * Returns false when the voice has finished and can be reused.
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
    releaseVolumeEnvelope(bank, v, bank.processed[v], sampleRate);
    releaseModulationEnvelope(bank, v, bank.processed[v], sampleRate);
    releaseOscillator(bank, v);
    bank.state[v] = VOICE_RELEASED;
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
  // Portamento: the glide still to go is added, then shrinks. (A pitch reassigned here would be
  // a boxed double on every block.)
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
  return true;
}

function advanceGlide(bank: VoiceBank, v: number, glide: number, frames: number): void {
  const left = glide - bank.glideRate[v] * frames;
  bank.glideOffset[v] = left > 0 === glide > 0 ? left : 0;
}

function modLfoAt(bank: VoiceBank, v: number, flags: number, time: number): number {
  return (flags & FLAG_MOD_LFO) === 0 ? 0 : lfoValue(bank.modLfoDelay[v], bank.modLfoPeriod[v], time);
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
