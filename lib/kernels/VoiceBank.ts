/**
 * Every voice's state as struct-of-arrays: one typed array per field, one element per voice, all
 * in one ArrayBuffer, and the channels' controller state beside it. TypeScript writes a voice's
 * parameters here at note-on and a channel's controllers on every controller change; the
 * per-block step (envelopes, LFOs, pitch, filter, gains: VoiceStep.ts in TypeScript,
 * native/voice_step.cpp in C++) reads those inputs and advances the rest, and the block renderer
 * reads the oscillator, filter and gain fields.
 *
 * This list is the one description of the layout: native/voice_bank.h lists the same fields in
 * the same order, and a native or wasm renderer refuses to start when the compiled list differs.
 * The bank's bytes hold the float64 fields first, then the float32 ones, then the int32 ones,
 * each `capacity` elements long, so every array is naturally aligned.
 */
import { heapMemory, type BlockMemory } from "./BlockMemory.js";

/** Fields in float64: the oscillator's fixed-point position and step, times and slopes. */
export const F64_FIELDS = [
  // MeltySynth's 64-bit fixed-point oscillator (24 fraction bits), as integral doubles: exact
  // up to 2^53, i.e. for samples up to 2^29 frames long.
  "position",
  "step",
  /** Frames played since the note started. */
  "processed",
  "volAttackSlope",
  "volDecaySlope",
  "volReleaseSlope",
  "volAttackStart",
  "volHoldStart",
  "volDecayStart",
  "volReleaseStart",
  "modAttackSlope",
  "modDecaySlope",
  "modReleaseSlope",
  "modAttackStart",
  "modHoldStart",
  "modDecayStart",
  "modDecayEnd",
  "modReleaseEnd",
  "vibLfoDelay",
  "vibLfoPeriod",
  "modLfoDelay",
  "modLfoPeriod",
] as const;

/** Fields in float32. */
export const F32_FIELDS = [
  // The biquad's textbook coefficients b0, b1, b2, a1, a2, each divided by its a0, then its history.
  "b0",
  "b1",
  "b2",
  "a1",
  "a2",
  "x1",
  "x2",
  "y1",
  "y2",
  // The five gain ramps the renderer applies, previous then current, each complete with every
  // factor that scales it (master volume, send level, reverb input gain).
  "leftFrom",
  "leftTo",
  "rightFrom",
  "rightTo",
  "chorusLeftFrom",
  "chorusLeftTo",
  "chorusRightFrom",
  "chorusRightTo",
  "reverbFrom",
  "reverbTo",
  // Envelope levels.
  "volSustain",
  "volReleaseLevel",
  "volValue",
  "volPriority",
  "modSustain",
  "modReleaseLevel",
  "modValue",
  // The note's inputs, written at note-on.
  "noteGain",
  "cutoff",
  "resonance",
  "vibLfoToPitch",
  "modLfoToPitch",
  "modEnvToPitch",
  "modLfoToCutoff",
  "modEnvToCutoff",
  "modLfoToVolume",
  "instrumentPan",
  "instrumentReverb",
  "instrumentChorus",
  "tune",
  "pitchChangeScale",
  "sampleRateRatio",
  // Derived state, kept to skip work that would give the same result as last block.
  "lastPitch",
  "smoothedCutoff",
  "filterCutoff",
  "filterResonance",
  "panAngle",
  "panLeft",
  "panRight",
  // The gains of the last block, where this block's ramps start.
  "mixLeft",
  "mixRight",
  "reverbSend",
  "chorusSend",
  // Portamento: semitones still to glide (added to the pitch), and how many go per frame.
  "glideOffset",
  "glideRate",
] as const;

/** Fields in int32. */
export const I32_FIELDS = [
  /** See FLAG_*. */
  "flags",
  /** End of the sample data (exclusive) when not looping. */
  "end",
  /** First sample of the loop. */
  "startLoop",
  /** End of the loop (exclusive). */
  "endLoop",
  "loopMode",
  "rootKey",
  "channel",
  "key",
  "exclusiveClass",
  /** See VOICE_*. */
  "state",
  "volStage",
  "modStage",
] as const;

/** Per-channel inputs of the step, written by the channel on every controller change. */
export const CHANNEL_FIELDS = [
  /** Vibrato depth from the modulation wheel, in semitones. */
  "vibratoDepth",
  /** Tuning plus pitch bend, in semitones. */
  "pitchChange",
  /** (volume x expression)^2. */
  "gain",
  /** -50 (left) to 50 (right). */
  "pan",
  "reverbSend",
  "chorusSend",
  /** 1 while the hold pedal is down. */
  "holdPedal",
] as const;

/**
 * The numbers the step and the note-on side agree on: the `flags` bits, the `state` values, the
 * envelope stages of `volStage` and `modStage`, and the one loop mode the step reads. The addon
 * reports its own (native/voice_bank.h), and a native renderer refuses to start when they differ.
 */
export const VOICE_BANK_CONSTANTS = {
  /** The oscillator wraps at the loop end. */
  FLAG_LOOPING: 1,
  /** The low-pass filter is active; otherwise it only tracks its history. */
  FLAG_FILTER_ACTIVE: 2,
  /** The filter cutoff follows the modulation LFO or envelope. */
  FLAG_DYNAMIC_CUTOFF: 4,
  /** The gain follows the modulation LFO. */
  FLAG_DYNAMIC_VOLUME: 8,
  /** The vibrato LFO runs. */
  FLAG_VIB_LFO: 16,
  /** The modulation LFO runs. */
  FLAG_MOD_LFO: 32,
  /** The volume envelope has decayed to its sustain level. */
  FLAG_SUSTAINING: 64,
  /** No block has been rendered yet: the gain ramps start where they end. */
  FLAG_FRESH: 128,
  /**
   * The voice ends only when killed (its note gain set to 0), not when its note gain is merely
   * below the audible level: in the 'full' profile controllers move that gain while it sounds.
   */
  FLAG_QUIET_LIVES: 256,
  /** The loop has come round at least once (cubic and sinc interpolation read its end before its start). */
  FLAG_LOOPED: 512,
  /**
   * The voice plays, steals and ends as any other but is heard nowhere: its gains into the
   * output and the effects are 0 (a stem leaves out the notes of the other parts this way, so
   * that the voices it keeps live exactly as in the full mix).
   */
  FLAG_SILENT: 1024,
  /** A voice's life: playing, note-off received (held by the pedal or the minimum length), released. */
  VOICE_PLAYING: 0,
  VOICE_RELEASE_REQUESTED: 1,
  VOICE_RELEASED: 2,
  /** The envelopes' stages, in the order they run. */
  STAGE_DELAY: 0,
  STAGE_ATTACK: 1,
  STAGE_HOLD: 2,
  STAGE_DECAY: 3,
  STAGE_RELEASE: 4,
  /** `loopMode` of a sample that loops until its note is released (LoopMode.loopUntilNoteOff). */
  LOOP_UNTIL_NOTE_OFF: 3,
  /** Channels the channel table holds: the most a synthesizer can grow to (16 per MIDI port). */
  MAX_CHANNELS: 256,
  /**
   * The note-start record (a Float64Array the block context holds): the note's 61 generators,
   * indexed by GeneratorType, then what else its voice starts from, at these indices. The
   * profile writes it; the renderer's startVoice reads it.
   */
  NOTE_EXCLUSIVE_CLASS: 61,
  NOTE_SAMPLE_START: 62,
  NOTE_SAMPLE_END: 63,
  NOTE_SAMPLE_START_LOOP: 64,
  NOTE_SAMPLE_END_LOOP: 65,
  NOTE_SAMPLE_MODES: 66,
  NOTE_PITCH_CORRECTION: 67,
  NOTE_ROOT_KEY: 68,
  NOTE_SAMPLE_RATE: 69,
  NOTE_WAVE_LENGTH: 70,
  NOTE_CHANNEL: 71,
  NOTE_KEY: 72,
  NOTE_DECIBELS: 73,
  NOTE_ATTACK_SCALE: 74,
  NOTE_START_LENGTH: 75,
} as const;

// One name each, so that the step reads a constant, not a property.
export const {
  FLAG_LOOPING,
  FLAG_FILTER_ACTIVE,
  FLAG_DYNAMIC_CUTOFF,
  FLAG_DYNAMIC_VOLUME,
  FLAG_VIB_LFO,
  FLAG_MOD_LFO,
  FLAG_SUSTAINING,
  FLAG_FRESH,
  FLAG_QUIET_LIVES,
  FLAG_LOOPED,
  FLAG_SILENT,
  VOICE_PLAYING,
  VOICE_RELEASE_REQUESTED,
  VOICE_RELEASED,
  STAGE_DELAY,
  STAGE_ATTACK,
  STAGE_HOLD,
  STAGE_DECAY,
  STAGE_RELEASE,
  LOOP_UNTIL_NOTE_OFF,
  MAX_CHANNELS,
  NOTE_EXCLUSIVE_CLASS,
  NOTE_SAMPLE_START,
  NOTE_SAMPLE_END,
  NOTE_SAMPLE_START_LOOP,
  NOTE_SAMPLE_END_LOOP,
  NOTE_SAMPLE_MODES,
  NOTE_PITCH_CORRECTION,
  NOTE_ROOT_KEY,
  NOTE_SAMPLE_RATE,
  NOTE_WAVE_LENGTH,
  NOTE_CHANNEL,
  NOTE_KEY,
  NOTE_DECIBELS,
  NOTE_ATTACK_SCALE,
  NOTE_START_LENGTH,
} = VOICE_BANK_CONSTANTS;

type F64Field = (typeof F64_FIELDS)[number];
type F32Field = (typeof F32_FIELDS)[number];
type I32Field = (typeof I32_FIELDS)[number];
type ChannelField = (typeof CHANNEL_FIELDS)[number];

/** One typed array per field, over the shared buffer. */
export type VoiceBankFields = { readonly [K in F64Field]: Float64Array } & {
  readonly [K in F32Field]: Float32Array;
} & { readonly [K in I32Field]: Int32Array };

/** The channels' fields, each MAX_CHANNELS long. */
export type ChannelTable = { readonly [K in ChannelField]: Float32Array };

/** The voice bank: its memory and one view per field. */
export type VoiceBank = VoiceBankFields & {
  readonly capacity: number;
  /** The voices' fields: every byte of them, capacity x VOICE_BYTES. */
  readonly bytes: Uint8Array;
  /** The channels' fields: CHANNEL_FIELDS.length x MAX_CHANNELS float32 values. */
  readonly channels: ChannelTable;
  readonly channelData: Float32Array;
};

/** Bytes of one voice across all fields. */
export const VOICE_BYTES = 8 * F64_FIELDS.length + 4 * F32_FIELDS.length + 4 * I32_FIELDS.length;

/** A voice bank of `capacity` voices, zeroed, in `memory` (by default the JavaScript heap). */
export function createVoiceBank(capacity: number, memory: BlockMemory = heapMemory): VoiceBank {
  const bytes = memory.bytes(capacity * VOICE_BYTES);
  const { buffer } = bytes;
  const entries: [string, unknown][] = [];
  let offset = bytes.byteOffset;
  for (const name of F64_FIELDS) {
    entries.push([name, new Float64Array(buffer, offset, capacity)]);
    offset += 8 * capacity;
  }
  for (const name of F32_FIELDS) {
    entries.push([name, new Float32Array(buffer, offset, capacity)]);
    offset += 4 * capacity;
  }
  for (const name of I32_FIELDS) {
    entries.push([name, new Int32Array(buffer, offset, capacity)]);
    offset += 4 * capacity;
  }
  const channelData = memory.float32(CHANNEL_FIELDS.length * MAX_CHANNELS);
  const channels = Object.fromEntries(
    CHANNEL_FIELDS.map((name, i) => [name, channelData.subarray(i * MAX_CHANNELS, (i + 1) * MAX_CHANNELS)]),
  );
  entries.push(["capacity", capacity], ["bytes", bytes], ["channels", channels], ["channelData", channelData]);
  // Built in one go: an object given this many properties one by one would fall back to
  // dictionary mode in V8, and every field read of the voice step would become a hash lookup.
  return Object.fromEntries(entries) as VoiceBank;
}

/** The voice bank's layout as compiled code reports it: its field lists and constants. */
export interface VoiceBankLayout {
  readonly f64: readonly string[];
  readonly f32: readonly string[];
  readonly i32: readonly string[];
  readonly channel: readonly string[];
  readonly constants: Readonly<Record<string, number>>;
}

/** The layout as this file describes it, for the check that compiled code agrees. */
export const VOICE_BANK_LAYOUT: VoiceBankLayout = {
  f64: F64_FIELDS,
  f32: F32_FIELDS,
  i32: I32_FIELDS,
  channel: CHANNEL_FIELDS,
  constants: VOICE_BANK_CONSTANTS,
};

/**
 * The first difference between `theirs` (compiled code's layout) and this file's, as "f32 field
 * 3 is x there and y here", or null when they agree: code built from other sources than this
 * TypeScript would read the bank wrongly.
 */
export function voiceBankLayoutDifference(theirs: VoiceBankLayout): string | null {
  for (const kind of ["f64", "f32", "i32", "channel"] as const) {
    const ours = VOICE_BANK_LAYOUT[kind];
    for (let i = 0; i < Math.max(ours.length, theirs[kind].length); i++) {
      if (ours[i] !== theirs[kind][i]) {
        return `${kind} field ${i} is ${String(theirs[kind][i])} there and ${String(ours[i])} here`;
      }
    }
  }
  const ours = VOICE_BANK_LAYOUT.constants;
  for (const name of new Set([...Object.keys(ours), ...Object.keys(theirs.constants)])) {
    if (ours[name] !== theirs.constants[name]) {
      return `${name} is ${String(theirs.constants[name])} there and ${String(ours[name])} here`;
    }
  }
  return null;
}
