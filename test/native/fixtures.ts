/**
 * Shared by the native tests: loading the addon (or saying why it is not there), a seeded
 * random generator, and random block contexts whose voice banks put every branch of the voice
 * step and of the renderer to work: envelopes in every stage, releases held by the pedal or
 * not yet due, LFOs, pitch that moves or stays, filters that sweep or stay put, voices about to
 * finish, loops (tiny ones too), ramps and the effects.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { heapMemory, type BlockMemory } from "../../lib/kernels/BlockMemory.js";
import { spanBlocks, type BlockContext, type Interpolation, type RendererSettings } from "../../lib/kernels/BlockRenderer.js";
import type { NativeAddon } from "../../lib/kernels/nativeBackend.js";
import {
  MAX_CHANNELS,
  F32_FIELDS,
  F64_FIELDS,
  FLAG_DYNAMIC_CUTOFF,
  FLAG_DYNAMIC_VOLUME,
  FLAG_FILTER_ACTIVE,
  FLAG_FRESH,
  FLAG_LOOPING,
  FLAG_MOD_LFO,
  FLAG_QUIET_LIVES,
  FLAG_SUSTAINING,
  FLAG_VIB_LFO,
  I32_FIELDS,
  VOICE_PLAYING,
  VOICE_RELEASED,
  VOICE_RELEASE_REQUESTED,
  NOTE_START_LENGTH,
  createVoiceBank,
  STAGE_DELAY,
  STAGE_HOLD,
  STAGE_RELEASE,
  type VoiceBank,
} from "../../lib/kernels/VoiceBank.js";
import { LoopMode } from "../../lib/soundfont/index.js";
import { Chorus } from "../../lib/synth/Chorus.js";
import { Reverb } from "../../lib/synth/Reverb.js";
import { startModulationEnvelope, startVolumeEnvelope } from "../../lib/kernels/VoiceStart.js";
import { requirement } from "../requirements.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

/** The oscillator's fixed-point unit: 24 fraction bits. */
export const FRAC_UNIT = 16777216;

/**
 * The addon under test: MELTYSYNTH_NATIVE_ADDON names a .node file (the sanitizer build uses
 * it); otherwise node-gyp-build finds build/Release or a prebuild.
 */
export function loadTestAddon(): { addon: NativeAddon | null; reason: string } {
  try {
    const path = process.env.MELTYSYNTH_NATIVE_ADDON;
    const addon = (path ? require(path) : (require("node-gyp-build") as (dir: string) => unknown)(root)) as NativeAddon;
    return { addon, reason: "" };
  } catch (error) {
    const reason = `the native addon is not built (run npm run build:native): ${(error as Error).message.split("\n")[0]}`;
    // CI and the sanitizer run set MELTYSYNTH_REQUIRE_NATIVE=1: there a missing addon is a failure, not a skip.
    requirement("MELTYSYNTH_REQUIRE_NATIVE", reason);
    console.warn(`SKIPPING native tests: ${reason}`);
    return { addon: null, reason };
  }
}

/** xorshift: the same numbers on every run. */
export class Random {
  private s: number;
  constructor(seed: number) {
    this.s = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s >>> 0;
    return this.s / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A value, or zero one time in `zeroOneIn`: zero depths take their own branches in the step. */
  orZero(zeroOneIn: number, lo: number, hi: number): number {
    return this.below(zeroOneIn) === 0 ? 0 : this.between(lo, hi);
  }
}

/** Random controller state for every channel, the hold pedal down on some. */
export function randomChannels(bank: VoiceBank, random: Random): void {
  for (let c = 0; c < MAX_CHANNELS; c++) randomChannelValue(bank, c, random, true);
}

/** A new value for one (or every) controller of channel `c`, as a MIDI message would set it. */
export function randomChannelValue(bank: VoiceBank, c: number, random: Random, all = false): void {
  const ch = bank.channels;
  const field = all ? -1 : random.below(7);
  if (field < 0 || field === 0) ch.vibratoDepth[c] = random.orZero(2, 0, 1);
  if (field < 0 || field === 1) ch.pitchChange[c] = random.orZero(3, -2, 2);
  if (field < 0 || field === 2) ch.gain[c] = random.next() ** 2;
  if (field < 0 || field === 3) ch.pan[c] = random.between(-50, 50);
  if (field < 0 || field === 4) ch.reverbSend[c] = random.orZero(3, 0, 1);
  if (field < 0 || field === 5) ch.chorusSend[c] = random.orZero(3, 0, 1);
  if (field < 0 || field === 6) ch.holdPedal[c] = random.below(3) === 0 ? 1 : 0;
}

/**
 * The pitch the step works out for a voice without vibrato or modulation to pitch: the key
 * plus the channel's pitch change, rounded as the step rounds it.
 */
export function steadyPitch(bank: VoiceBank, v: number): number {
  return Math.fround(bank.key[v] + bank.channels.pitchChange[bank.channel[v]]);
}

/** Takes vibrato and modulation off voice v's pitch and makes the step keep its current step. */
export function holdPitch(bank: VoiceBank, v: number): void {
  bank.flags[v] &= ~FLAG_VIB_LFO;
  bank.vibLfoToPitch[v] = 0;
  bank.modLfoToPitch[v] = 0;
  bank.modEnvToPitch[v] = 0;
  bank.lastPitch[v] = steadyPitch(bank, v);
}

/** Makes voice v sound through the next blocks: loud, playing, its volume envelope holding. */
export function keepSounding(bank: VoiceBank, v: number): void {
  bank.noteGain[v] = 1;
  bank.state[v] = VOICE_PLAYING;
  bank.processed[v] = 0;
  setVolumeEnvelope(bank, v, [0, 0.001, 100, 1, 1, 1], 0);
  bank.position[v] = 0;
}


/** A gain of `x` decibels. */
function decibels(x: number): number {
  return Math.fround(10 ** (x / 20));
}

/** The stage a DAHDSR envelope has reached at `time`, before any release. */
function stageAt(time: number, attackStart: number, holdStart: number, decayStart: number): number {
  const ends = [attackStart, holdStart, decayStart];
  let stage = STAGE_DELAY;
  while (stage <= STAGE_HOLD && time >= ends[stage]) stage++;
  return stage;
}

/**
 * Voice v's volume envelope as a note-on sets it, in the stage it has reached at `time`.
 * Times in seconds, sustain as a gain.
 */
function setVolumeEnvelope(bank: VoiceBank, v: number, [delay, attack, hold, decay, sustain, release]: number[], time: number): void {
  startVolumeEnvelope(bank, v, delay, attack, hold, decay, sustain, release);
  bank.volStage[v] = stageAt(time, delay, delay + attack, delay + attack + hold);
}

/** Voice v's modulation envelope likewise; sustain from 0 to 1. */
function setModulationEnvelope(bank: VoiceBank, v: number, [delay, attack, hold, decay, sustain, release]: number[], time: number): void {
  startModulationEnvelope(bank, v, delay, attack, hold, decay, sustain, release);
  bank.modStage[v] = stageAt(time, delay, delay + attack, delay + attack + hold);
}

/**
 * A stable low-pass biquad for `cutoff` hertz, divided through by a0 as the bank holds it; the
 * filter is active below Nyquist. Computed here in double precision: the step recomputes the
 * coefficients only when the cutoff sweeps, and those it keeps need only be stable.
 */
function setLowPass(bank: VoiceBank, v: number, sampleRate: number, cutoff: number, resonance: number): void {
  bank.filterCutoff[v] = cutoff;
  bank.filterResonance[v] = resonance;
  if (!(cutoff < 0.499 * sampleRate)) {
    bank.flags[v] &= ~FLAG_FILTER_ACTIVE;
    return;
  }
  bank.flags[v] |= FLAG_FILTER_ACTIVE;
  const w = (2 * Math.PI * cutoff) / sampleRate;
  const alpha = Math.sin(w) / (2 * Math.max(resonance, 0.5));
  const cw = Math.cos(w);
  const a0 = 1 + alpha;
  bank.b0[v] = (1 - cw) / 2 / a0;
  bank.b1[v] = (1 - cw) / a0;
  bank.b2[v] = (1 - cw) / 2 / a0;
  bank.a1[v] = (-2 * cw) / a0;
  bank.a2[v] = (1 - alpha) / a0;
}

/**
 * Voice v as a note at any moment of its life: started `processed` frames ago, maybe released,
 * maybe finished or about to finish. Every field the step or the renderer reads gets a value.
 */
export function randomVoice(bank: VoiceBank, v: number, random: Random, waveLength: number, sampleRate: number, fresh = false): void {
  bank.channel[v] = random.below(MAX_CHANNELS);
  bank.key[v] = random.below(128);
  bank.exclusiveClass[v] = random.below(3);
  // About one voice in eight is too quiet to be heard: the step drops it at once.
  bank.noteGain[v] = random.below(8) === 0 ? random.between(0, 1.2e-3) : decibels(-random.between(0, 50));

  let flags = fresh || random.chance(0.3) ? FLAG_FRESH : 0;
  if (random.chance(0.6)) flags |= FLAG_VIB_LFO;
  if (random.chance(0.6)) flags |= FLAG_MOD_LFO;
  bank.vibLfoToPitch[v] = random.orZero(3, -1, 1);
  bank.modLfoToPitch[v] = random.orZero(3, -1, 1);
  bank.modEnvToPitch[v] = random.orZero(3, -12, 12);
  bank.modLfoToCutoff[v] = random.orZero(2, -2400, 2400);
  bank.modEnvToCutoff[v] = random.orZero(2, -4800, 4800);
  bank.modLfoToVolume[v] = random.orZero(2, 0, 24);
  // Mostly as startVoice derives them; sometimes set regardless of the depths.
  const derived = random.chance(0.8);
  if (derived ? bank.modLfoToCutoff[v] !== 0 || bank.modEnvToCutoff[v] !== 0 : random.chance(0.5)) flags |= FLAG_DYNAMIC_CUTOFF;
  if (derived ? bank.modLfoToVolume[v] > Math.fround(0.05) : random.chance(0.5)) flags |= FLAG_DYNAMIC_VOLUME;
  // The full profile's voices: kept while too quiet to hear, some gliding up or down to their key.
  if (random.chance(0.3)) flags |= FLAG_QUIET_LIVES;
  bank.flags[v] = flags;
  const glide = random.chance(0.3) ? random.between(-12, 12) : 0;
  bank.glideOffset[v] = glide;
  bank.glideRate[v] = glide / random.between(64, 20000);
  bank.vibLfoDelay[v] = random.orZero(2, 0, 0.1);
  bank.vibLfoPeriod[v] = 1 / random.between(0.5, 12);
  bank.modLfoDelay[v] = random.orZero(2, 0, 0.1);
  bank.modLfoPeriod[v] = 1 / random.between(0.5, 12);
  bank.instrumentPan[v] = random.between(-50, 50);
  bank.instrumentReverb[v] = random.orZero(2, 0, 1);
  bank.instrumentChorus[v] = random.orZero(2, 0, 1);

  // Times of the order of the test's few hundred milliseconds, so stages change while it runs.
  // Some notes are younger than the 2 ms a note-off waits for.
  const processed = fresh ? 0 : random.below(4) === 0 ? random.below(100) : random.below(Math.floor(0.4 * sampleRate));
  const time = processed / sampleRate;
  bank.processed[v] = processed;
  setVolumeEnvelope(
    bank,
    v,
    [
      random.orZero(2, 0, 0.05),
      random.between(0.001, 0.08),
      random.orZero(2, 0, 0.08),
      random.between(0.01, 1),
      // Some sustain levels are inaudible: the note finishes at the end of its decay.
      decibels(-random.between(0, 100)),
      random.between(0.01, 0.3),
    ],
    time,
  );
  setModulationEnvelope(
    bank,
    v,
    [
      random.orZero(2, 0, 0.05),
      random.between(0.001, 0.08),
      random.orZero(2, 0, 0.08),
      random.between(0.01, 0.5),
      random.next(),
      random.between(0.001, 0.3),
    ],
    time,
  );
  // The envelopes' levels of the last block: the step starts a release from them.
  bank.volValue[v] = fresh ? 0 : random.next();
  bank.volPriority[v] = random.between(0, 4);
  bank.modValue[v] = random.next();
  const life = fresh ? 0 : random.below(10);
  if (life < 3) {
    bank.state[v] = VOICE_PLAYING;
  } else if (life < 5) {
    bank.state[v] = VOICE_RELEASE_REQUESTED;
  } else {
    const releasedAt = random.between(0, time);
    bank.volStage[v] = STAGE_RELEASE;
    bank.volReleaseStart[v] = releasedAt;
    bank.volReleaseLevel[v] = random.next();
    bank.modStage[v] = STAGE_RELEASE;
    bank.modReleaseEnd[v] += releasedAt;
    bank.modReleaseLevel[v] = random.next();
    bank.state[v] = VOICE_RELEASED;
  }
  // A decay that has reached its sustain level keeps its value, whatever it is.
  if (!fresh && random.chance(0.15)) bank.flags[v] |= FLAG_SUSTAINING;

  const loopMode = [LoopMode.noLoop, LoopMode.continuous, LoopMode.loopUntilNoteOff][random.below(3)];
  const endLoop = 2 + random.below(waveLength - 3);
  // Some loops are tiny, so that long steps take the remainder in the renderer's wrap.
  const startLoop = random.below(4) === 0 ? Math.max(0, endLoop - 1 - random.below(3)) : random.below(endLoop - 1);
  const end = 1 + random.below(waveLength - 2);
  // Now and then a tuning far up, where the step caps the pitch ratio.
  const coarseTune = random.below(40) === 0 ? 200 : random.below(49) - 24;
  bank.loopMode[v] = loopMode;
  bank.end[v] = end;
  bank.startLoop[v] = startLoop;
  bank.endLoop[v] = endLoop;
  bank.rootKey[v] = random.below(128);
  bank.tune[v] = coarseTune + Math.fround(Math.fround(0.01) * (random.below(199) - 99));
  bank.pitchChangeScale[v] = random.below(6) === 0 ? 0 : Math.fround(0.01) * random.below(201);
  bank.sampleRateRatio[v] = [8000, 22050, 44100, 48000, 96000][random.below(5)] / sampleRate;
  bank.lastPitch[v] = Number.NaN;
  if (loopMode !== LoopMode.noLoop) bank.flags[v] |= FLAG_LOOPING;
  const looping = loopMode !== LoopMode.noLoop;
  // Some one-shot samples have already played to their end, and their voices finish.
  const span = looping ? endLoop + 50 : random.below(6) === 0 ? end + 100 : end;
  bank.position[v] = fresh ? 0 : Math.floor(random.next() * span * FRAC_UNIT);
  const stepKind = random.below(5);
  bank.step[v] =
    stepKind === 0
      ? 0
      : stepKind === 1
        ? Math.floor(random.between(1, 40) * FRAC_UNIT)
        : Math.floor(random.between(0.05, 3) * FRAC_UNIT);
  // A third of the voices keep the pitch of the last block: the step keeps their step.
  if (!fresh && random.below(3) === 0) holdPitch(bank, v);

  const cutoff = random.below(5) === 0 ? random.between(0.5, 0.6) * sampleRate : random.between(20, 0.45 * sampleRate);
  const resonance = decibels(random.orZero(3, 0, 30));
  bank.cutoff[v] = cutoff;
  bank.resonance[v] = resonance;
  setLowPass(bank, v, sampleRate, cutoff, resonance);
  // The last block's cutoff, at times far enough away that the octave limit applies.
  bank.smoothedCutoff[v] = fresh ? cutoff : cutoff * random.between(0.2, 5);
  // A new note's filter has no history; an older one's has some.
  for (const history of [bank.x1, bank.x2, bank.y1, bank.y2]) history[v] = fresh ? 0 : random.between(-0.5, 0.5);

  // A fresh voice has no pan yet; an older one was panned somewhere, perhaps just here.
  bank.panAngle[v] = fresh || random.chance(0.3) ? Number.NaN : random.between(0, Math.PI / 2);
  bank.panLeft[v] = random.next();
  bank.panRight[v] = random.next();
  bank.mixLeft[v] = random.orZero(4, 0, 0.5);
  bank.mixRight[v] = random.orZero(4, 0, 0.5);
  bank.reverbSend[v] = random.orZero(3, 0, 1);
  bank.chorusSend[v] = random.orZero(3, 0, 1);
  for (const gains of [
    bank.leftFrom, bank.leftTo, bank.rightFrom, bank.rightTo, bank.chorusLeftFrom, bank.chorusLeftTo,
    bank.chorusRightFrom, bank.chorusRightTo, bank.reverbFrom, bank.reverbTo,
  ]) {
    gains[v] = random.orZero(3, 0, 0.4);
  }
}

export interface ContextOptions {
  blockSize?: number;
  capacity?: number;
  effects?: boolean;
  waveLength?: number;
  sampleRate?: number;
  /** The voice bank in a SharedArrayBuffer, as a worker would share it. */
  shared?: boolean;
  /** Where the buffers are allocated: by default the JavaScript heap. */
  memory?: BlockMemory;
  /** The oscillator's interpolation: 'linear' by default. */
  interpolation?: Interpolation;
}

/** The heap, but the voice bank's bytes in a SharedArrayBuffer. */
const sharedBankMemory: BlockMemory = { ...heapMemory, bytes: (length) => new Uint8Array(new SharedArrayBuffer(length)) };

/** A block context full of random voices; the same seed gives the same context, in any memory. */
export function randomContext(seed: number, options: ContextOptions = {}): BlockContext {
  const { blockSize = 64, capacity = 64, effects = true, waveLength = 20000, sampleRate = 44100, shared = false, interpolation = "linear" } = options;
  const memory = options.memory ?? (shared ? sharedBankMemory : heapMemory);
  const random = new Random(seed);
  const wave = new Int16Array(waveLength);
  for (let i = 0; i < waveLength; i++) wave[i] = random.below(65536) - 32768;
  const waveData = memory.waveData(wave);
  const bank = createVoiceBank(capacity, memory);
  randomChannels(bank, random);
  for (let v = 0; v < capacity; v++) randomVoice(bank, v, random, waveLength, sampleRate);
  // A permutation, so that the mixing order is not the bank's order.
  const order = memory.int32(capacity);
  order.set(Int32Array.from({ length: capacity }, (_, i) => i));
  for (let i = capacity - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const masterVolume = memory.float64(1);
  masterVolume[0] = 0.5;
  return {
    sampleRate,
    blockSize,
    waveData,
    bank,
    order,
    masterVolume,
    noteStart: memory.float64(NOTE_START_LENGTH),
    inaudibleGain: Math.fround(1e-3),
    interpolation,
    left: memory.float32(blockSize * spanBlocks(blockSize)),
    right: memory.float32(blockSize * spanBlocks(blockSize)),
    reverb: effects ? new Reverb(sampleRate, memory) : null,
    chorus: effects ? new Chorus(sampleRate, memory) : null,
  };
}

/** The settings a renderer made by a backend needs for randomContext(seed, options). */
export function randomSettings(options: ContextOptions = {}): RendererSettings {
  const { blockSize = 64, capacity = 64, effects = true, waveLength = 20000, sampleRate = 44100, interpolation = "linear" } = options;
  return { sampleRate, blockSize, capacity, waveData: new Int16Array(waveLength), decodedLater: false, inaudibleGain: Math.fround(1e-3), effects, interpolation };
}

/** Copies every voice, the channels, the order and the effects' state of `from` into `to`. */
export function copyState(from: BlockContext, to: BlockContext): void {
  to.bank.bytes.set(from.bank.bytes);
  to.bank.channelData.set(from.bank.channelData);
  to.order.set(from.order);
  to.masterVolume.set(from.masterVolume);
  if (from.reverb && to.reverb) {
    to.reverb.lines.set(from.reverb.lines);
    to.reverb.cursors.set(from.reverb.cursors);
    to.reverb.stores.set(from.reverb.stores);
    to.reverb.parameters.set(from.reverb.parameters);
  }
  if (from.chorus && to.chorus) {
    to.chorus.bufferLeft.set(from.chorus.bufferLeft);
    to.chorus.bufferRight.set(from.chorus.bufferRight);
    to.chorus.cursors.set(from.chorus.cursors);
    to.chorus.phases.set(from.chorus.phases);
    to.chorus.parameters.set(from.chorus.parameters);
  }
}

/**
 * The first field in which the two banks differ, as "field[voice]: a vs b", or null. Bytes are
 * compared, so -0 differs from 0 and NaNs must match bit for bit.
 */
export function bankDifference(a: VoiceBank, b: VoiceBank): string | null {
  const bytesA = a.bytes;
  const bytesB = b.bytes;
  if (Buffer.compare(bytesA, bytesB) === 0 && Buffer.compare(bytesOf(a.channelData), bytesOf(b.channelData)) === 0) {
    return null;
  }
  for (const name of [...F64_FIELDS, ...F32_FIELDS, ...I32_FIELDS]) {
    const x = a[name];
    const y = b[name];
    const bx = bytesOf(x);
    const by = bytesOf(y);
    if (Buffer.compare(bx, by) === 0) continue;
    const size = x.BYTES_PER_ELEMENT;
    for (let v = 0; v < a.capacity; v++) {
      if (Buffer.compare(bx.subarray(v * size, (v + 1) * size), by.subarray(v * size, (v + 1) * size)) !== 0) {
        return `${name}[${v}]: ${Object.is(x[v], -0) ? "-0" : x[v]} vs ${Object.is(y[v], -0) ? "-0" : y[v]}`;
      }
    }
  }
  return "the channel table";
}

/** The first sample at which two blocks differ in their bits, or -1. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let t = 0; t < x.length; t++) if (x[t] !== y[t]) return t;
  return x.length === y.length ? -1 : Math.min(x.length, y.length);
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
