import { multiplyAdd, multiplyAddRamp } from "./ArrayMath.js";
import { renderAndCopy, spanBlocks, type BlockContext, type BlockRenderer } from "./BlockRenderer.js";
import { SINC_POINTS, sincSample, sincTable } from "./SincTable.js";
import { SMALLEST_FLOAT32 } from "./SoundFontMath.js";
import { FLAG_FILTER_ACTIVE, FLAG_LOOPED, FLAG_LOOPING, type VoiceBank } from "./VoiceBank.js";
import { startVoice } from "./VoiceStart.js";
import { stepVoices } from "./VoiceStep.js";

const FRAC_UNIT = 16777216; // 2^24: the oscillator's fixed-point unit.
const FP_TO_SAMPLE = 1 / (32768 * FRAC_UNIT);
const RAMP_THRESHOLD = Math.fround(1e-3);
const f = Math.fround;

/**
 * The block renderer in plain JavaScript, the fallback wherever native code cannot load: the
 * voice step (VoiceStep.ts), then the per-sample work of native/block_renderer.cpp.
 */
export class JsBlockRenderer implements BlockRenderer {
  readonly backend = "js" as const;

  private readonly block: Float32Array;
  /** The length of the block or part being rendered. */
  private frames = 0;
  /**
   * Gain ramps below inaudible[partIndex] are not mixed in the block (0) or part (1) being
   * rendered. Indexed rather than chosen as doubles, which boxed one per block.
   */
  private readonly inaudible: Float64Array;
  private partIndex = 0;
  private readonly chorusInLeft: Float32Array;
  private readonly chorusInRight: Float32Array;
  private readonly chorusOutLeft: Float32Array;
  private readonly chorusOutRight: Float32Array;
  private readonly reverbIn: Float32Array;
  private readonly reverbOutLeft: Float32Array;
  private readonly reverbOutRight: Float32Array;
  // Each block of the output, left and right: where the block being rendered goes.
  private readonly leftBlocks: Float32Array[] = [];
  private readonly rightBlocks: Float32Array[] = [];
  private left: Float32Array;
  private right: Float32Array;
  // The five destinations of a voice, and the bank's gain ramps for each, in the same order.
  private readonly sends: Float32Array[];
  private readonly gainsFrom: Float32Array[];
  private readonly gainsTo: Float32Array[];
  private readonly interpolation: BlockContext["interpolation"];
  // Sinc interpolation's table, and the points of one sample.
  private readonly sincTable: Float32Array;
  private readonly points = new Int16Array(SINC_POINTS);

  constructor(readonly context: BlockContext) {
    this.interpolation = context.interpolation;
    this.sincTable = context.interpolation === "sinc" ? sincTable() : new Float32Array(0);
    this.inaudible = Float64Array.of(context.inaudibleGain, SMALLEST_FLOAT32);
    const n = context.blockSize;
    this.block = new Float32Array(n);
    this.chorusInLeft = new Float32Array(n);
    this.chorusInRight = new Float32Array(n);
    this.chorusOutLeft = new Float32Array(n);
    this.chorusOutRight = new Float32Array(n);
    this.reverbIn = new Float32Array(n);
    this.reverbOutLeft = new Float32Array(n);
    this.reverbOutRight = new Float32Array(n);
    for (let at = 0; at < n * spanBlocks(n); at += n) {
      this.leftBlocks.push(context.left.subarray(at, at + n));
      this.rightBlocks.push(context.right.subarray(at, at + n));
    }
    this.left = this.leftBlocks[0];
    this.right = this.rightBlocks[0];
    this.sends = [this.left, this.right, this.chorusInLeft, this.chorusInRight, this.reverbIn];
    const bank = context.bank;
    this.gainsFrom = [bank.leftFrom, bank.rightFrom, bank.chorusLeftFrom, bank.chorusRightFrom, bank.reverbFrom];
    this.gainsTo = [bank.leftTo, bank.rightTo, bank.chorusLeftTo, bank.chorusRightTo, bank.reverbTo];
  }

  startVoice(v: number): void {
    const { bank, sampleRate, noteStart } = this.context;
    startVoice(bank, v, sampleRate, noteStart);
  }

  // Everything it holds is JavaScript's, which the collector frees.
  dispose(): void {}

  // It reads the SoundFont's own samples, decoded or not.
  prepareSample(): void {}

  copySamples(): boolean {
    return true;
  }

  render(activeVoices: number, frames: number): number {
    const blockSize = this.context.blockSize;
    if (frames >= 1 && frames <= blockSize) return this.renderBlock(activeVoices, frames, 0);
    const most = spanBlocks(blockSize);
    // As the native renderer words it: a span that is not whole blocks has no block boundaries to keep.
    if (!(frames > blockSize && frames % blockSize === 0 && frames / blockSize <= most)) {
      throw new RangeError(`frames ${frames} is neither 1 to blockSize ${blockSize} nor up to ${most} whole blocks`);
    }
    let activeCount = activeVoices;
    for (let block = 0; block < frames / blockSize; block++) activeCount = this.renderBlock(activeCount, blockSize, block);
    return activeCount;
  }

  renderTo(activeCount: number, frames: number, left: Float32Array, right: Float32Array, at: number): number {
    return renderAndCopy(this, activeCount, frames, left, right, at);
  }

  // One block, or a part of one, into block `block` of the output.
  private renderBlock(activeVoices: number, frames: number, block: number): number {
    const { bank, order, blockSize, sampleRate, masterVolume } = this.context;
    const activeCount = stepVoices(bank, order, activeVoices, frames, blockSize, sampleRate, masterVolume);
    this.left = this.sends[0] = this.leftBlocks[block];
    this.right = this.sends[1] = this.rightBlocks[block];
    this.mix(activeCount, frames);
    return activeCount;
  }

  /**
   * The per-sample part of a block, for voices the step has already advanced: the first
   * `activeCount` voices of `order` through the oscillator, the filter and the gain ramps into
   * the output and the effect sends, then chorus and reverb.
   */
  mix(activeCount: number, frames: number): void {
    const { order, reverb, chorus, bank } = this.context;
    const { left, right } = this;
    this.frames = frames;
    // A part of a block may be too short for a note's attack to pass the threshold: a note that
    // starts there sounds from its frame. Whole blocks keep it, so their bits do not depend on
    // whether a message split a block before them.
    this.partIndex = frames < this.context.blockSize ? 1 : 0;
    const sends = this.sends;
    for (const send of sends) send.fill(0, 0, frames);

    const destinations = reverb === null ? 2 : sends.length;
    const { gainsFrom, gainsTo } = this;
    for (let i = 0; i < activeCount; i++) {
      const voice = order[i];
      if (this.interpolation !== "linear") this.fillWide(voice);
      else this.fillOscillator(voice);
      // The common case in one pass: no gain ramps and no chorus send. Otherwise the filtered
      // block is mixed into each destination on its own (adding zero changes nothing).
      const steady =
        this.gainKind(bank.leftFrom, bank.leftTo, voice) !== RAMPED &&
        this.gainKind(bank.rightFrom, bank.rightTo, voice) !== RAMPED &&
        (destinations === 2 ||
          (this.gainKind(bank.reverbFrom, bank.reverbTo, voice) !== RAMPED &&
            this.gainKind(bank.chorusLeftFrom, bank.chorusLeftTo, voice) === SILENT &&
            this.gainKind(bank.chorusRightFrom, bank.chorusRightTo, voice) === SILENT));
      this.filterAndMix(voice, steady, destinations > 2);
      if (steady) continue;
      for (let d = 0; d < destinations; d++) this.writeBlock(gainsFrom[d], gainsTo[d], voice, sends[d]);
    }

    if (chorus === null || reverb === null) return;
    const master = this.context.masterVolume;
    chorus.process(this.chorusInLeft, this.chorusInRight, this.chorusOutLeft, this.chorusOutRight, frames);
    multiplyAdd(master, 0, this.chorusOutLeft, left, frames);
    multiplyAdd(master, 0, this.chorusOutRight, right, frames);
    reverb.process(this.reverbIn, this.reverbOutLeft, this.reverbOutRight, frames);
    multiplyAdd(master, 0, this.reverbOutLeft, left, frames);
    multiplyAdd(master, 0, this.reverbOutRight, right, frames);
  }

  // Linear interpolation between samples at MeltySynth's fixed-point position. The voice has
  // already retired a non-looping voice whose position starts the block past the end.
  private fillOscillator(voice: number): void {
    const bank = this.context.bank;
    const block = this.block;
    const n = this.frames;

    if ((bank.flags[voice] & FLAG_LOOPING) === 0) {
      const count = stepsBelow(bank, voice, bank.end[voice], n);
      this.interpolate(voice, 0, count);
      block.fill(0, count, n);
      return;
    }
    const startLoop = bank.startLoop[voice];
    const endLoop = bank.endLoop[voice];
    const endLoopFp = endLoop * FRAC_UNIT;
    let t = 0;
    while (t < n) {
      if (bank.position[voice] >= endLoopFp) wrap(bank, voice, startLoop, endLoop);
      // Below the last sample of the loop both interpolation points lie inside it, so the seam
      // needs no test.
      const count = stepsBelow(bank, voice, endLoop - 1, n - t);
      if (count > 0) {
        this.interpolate(voice, t, count);
        t += count;
      } else {
        // The last sample of the loop: interpolate towards the loop start.
        const position = bank.position[voice];
        const index = Math.floor(position / FRAC_UNIT);
        const frac = position - index * FRAC_UNIT;
        const x1 = this.context.waveData[index];
        const x2 = this.context.waveData[index + 1 >= endLoop ? startLoop : index + 1];
        block[t++] = (x1 * FRAC_UNIT + frac * (x2 - x1)) * FP_TO_SAMPLE;
        bank.position[voice] = position + bank.step[voice];
      }
    }
  }

  // Cubic (cubicSample) or sinc (sincSample) interpolation over the points around each position,
  // read as native/kernels_scalar.cpp's wavePoint reads them: in a loop, the loop's start follows
  // its end, and once the loop has come round its end precedes its start; past the end, silence.
  private fillWide(voice: number): void {
    const { bank, waveData: data } = this.context;
    const block = this.block;
    const n = this.frames;
    const looping = (bank.flags[voice] & FLAG_LOOPING) !== 0;
    const end = bank.end[voice];
    const startLoop = bank.startLoop[voice];
    const endLoop = bank.endLoop[voice];
    // A one-shot has no loop to come round: 0 makes its points plain reads.
    const span = looping ? endLoop - startLoop : 0;
    const count = looping ? n : stepsBelow(bank, voice, end, n);
    block.fill(0, count, n);
    const step = bank.step[voice];
    const sinc = this.interpolation === "sinc";
    const table = this.sincTable;
    const points = this.points;
    // Points i - before to i + after are plain reads from `low` (set as the loop comes round) to
    // `high`: no seam, start or end among them.
    const before = sinc ? 3 : 1;
    const after = sinc ? 4 : 2;
    const high = looping ? endLoop - 1 - after : end - after;
    let looped = (bank.flags[voice] & FLAG_LOOPED) !== 0;
    for (let t = 0; t < count; t++) {
      if (looping && bank.position[voice] >= endLoop * FRAC_UNIT) {
        wrap(bank, voice, startLoop, endLoop);
        looped = true;
      }
      const position = bank.position[voice];
      const i = Math.floor(position / FRAC_UNIT);
      const frac = position - i * FRAC_UNIT;
      const plain = i >= (looped ? startLoop + before : before) && i <= high;
      if (sinc) {
        if (plain) {
          block[t] = sincSample(table, data, i - 3, frac);
        } else {
          for (let j = 0; j < SINC_POINTS; j++) points[j] = wavePoint(data, i - 3 + j, end, startLoop, span, looped);
          block[t] = sincSample(table, points, 0, frac);
        }
      } else if (plain) {
        block[t] = cubicSample(data[i - 1], data[i], data[i + 1], data[i + 2], frac);
      } else {
        block[t] = cubicSample(
          wavePoint(data, i - 1, end, startLoop, span, looped),
          wavePoint(data, i, end, startLoop, span, looped),
          wavePoint(data, i + 1, end, startLoop, span, looped),
          wavePoint(data, i + 2, end, startLoop, span, looped),
          frac,
        );
      }
      bank.position[voice] = position + step;
    }
    if (looped) bank.flags[voice] |= FLAG_LOOPED;
  }

  // The inner loop on small integers: sample index and 24-bit fraction kept apart, so V8 never
  // leaves int32 arithmetic for the position. Advances the voice's position by `count` steps.
  private interpolate(voice: number, offset: number, count: number): void {
    const data = this.context.waveData;
    const bank = this.context.bank;
    const block = this.block;
    const position = bank.position[voice];
    const step = bank.step[voice];
    let index = Math.floor(position / FRAC_UNIT) | 0;
    let frac = (position - index * FRAC_UNIT) | 0;
    const stepInt = Math.floor(step / FRAC_UNIT) | 0;
    const stepFrac = (step - stepInt * FRAC_UNIT) | 0;
    const end = offset + count;
    for (let t = offset; t < end; t++) {
      const x1 = data[index];
      block[t] = (x1 * FRAC_UNIT + frac * (data[index + 1] - x1)) * FP_TO_SAMPLE;
      frac += stepFrac;
      index += stepInt + (frac >>> 24);
      frac &= 0xffffff;
    }
    bank.position[voice] = position + count * step;
  }

  /**
   * Runs the low-pass filter over the block in place and adds the result, at constant gains, to
   * left, right and the reverb send, with exactly the arithmetic of `multiplyAdd`.
   */
  private filterAndMix(voice: number, steady: boolean, withReverb: boolean): void {
    const { left, right } = this;
    const bank = this.context.bank;
    // Without steady gains the block is only filtered here (adding zero changes nothing).
    const gainLeft = steady && this.gainKind(bank.leftFrom, bank.leftTo, voice) === STEADY ? bank.leftTo[voice] : 0;
    const gainRight = steady && this.gainKind(bank.rightFrom, bank.rightTo, voice) === STEADY ? bank.rightTo[voice] : 0;
    const gainReverb =
      steady && withReverb && this.gainKind(bank.reverbFrom, bank.reverbTo, voice) === STEADY ? bank.reverbTo[voice] : 0;
    const reverbIn = this.reverbIn;
    const block = this.block;
    const n = this.frames;
    if ((bank.flags[voice] & FLAG_FILTER_ACTIVE) === 0) {
      for (let t = 0; t < n; t++) {
        const x = block[t];
        left[t] += Math.fround(gainLeft * x);
        right[t] += Math.fround(gainRight * x);
        reverbIn[t] += Math.fround(gainReverb * x);
      }
      // An inactive filter still tracks its input, so it can take over without a click (a
      // part of one frame shifts the history by one).
      bank.x2[voice] = n >= 2 ? block[n - 2] : bank.x1[voice];
      bank.y2[voice] = n >= 2 ? block[n - 2] : bank.y1[voice];
      bank.x1[voice] = block[n - 1];
      bank.y1[voice] = block[n - 1];
      return;
    }
    const b0 = bank.b0[voice];
    const b1 = bank.b1[voice];
    const b2 = bank.b2[voice];
    const a1 = bank.a1[voice];
    const a2 = bank.a2[voice];
    let x1 = bank.x1[voice];
    let x2 = bank.x2[voice];
    let y1 = bank.y1[voice];
    let y2 = bank.y2[voice];
    for (let t = 0; t < n; t++) {
      const x = block[t];
      // The a1 * y1 term last: it depends on the previous output, so everything else can be
      // computed while that is still in flight.
      const y = Math.fround(b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1);
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      block[t] = y;
      left[t] += Math.fround(gainLeft * y);
      right[t] += Math.fround(gainRight * y);
      reverbIn[t] += Math.fround(gainReverb * y);
    }
    bank.x1[voice] = x1;
    bank.x2[voice] = x2;
    bank.y1[voice] = y1;
    bank.y2[voice] = y2;
  }

  // A sudden change of gain would click, so a gain that moves is ramped across the block.
  // How the gain ramp from from[voice] to to[voice] is applied: not at all when inaudible, at
  // the current gain when the change is too small to ramp, else ramped across the block.
  private gainKind(from: Float32Array, to: Float32Array, voice: number): number {
    const previous = from[voice];
    const current = to[voice];
    if (Math.max(previous, current) < this.inaudible[this.partIndex]) return SILENT;
    return Math.abs(Math.fround(current - previous)) < RAMP_THRESHOLD ? STEADY : RAMPED;
  }

  private writeBlock(from: Float32Array, to: Float32Array, voice: number, destination: Float32Array): void {
    const kind = this.gainKind(from, to, voice);
    if (kind === STEADY) {
      multiplyAdd(to, voice, this.block, destination, this.frames);
    } else if (kind === RAMPED) {
      multiplyAddRamp(from, to, voice, this.block, destination, this.frames);
    }
  }
}

// How a gain ramp is applied (JsBlockRenderer.gainKind).
const SILENT = 0;
const STEADY = 1;
const RAMPED = 2;


/**
 * How many of the voice's next `limit` positions (position + t * step) lie below sample
 * `boundIndex`; exact in integers. (Positions and steps stay in the bank: doubles passed to a
 * function V8 has not inlined would be boxed, for every voice of every block.)
 */
function stepsBelow(bank: VoiceBank, voice: number, boundIndex: number, limit: number): number {
  const position = bank.position[voice];
  const step = bank.step[voice];
  const bound = boundIndex * FRAC_UNIT;
  if (position >= bound) return 0;
  if (position + (limit - 1) * step < bound) return limit;
  // Small: the test above bounds it by limit, so it stays a small integer (a Smi in V8).
  let count = Math.ceil((bound - position) / step) | 0;
  // The division may round across an integer; the products below are exact.
  while (count > 0 && position + (count - 1) * step >= bound) count--;
  while (count < limit && position + count * step < bound) count++;
  return count;
}

/**
 * Point `k` of the wave data as cubic and sinc interpolation read it (native/kernels_scalar.cpp:
 * wavePoint): in a loop of `span` points from `startLoop`, what follows its end is its start, and
 * once it has come round what precedes its start is its end; a one-shot (`span` 0) is silent past
 * `end`; before the wave data, silence.
 */
function wavePoint(data: Int16Array, k: number, end: number, startLoop: number, span: number, comeRound: boolean): number {
  if (span > 0) {
    if (k >= startLoop + span) k = startLoop + ((k - startLoop) % span);
    else if (k < startLoop && comeRound) k = startLoop + span - 1 - ((startLoop - 1 - k) % span);
  } else if (k > end) {
    return 0;
  }
  return k < 0 ? 0 : data[k];
}

/**
 * Catmull-Rom interpolation through s0..s3 (the points at i - 1 to i + 2) at `frac` / 2^24 past
 * s1, in float32 rounded at every step in native/kernels_scalar.cpp's order: each product and sum
 * of two floats rounded once to float, as float arithmetic does, which rounding the exact double
 * result gives too.
 */
function cubicSample(s0: number, s1: number, s2: number, s3: number, frac: number): number {
  const x = frac / FRAC_UNIT;
  const xx = f(x * x);
  const c0 = f(x * f(-0.5 + f(x * f(1 - f(0.5 * x)))));
  const c1 = f(1 + f(xx * f(f(1.5 * x) - 2.5)));
  const c2 = f(x * f(0.5 + f(x * f(2 - f(1.5 * x)))));
  const c3 = f(0.5 * f(xx * f(x - 1)));
  return f(f(f(f(c0 * s0) + f(c1 * s1)) + f(c2 * s2)) + f(c3 * s3)) / 32768;
}

/**
 * Brings the voice's position past the loop end back into the loop. One subtraction, as
 * MeltySynth does, covers every step shorter than the loop; a longer step (extreme pitch on a
 * tiny loop) takes the remainder instead, so the read never leaves the loop.
 */
function wrap(bank: VoiceBank, voice: number, startLoop: number, endLoop: number): void {
  const startLoopFp = startLoop * FRAC_UNIT;
  const loopLengthFp = (endLoop - startLoop) * FRAC_UNIT;
  let position = bank.position[voice] - loopLengthFp;
  if (position >= endLoop * FRAC_UNIT) position = startLoopFp + ((position - startLoopFp) % loopLengthFp);
  bank.position[voice] = position;
}
