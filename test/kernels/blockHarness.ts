import { JsBlockRenderer } from "../../lib/kernels/JsBlockRenderer.js";
import type { BlockContext } from "../../lib/kernels/BlockRenderer.js";
import { FLAG_LOOPING, NOTE_START_LENGTH, createVoiceBank, type VoiceBank } from "../../lib/kernels/VoiceBank.js";

export const FRAC_UNIT = 2 ** 24;

/**
 * A one-voice block context whose voice plays `wave` dry into the left channel at gain 1. A test
 * sets the bank's fields and calls the renderer's `mix`, which skips the voice step, to see the
 * renderer alone.
 */
export function oneVoice(wave: Int16Array, blockSize: number): { context: BlockContext; bank: VoiceBank } {
  const bank = createVoiceBank(1);
  const context: BlockContext = {
    sampleRate: 44100,
    blockSize,
    waveData: wave,
    bank,
    order: Int32Array.of(0),
    masterVolume: Float64Array.of(1),
    noteStart: new Float64Array(NOTE_START_LENGTH),
    inaudibleGain: Math.fround(1e-3),
    interpolation: "linear",
    left: new Float32Array(blockSize),
    right: new Float32Array(blockSize),
    reverb: null,
    chorus: null,
  };
  bank.leftFrom[0] = 1;
  bank.leftTo[0] = 1;
  return { context, bank };
}

export function setOscillator(
  bank: VoiceBank,
  o: { position: number; step: number; end: number; startLoop?: number; endLoop?: number; looping: boolean },
): void {
  bank.position[0] = o.position * FRAC_UNIT;
  bank.step[0] = o.step * FRAC_UNIT;
  bank.end[0] = o.end;
  bank.startLoop[0] = o.startLoop ?? 0;
  bank.endLoop[0] = o.endLoop ?? 0;
  bank.flags[0] = o.looping ? FLAG_LOOPING : 0;
}

export function position(bank: VoiceBank, voice = 0): number {
  return bank.position[voice] / FRAC_UNIT;
}

export { JsBlockRenderer };
