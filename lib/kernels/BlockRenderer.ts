import type { ChorusSettings, ReverbSettings } from "../synth/EffectSettings.js";
import type { BlockMemory } from "./BlockMemory.js";
import type { VoiceBank } from "./VoiceBank.js";

/** Which implementation renders the blocks. */
export type Backend = "js" | "native" | "wasm";

/**
 * Which block renderer to use: 'auto' picks native code when it loads, else WebAssembly where
 * its module is compiled (WebAssembly SIMD is needed), else JavaScript.
 */
export type BackendChoice = Backend | "auto";

/** A sample's place in the wave data (a SampleHeader's), ends exclusive. */
export interface SampleSpan {
  readonly start: number;
  readonly end: number;
  readonly startLoop: number;
  readonly endLoop: number;
}

/** What a block renderer reads of a Reverb (lib/synth/Reverb.ts): its delay lines and state. */
export interface ReverbBuffers {
  lines: Float32Array;
  offsets: Int32Array;
  lengths: Int32Array;
  cursors: Int32Array;
  stores: Float32Array;
  /** Feedback, damping and the stereo mix's gains, read at each block (Reverb.ts: REVERB_*). */
  parameters: Float32Array;
  allPassFeedback: number;
  /** Reverb.process, the JavaScript backend's reverb, over the first `count` samples. */
  process(input: Float32Array, outputLeft: Float32Array, outputRight: Float32Array, count: number): void;
  /** Silences the tail. */
  mute(): void;
  /** Takes new settings from the next block on. */
  set(settings: Readonly<ReverbSettings>): void;
}

/** What a block renderer reads of a Chorus (lib/synth/Chorus.ts). */
export interface ChorusBuffers {
  bufferLeft: Float32Array;
  bufferRight: Float32Array;
  delayTable: Float32Array;
  cursors: Int32Array;
  phases: Float64Array;
  /** Depth, level and voices, read at each block (Chorus.ts: CHORUS_*). */
  parameters: Float32Array;
  /** Chorus.process, the JavaScript backend's chorus, over the first `count` samples. */
  process(
    inputLeft: Float32Array,
    inputRight: Float32Array,
    outputLeft: Float32Array,
    outputRight: Float32Array,
    count: number,
  ): void;
  /** Silences the delay lines and restarts the modulation. */
  mute(): void;
  /** Takes new settings from the next block on. */
  set(settings: Readonly<ChorusSettings>): void;
}

/**
 * Everything a block renderer reads and writes, allocated once per synthesizer from the memory
 * its backend gives (see BlockMemory.ts).
 */
export interface BlockContext {
  readonly sampleRate: number;
  readonly blockSize: number;
  /** The SoundFont's sample data. */
  readonly waveData: Int16Array;
  /** Every voice's state, and the channels' controller state. */
  readonly bank: VoiceBank;
  /** Every voice of the bank, the active ones first in mixing order; the step compacts it. */
  readonly order: Int32Array;
  /**
   * One element: the master volume. A cell rather than an argument, so that no call on the
   * per-block path carries a double, which V8 would box into a new heap number.
   */
  readonly masterVolume: Float64Array;
  /**
   * The note-start record: what the next voice to start starts from (its generators, then the
   * NOTE_* slots of VoiceBank.ts), which the profile writes before it calls startVoice.
   */
  readonly noteStart: Float64Array;
  /**
   * Gain ramps that stay below this in a whole block are not mixed at all: MeltySynth's -60 dB
   * for its bits, or the smallest float32 (only silence is skipped) where quiet notes must
   * sound. In a part of a block only silence is skipped, so that a note starting there sounds
   * from its frame even before its attack passes -60 dB.
   */
  readonly inaudibleGain: number;
  /** How the oscillator reads between samples. */
  readonly interpolation: Interpolation;
  /** The output, `spanBlocks(blockSize)` blocks long: a part of a block, or whole blocks. */
  readonly left: Float32Array;
  readonly right: Float32Array;
  /** Null when reverb and chorus are disabled. */
  readonly reverb: ReverbBuffers | null;
  readonly chorus: ChorusBuffers | null;
}

/**
 * How the oscillator reads between a sample's points: 'linear' (MeltySynth's, the default) from
 * the two around the position, 'cubic' (FluidSynth's 4th-order Catmull-Rom) from the four,
 * 'sinc' (a Blackman-windowed sinc, lib/kernels/SincTable.ts) from the eight.
 */
export type Interpolation = "linear" | "cubic" | "sinc";

/** The number each backend takes for an interpolation (native/block_renderer.h: Interpolation). */
export const INTERPOLATION_CODES: Readonly<Record<Interpolation, number>> = { linear: 0, cubic: 1, sinc: 2 };

/**
 * A render of whole blocks covers at most this many frames (at least one block): enough that the
 * cost of a call is shared by many blocks, and little enough that the output stays in cache.
 */
const SPAN_FRAMES = 1024;

/** The whole blocks a block context's output holds, the most one render writes. */
export function spanBlocks(blockSize: number): number {
  return Math.max(1, Math.floor(SPAN_FRAMES / blockSize));
}

/**
 * `render` into the context's buffers, then the first `frames` frames copied to `left` and
 * `right` from frame `at`: renderTo for a renderer that cannot write into a caller's buffers.
 */
export function renderAndCopy(
  renderer: BlockRenderer,
  activeCount: number,
  frames: number,
  left: Float32Array,
  right: Float32Array,
  at: number,
): number {
  const remaining = renderer.render(activeCount, frames);
  // A loop rather than set(): V8 boxes the offset it hands to set() into a new heap number.
  const { left: fromLeft, right: fromRight } = renderer.context;
  for (let t = 0; t < frames; t++) {
    left[at + t] = fromLeft[t];
    right[at + t] = fromRight[t];
  }
  return remaining;
}

/** What a synthesizer asks of its block renderer: the settings and sizes its buffers are made for. */
export interface RendererSettings {
  readonly sampleRate: number;
  readonly blockSize: number;
  /** The number of voices. */
  readonly capacity: number;
  /** The SoundFont's samples. */
  readonly waveData: Int16Array;
  /** Whether samples are decoded into `waveData` as notes first need them (SF3). */
  readonly decodedLater: boolean;
  /** See {@link BlockContext.inaudibleGain}. */
  readonly inaudibleGain: number;
  readonly interpolation: Interpolation;
  /** Whether reverb and chorus run. */
  readonly effects: boolean;
}

/**
 * Allocates a synthesizer's block buffers from `memory` (lib/synth/createBlockContext.ts): the
 * backend chooses the memory, the synthesizer what goes in it.
 */
export type AllocateBlockContext = (memory: BlockMemory) => BlockContext;

/**
 * One block of the synthesizer: the per-block voice step (envelopes, LFOs, pitch, filter
 * coefficients, gains), then for every active voice the oscillator and the low-pass filter,
 * mixed into left, right and the effect sends with the voice's gain ramps; then chorus and
 * reverb, added at the master volume.
 */
export interface BlockRenderer {
  readonly backend: Backend;
  /** The buffers it renders on. */
  readonly context: BlockContext;
  /**
   * Renders `frames` frames (1 to `context.blockSize`: a whole block, or a part of one) into
   * the start of `context.left` and `context.right`; the voices' envelopes, LFOs and gain ramps
   * advance by that many frames. `activeCount` voices are active at the head of
   * `context.order` before the step; returns the number still active after it. `frames` may
   * also be whole blocks, up to `spanBlocks(blockSize)`: each is stepped and rendered exactly as
   * a call of its own would, one after the other in the output, so that a span with no message
   * in it takes one call.
   */
  render(activeCount: number, frames: number): number;
  /**
   * `render`, with the output in `left` and `right` from frame `at` rather than in the
   * context's buffers: a synthesizer hands its caller's buffers for a span of whole blocks.
   * The native renderer writes there directly; the others render and copy.
   */
  renderTo(activeCount: number, frames: number, left: Float32Array, right: Float32Array, at: number): number;
  /**
   * Starts voice `v` of the bank from `context.noteStart` (lib/kernels/VoiceStart.ts): its
   * envelopes, LFOs, oscillator, filter and the inputs controllers move. Native and wasm do it
   * in compiled code, which keeps a note-on's arithmetic out of JavaScript.
   */
  startVoice(v: number): void;
  /**
   * Called at each note-on for the sample a voice is about to play, once the SoundFont has
   * decoded it: a renderer that reads a copy of the wave data brings that sample's part of the
   * copy up to date (SF3 samples are decoded at first use).
   */
  prepareSample(sample: SampleSpan): void;
  /**
   * Brings up to `count` more of the SoundFont's samples where the renderer reads them, for a
   * caller that spreads the work (an audio thread with a large font); returns whether all are
   * there. A renderer that reads a copy makes the rest of it at its first render; the others
   * read the font's own samples and have nothing to do.
   */
  copySamples(count: number): boolean;
  /**
   * Frees at once what the renderer holds outside the JavaScript heap; `render` may not be
   * called after it. The buffers stay JavaScript's, freed when nothing refers to them.
   */
  dispose(): void;
}
