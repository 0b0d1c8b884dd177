/**
 * MeltySynth's stereo chorus, with settings: each channel's delay line is read by `voices` taps
 * whose delays follow one sine (2 ms mean and 1.9 ms depth by default, 0.4 Hz), spread evenly
 * over its period, the right channel a quarter period behind the left.
 *
 * State lives in typed arrays so a native block renderer can run it on the same memory.
 */

import { heapMemory, type BlockMemory } from "../kernels/BlockMemory.js";
import { DEFAULT_CHORUS, MAXIMUM_CHORUS_DEPTH, MAXIMUM_CHORUS_VOICES, slew, type ChorusSettings } from "./EffectSettings.js";

// MeltySynth's mean delay, depth (half the swing) and frequency: the delay table holds one
// period of them, and other settings scale and offset it.
const DELAY = 0.002;
const DEPTH = 0.0019;
const FREQUENCY = 0.4;
// A new depth is reached over this time, a new level over the other: a jump in the delay or the
// gain would be a jump in the output.
const DEPTH_RAMP_SECONDS = 0.2;
const GAIN_RAMP_SECONDS = 0.02;

/** Index into `cursors`: the write position in the buffers. */
export const CURSOR_BUFFER = 0;
/** Indices into `phases`: the left and right positions in `delayTable`, and the step per sample. */
export const PHASE_LEFT = 0;
export const PHASE_RIGHT = 1;
export const PHASE_STEP = 2;
/**
 * Indices into `parameters` (native/effects.h: ChorusParameter). A tap's delay is
 * table * scale + offset. Scale, offset and the output gain move towards their targets by at
 * most their slew per sample. A new number of voices waits for the gain to fade to 0 and is
 * taken at the end of that block; the gain then rises to its target.
 */
export const CHORUS_SCALE = 0;
export const CHORUS_OFFSET = 1;
export const CHORUS_SCALE_TARGET = 2;
export const CHORUS_OFFSET_TARGET = 3;
export const CHORUS_SCALE_SLEW = 4;
export const CHORUS_OFFSET_SLEW = 5;
export const CHORUS_GAIN = 6;
export const CHORUS_GAIN_TARGET = 7;
export const CHORUS_GAIN_SLEW = 8;
export const CHORUS_VOICES = 9;
export const CHORUS_VOICES_TARGET = 10;
export const CHORUS_PARAMETER_COUNT = 11;

// The delay tables made so far, by sample rate: a table is one sine per sample of the 2.5 s
// modulation period, milliseconds of work that a player's audio thread, making a synthesizer
// while another plays, does once rather than for each.
const delayTables = new Map<number, Float32Array>();

function delayTable(sampleRate: number): Float32Array {
  let table = delayTables.get(sampleRate);
  if (table === undefined) {
    const tableLength = Math.round(sampleRate / FREQUENCY);
    table = new Float32Array(tableLength);
    for (let t = 0; t < tableLength; t++) {
      const phase = (2 * Math.PI * t) / tableLength;
      table[t] = sampleRate * (DELAY + DEPTH * Math.sin(phase));
    }
    delayTables.set(sampleRate, table);
  }
  return table;
}

// The depth (half the swing) and the mean delay in seconds for a peak-to-peak depth in
// milliseconds. The shortest delay stays at least MeltySynth's 0.1 ms.
function modulation(depthMs: number): { depth: number; delay: number } {
  const depth = depthMs / 2000;
  return { depth, delay: DELAY + Math.max(0, depth - DEPTH) };
}

export class Chorus {
  readonly bufferLeft: Float32Array;
  readonly bufferRight: Float32Array;
  /** Delay in samples for each step of MeltySynth's modulation period. */
  readonly delayTable: Float32Array;
  /** The write position in the buffers (CURSOR_BUFFER). */
  readonly cursors: Int32Array;
  /** The positions in `delayTable` and their step (PHASE_*). */
  readonly phases: Float64Array;
  /** The settings as the taps use them (CHORUS_*), read at each block. */
  readonly parameters: Float32Array;
  private readonly sampleRate: number;
  // Where in the table each voice reads, relative to the channel's position.
  private readonly voiceOffsets = new Int32Array(MAXIMUM_CHORUS_VOICES);

  /** @param memory Where its arrays are allocated: by default the JavaScript heap. */
  constructor(sampleRate: number, memory: BlockMemory = heapMemory) {
    this.sampleRate = sampleRate;
    const deepest = modulation(MAXIMUM_CHORUS_DEPTH);
    const bufferLength = Math.trunc(sampleRate * (deepest.delay + deepest.depth)) + 2;
    this.bufferLeft = memory.float32(bufferLength);
    this.bufferRight = memory.float32(bufferLength);
    const table = delayTable(sampleRate);
    this.delayTable = memory.float32(table.length);
    this.delayTable.set(table);
    this.cursors = memory.int32(1);
    this.phases = memory.float64(3);
    this.parameters = memory.float32(CHORUS_PARAMETER_COUNT);
    this.set(DEFAULT_CHORUS);
    this.mute();
  }

  /** Takes new settings from the next block on (see CHORUS_* for how each one changes). */
  set(settings: Readonly<ChorusSettings>): void {
    const p = this.parameters;
    const { depth, delay } = modulation(settings.depth);
    const scale = depth / DEPTH;
    p[CHORUS_SCALE_TARGET] = scale;
    p[CHORUS_OFFSET_TARGET] = this.sampleRate * (delay - DELAY * scale);
    const depthRamp = DEPTH_RAMP_SECONDS * this.sampleRate;
    p[CHORUS_SCALE_SLEW] = Math.abs(p[CHORUS_SCALE_TARGET] - p[CHORUS_SCALE]) / depthRamp;
    p[CHORUS_OFFSET_SLEW] = Math.abs(p[CHORUS_OFFSET_TARGET] - p[CHORUS_OFFSET]) / depthRamp;
    p[CHORUS_GAIN_TARGET] = settings.level;
    p[CHORUS_VOICES_TARGET] = settings.voices;
    // Fast enough for the fade out and in of a new voice count too.
    const gain = p[CHORUS_GAIN];
    p[CHORUS_GAIN_SLEW] = Math.max(Math.abs(settings.level - gain), gain, settings.level) / (GAIN_RAMP_SECONDS * this.sampleRate);
    this.phases[PHASE_STEP] = settings.speed / FREQUENCY;
  }

  /**
   * Silences the delay lines, restarts the modulation and takes the settings at once, so that a
   * synthesizer after reset() sounds as a new one does. (MeltySynth keeps the modulation's
   * phase, so the same song played twice would come out differently.)
   */
  mute(): void {
    this.bufferLeft.fill(0);
    this.bufferRight.fill(0);
    this.cursors[CURSOR_BUFFER] = 0;
    this.phases[PHASE_LEFT] = 0;
    this.phases[PHASE_RIGHT] = Math.trunc(this.delayTable.length / 4);
    const p = this.parameters;
    p[CHORUS_SCALE] = p[CHORUS_SCALE_TARGET];
    p[CHORUS_OFFSET] = p[CHORUS_OFFSET_TARGET];
    p[CHORUS_GAIN] = p[CHORUS_GAIN_TARGET];
    p[CHORUS_VOICES] = p[CHORUS_VOICES_TARGET];
  }

  process(
    inputLeft: Float32Array,
    inputRight: Float32Array,
    outputLeft: Float32Array,
    outputRight: Float32Array,
    count = outputLeft.length,
  ): void {
    const f = Math.fround;
    const p = this.parameters;
    const bufferLeft = this.bufferLeft;
    const bufferRight = this.bufferRight;
    const table = this.delayTable;
    const bufferLength = bufferLeft.length;
    const tableLength = table.length;
    const voices = p[CHORUS_VOICES];
    const switching = p[CHORUS_VOICES_TARGET] !== voices;
    const offsets = this.voiceOffsets;
    for (let k = 0; k < voices; k++) offsets[k] = Math.trunc((k * tableLength) / voices);
    let gain = p[CHORUS_GAIN];
    const gainTarget = switching ? 0 : p[CHORUS_GAIN_TARGET];
    const gainSlew = p[CHORUS_GAIN_SLEW];
    let scale = p[CHORUS_SCALE];
    let offset = p[CHORUS_OFFSET];
    const scaleTarget = p[CHORUS_SCALE_TARGET];
    const offsetTarget = p[CHORUS_OFFSET_TARGET];
    const scaleSlew = p[CHORUS_SCALE_SLEW];
    const offsetSlew = p[CHORUS_OFFSET_SLEW];
    const step = this.phases[PHASE_STEP];
    let write = this.cursors[CURSOR_BUFFER];
    let phaseLeft = this.phases[PHASE_LEFT];
    let phaseRight = this.phases[PHASE_RIGHT];
    // Settings at their targets move by +0 at every sample: after the first, which only turns a
    // -0 into +0, they stay as they are, and the loop can leave them alone.
    const steady = scale === scaleTarget && offset === offsetTarget && gain === gainTarget;
    if (steady) {
      scale += 0;
      offset += 0;
      gain += 0;
    }
    for (let t = 0; t < count; t++) {
      if (!steady) {
        scale = f(scale + slew(f(scaleTarget - scale), scaleSlew));
        offset = f(offset + slew(f(offsetTarget - offset), offsetSlew));
        gain = f(gain + slew(f(gainTarget - gain), gainSlew));
      }
      const baseLeft = Math.floor(phaseLeft);
      const baseRight = Math.floor(phaseRight);
      // -0 adds nothing to any value, -0 included, as the first tap alone would be.
      let left = -0;
      let right = -0;
      for (let k = 0; k < voices; k++) {
        let i = baseLeft + offsets[k];
        if (i >= tableLength) i -= tableLength;
        left = f(left + f(readDelayed(bufferLeft, write - f(f(table[i] * scale) + offset))));
        i = baseRight + offsets[k];
        if (i >= tableLength) i -= tableLength;
        right = f(right + f(readDelayed(bufferRight, write - f(f(table[i] * scale) + offset))));
      }
      outputLeft[t] = f(left * gain);
      outputRight[t] = f(right * gain);
      phaseLeft += step;
      if (phaseLeft >= tableLength) phaseLeft -= tableLength;
      phaseRight += step;
      if (phaseRight >= tableLength) phaseRight -= tableLength;
      bufferLeft[write] = inputLeft[t];
      bufferRight[write] = inputRight[t];
      if (++write === bufferLength) write = 0;
    }
    this.cursors[CURSOR_BUFFER] = write;
    this.phases[PHASE_LEFT] = phaseLeft;
    this.phases[PHASE_RIGHT] = phaseRight;
    p[CHORUS_SCALE] = scale;
    p[CHORUS_OFFSET] = offset;
    p[CHORUS_GAIN] = gain;
    if (switching && gain === 0) p[CHORUS_VOICES] = p[CHORUS_VOICES_TARGET];
  }
}

// Linear interpolation at a fractional position behind the write cursor, wrapping round the buffer.
function readDelayed(buffer: Float32Array, position: number): number {
  if (position < 0) position += buffer.length;
  const index1 = Math.trunc(position);
  const index2 = index1 + 1 === buffer.length ? 0 : index1 + 1;
  const x1 = buffer[index1];
  const a = position - index1;
  return x1 + a * (buffer[index2] - x1);
}
