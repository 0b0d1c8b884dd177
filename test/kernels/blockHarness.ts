import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import {
  F32_GAINS,
  F64_POSITION,
  F64_STEP,
  FLAG_LOOPING,
  I32_END,
  I32_END_LOOP,
  I32_FLAGS,
  I32_START_LOOP,
  RECORD_DOUBLES,
  RECORD_WORDS,
  VoiceTable,
} from "../../lib/kernels/VoiceTable.js";

export const FRAC_UNIT = 2 ** 24;

/** A one-voice block context whose voice plays `wave` dry into the left channel at gain 1. */
export function oneVoice(wave: Int16Array, blockSize: number): { context: BlockContext; table: VoiceTable } {
  const table = new VoiceTable(1);
  const context: BlockContext = {
    blockSize,
    waveData: wave,
    table,
    order: Int32Array.of(0),
    left: new Float32Array(blockSize),
    right: new Float32Array(blockSize),
    reverb: null,
    chorus: null,
  };
  table.f32[F32_GAINS] = 1;
  table.f32[F32_GAINS + 1] = 1;
  return { context, table };
}

export function setOscillator(
  table: VoiceTable,
  o: { position: number; step: number; end: number; startLoop?: number; endLoop?: number; looping: boolean },
): void {
  table.f64[F64_POSITION] = o.position * FRAC_UNIT;
  table.f64[F64_STEP] = o.step * FRAC_UNIT;
  table.i32[I32_END] = o.end;
  table.i32[I32_START_LOOP] = o.startLoop ?? 0;
  table.i32[I32_END_LOOP] = o.endLoop ?? 0;
  table.i32[I32_FLAGS] = o.looping ? FLAG_LOOPING : 0;
}

export function position(table: VoiceTable, voice = 0): number {
  return table.f64[voice * RECORD_DOUBLES + F64_POSITION] / FRAC_UNIT;
}

export { JsBlockRenderer, RECORD_WORDS };
