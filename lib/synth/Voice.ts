import {
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
  VOICE_PLAYING,
  VOICE_RELEASE_REQUESTED,
  type VoiceBank,
} from "../kernels/VoiceBank.js";
import { GeneratorType as G, type InstrumentRegion } from "../soundfont/index.js";
import { NON_AUDIBLE, clamp, linearToDecibels, tenths } from "../kernels/SoundFontMath.js";

const f = Math.fround;

/**
 * One sounding note of one region, on the note's side: the profile writes what its voice starts
 * from into the note-start record (`writeNoteStart`, after the generators) and has the block
 * renderer start it (lib/kernels/VoiceStart.ts, or compiled code); `endVoice` and `killVoice`
 * stop it.
 */

/**
 * Writes into the note-start record `note`, after the generators the profile put at its start,
 * what else a voice of `region` starts from: the sample's points, loop, tuning and rate, the
 * SoundFont's wave length, and the note itself.
 */
export function writeNoteStart(
  note: Float64Array,
  region: InstrumentRegion,
  waveLength: number,
  channel: number,
  key: number,
  noteDecibels: number,
  modulationAttackScale: number,
): void {
  note[NOTE_EXCLUSIVE_CLASS] = region.exclusiveClass;
  note[NOTE_SAMPLE_START] = region.sampleStart;
  note[NOTE_SAMPLE_END] = region.sampleEnd;
  note[NOTE_SAMPLE_START_LOOP] = region.sampleStartLoop;
  note[NOTE_SAMPLE_END_LOOP] = region.sampleEndLoop;
  note[NOTE_SAMPLE_MODES] = region.sampleModes;
  note[NOTE_PITCH_CORRECTION] = region.sample.pitchCorrection;
  note[NOTE_ROOT_KEY] = region.rootKey;
  note[NOTE_SAMPLE_RATE] = region.sample.sampleRate;
  note[NOTE_WAVE_LENGTH] = waveLength;
  note[NOTE_CHANNEL] = channel;
  note[NOTE_KEY] = key;
  note[NOTE_DECIBELS] = noteDecibels;
  note[NOTE_ATTACK_SCALE] = modulationAttackScale;
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
