/**
 * MeltySynth's stereo chorus: one delay line per channel read through a sine-modulated delay
 * (2 ms mean, 1.9 ms depth, 0.4 Hz), the right channel a quarter period behind the left.
 *
 * State lives in typed arrays so a native block renderer can run it on the same memory.
 */

import { heapMemory, type BlockMemory } from "../kernels/BlockMemory.js";

const DELAY = 0.002;
const DEPTH = 0.0019;
const FREQUENCY = 0.4;

/** Indices into `cursors`. */
export const CURSOR_BUFFER = 0;
export const CURSOR_DELAY_LEFT = 1;
export const CURSOR_DELAY_RIGHT = 2;

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

export class Chorus {
  readonly bufferLeft: Float32Array;
  readonly bufferRight: Float32Array;
  /** Delay in samples for each step of the modulation period. */
  readonly delayTable: Float32Array;
  /** Write position in the buffers, then the left and right positions in `delayTable`. */
  readonly cursors: Int32Array;

  /** @param memory Where its arrays are allocated: by default the JavaScript heap. */
  constructor(sampleRate: number, memory: BlockMemory = heapMemory) {
    const bufferLength = Math.trunc(sampleRate * (DELAY + DEPTH)) + 2;
    this.bufferLeft = memory.float32(bufferLength);
    this.bufferRight = memory.float32(bufferLength);
    const table = delayTable(sampleRate);
    this.delayTable = memory.float32(table.length);
    this.delayTable.set(table);
    this.cursors = memory.int32(3);
    this.cursors[CURSOR_DELAY_RIGHT] = Math.trunc(table.length / 4);
  }

  /**
   * Silences the delay lines and restarts the modulation, so that a synthesizer after reset()
   * sounds as a new one does. (MeltySynth keeps the modulation's phase, so the same song
   * played twice would come out differently.)
   */
  mute(): void {
    this.bufferLeft.fill(0);
    this.bufferRight.fill(0);
    this.cursors[CURSOR_BUFFER] = 0;
    this.cursors[CURSOR_DELAY_LEFT] = 0;
    this.cursors[CURSOR_DELAY_RIGHT] = Math.trunc(this.delayTable.length / 4);
  }

  process(
    inputLeft: Float32Array,
    inputRight: Float32Array,
    outputLeft: Float32Array,
    outputRight: Float32Array,
    count = outputLeft.length,
  ): void {
    const bufferLeft = this.bufferLeft;
    const bufferRight = this.bufferRight;
    const table = this.delayTable;
    const bufferLength = bufferLeft.length;
    const tableLength = table.length;
    let write = this.cursors[CURSOR_BUFFER];
    let delayLeft = this.cursors[CURSOR_DELAY_LEFT];
    let delayRight = this.cursors[CURSOR_DELAY_RIGHT];
    for (let t = 0; t < count; t++) {
      outputLeft[t] = readDelayed(bufferLeft, write - table[delayLeft]);
      if (++delayLeft === tableLength) delayLeft = 0;
      outputRight[t] = readDelayed(bufferRight, write - table[delayRight]);
      if (++delayRight === tableLength) delayRight = 0;
      bufferLeft[write] = inputLeft[t];
      bufferRight[write] = inputRight[t];
      if (++write === bufferLength) write = 0;
    }
    this.cursors[CURSOR_BUFFER] = write;
    this.cursors[CURSOR_DELAY_LEFT] = delayLeft;
    this.cursors[CURSOR_DELAY_RIGHT] = delayRight;
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
