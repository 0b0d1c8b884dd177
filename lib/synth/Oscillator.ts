import {
  F64_POSITION,
  F64_STEP,
  FLAG_LOOPING,
  I32_END,
  I32_END_LOOP,
  I32_FLAGS,
  I32_START_LOOP,
  RECORD_DOUBLES,
  RECORD_WORDS,
  type VoiceTable,
} from "../kernels/VoiceTable.js";
import { LoopMode } from "../soundfont/index.js";
import { powf } from "../soundfont/Powf.js";

const f = Math.fround;

// MeltySynth's oscillator position is a 64-bit fixed-point number with 24 fraction bits.
const FRAC_UNIT = 16777216;

// Sixteen octaves up. A corrupt or hostile SoundFont can ask for any pitch (a coarse tune of
// 32767 semitones, a root key of -32768), which would overflow the step to infinity; capped
// here, the step stays finite and the position exact. No real instrument comes near it.
const MAX_PITCH_RATIO = 65536;

/**
 * The control side of a voice's sample oscillator: pitch to step conversion and loop state.
 * The position itself lives in the voice table, where the block renderer advances it.
 */
export class Oscillator {
  private loopMode: number = LoopMode.noLoop;
  private end = 0;
  private rootKey = 0;
  private tune = 0;
  private pitchChangeScale = 0;
  private sampleRateRatio = 0;
  private looping = false;
  private lastPitch = Number.NaN;

  constructor(
    private readonly synthesizerSampleRate: number,
    private readonly table: VoiceTable,
    private readonly slot: number,
  ) {}

  /**
   * Points the oscillator at a sample. Out-of-range sample points (from address offset
   * generators or a broken file) are clamped into the sample data, and a loop that is empty or
   * lies outside the played range is not looped, so the renderer never reads outside `waveData`.
   */
  start(
    waveLength: number,
    loopMode: number,
    sampleRate: number,
    start: number,
    end: number,
    startLoop: number,
    endLoop: number,
    rootKey: number,
    coarseTune: number,
    fineTune: number,
    scaleTuning: number,
  ): void {
    const last = Math.max(waveLength - 1, 0);
    start = clampInt(start, 0, last);
    end = clampInt(end, start, last);
    startLoop = clampInt(startLoop, 0, last);
    endLoop = clampInt(endLoop, 0, last);
    const loopUsable = endLoop > startLoop;

    this.loopMode = loopUsable ? loopMode : LoopMode.noLoop;
    this.end = end;
    this.rootKey = rootKey;
    this.tune = f(coarseTune + f(f(0.01) * fineTune));
    this.pitchChangeScale = f(f(0.01) * scaleTuning);
    this.sampleRateRatio = f(sampleRate / this.synthesizerSampleRate);
    this.looping = this.loopMode !== LoopMode.noLoop;
    this.lastPitch = Number.NaN;

    const w = this.slot * RECORD_WORDS;
    this.table.i32[w + I32_END] = end;
    this.table.i32[w + I32_START_LOOP] = startLoop;
    this.table.i32[w + I32_END_LOOP] = endLoop;
    this.table.f64[this.slot * RECORD_DOUBLES + F64_POSITION] = start * FRAC_UNIT;
  }

  release(): void {
    if (this.loopMode === LoopMode.loopUntilNoteOff) this.looping = false;
  }

  /**
   * Sets the step for the next block from the pitch in semitones.
   * Returns false when a sample that does not loop has already played to its end.
   */
  process(pitch: number): boolean {
    const d = this.slot * RECORD_DOUBLES;
    const w = this.slot * RECORD_WORDS;
    if (!this.looping && Math.floor(this.table.f64[d + F64_POSITION] / FRAC_UNIT) >= this.end) {
      return false;
    }
    if (pitch !== this.lastPitch) this.setPitch(pitch);
    const flags = this.table.i32[w + I32_FLAGS];
    this.table.i32[w + I32_FLAGS] = this.looping ? flags | FLAG_LOOPING : flags & ~FLAG_LOOPING;
    return true;
  }

  // The step depends on the pitch alone, which stays put for most notes most of the time.
  private setPitch(pitch: number): void {
    this.lastPitch = pitch;
    const pitchChange = f(f(this.pitchChangeScale * f(pitch - this.rootKey)) + this.tune);
    const pitchRatio = Math.min(f(this.sampleRateRatio * powf(2, f(pitchChange / 12))), MAX_PITCH_RATIO);
    this.table.f64[this.slot * RECORD_DOUBLES + F64_STEP] = Math.trunc(FRAC_UNIT * pitchRatio);
  }
}

function clampInt(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}
