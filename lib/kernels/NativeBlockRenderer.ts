import { INTERPOLATION_CODES, renderAndCopy, spanBlocks, type BlockContext, type BlockRenderer, type ChorusBuffers, type ReverbBuffers } from "./BlockRenderer.js";
import { voiceBankLayoutDifference, type VoiceBankLayout } from "./VoiceBank.js";

/** The buffers a native renderer registers once: a BlockContext's, flattened. */
export interface NativeRendererBuffers {
  sampleRate: number;
  blockSize: number;
  /** The whole blocks `left` and `right` hold: the most one render writes. */
  spanBlocks: number;
  waveData: Int16Array;
  /** The voice bank's buffer, or any typed array over all of it. */
  bank: ArrayBufferLike | ArrayBufferView;
  /** The channel table. */
  channels: Float32Array;
  order: Int32Array;
  /** One element: the master volume. */
  masterVolume: Float64Array;
  /** The note-start record, NOTE_START_LENGTH long. */
  noteStart: Float64Array;
  /** Gain ramps below this (a float32 value) are not mixed. */
  inaudibleGain: number;
  /** 0 linear, 1 cubic, 2 sinc (INTERPOLATION_CODES). */
  interpolation: number;
  left: Float32Array;
  right: Float32Array;
  reverb: ReverbBuffers | null;
  chorus: ChorusBuffers | null;
}

/** A renderer object of the addon: its buffers registered, ready to render blocks. */
export interface NativeRendererHandle {
  /** The kernel set this renderer runs. */
  readonly instructionSet: string;
  /**
   * The voice step and one block, or `frames` frames of one, or whole blocks up to
   * `spanBlocks` (see BlockRenderer.render); returns the number of voices still active. Throws
   * RangeError if an active voice would read out of bounds. With `left`, `right` and `at`, the
   * output goes there (not overlapping, `frames` from `at` in each) instead of the registered
   * buffers.
   */
  render(activeCount: number, frames: number, left?: Float32Array, right?: Float32Array, at?: number): number;
  /** Starts voice `v` from the note-start record. Throws RangeError if `v` is not a voice of the bank. */
  startVoice(v: number): void;
  /** Frees the native state now; `render` throws after it. */
  dispose(): void;
}

/**
 * The compiled addon's exports (native/binding.cpp). `instructionSet` names a kernel set
 * ("avx512", "avx2", "sse2", "neon", "scalar") to use if the CPU runs it; the best one otherwise.
 */
export interface NativeAddon {
  readonly napiVersion: number;
  /** The kernel set chosen for this CPU. */
  instructionSet(): string;
  /** Every kernel set this CPU runs, fastest first. */
  instructionSets(): string[];
  /** The voice bank's fields as the addon lays them out, and the numbers its step reads. */
  readonly voiceBankLayout: VoiceBankLayout;
  Renderer: new (buffers: NativeRendererBuffers, instructionSet?: string) => NativeRendererHandle;
}


/**
 * The block renderer in native code (native/block_renderer.cpp): the voice step
 * (native/voice_step.cpp) and the per-sample work, with the same semantics as the TypeScript
 * step and JsBlockRenderer. It hands the context's buffers to the addon once, here; each block,
 * or each span of whole blocks, is then a single call into native code for every voice and both
 * effects, with nothing allocated.
 *
 * The addon checks every active voice before it reads through it (its index and channel, loop
 * and end points inside the wave data, non-negative positions and steps) and throws a
 * RangeError, having written no output, rather than read out of bounds.
 */
export class NativeBlockRenderer implements BlockRenderer {
  readonly backend = "native" as const;
  readonly context: BlockContext;
  /** The kernel set in use: "avx512", "avx2", "sse2", "neon" or "scalar". */
  readonly instructionSet: string;
  private readonly handle: NativeRendererHandle;

  constructor(addon: NativeAddon, context: BlockContext, instructionSet?: string) {
    const difference = voiceBankLayoutDifference(addon.voiceBankLayout);
    if (difference !== null) {
      throw new Error(`the native addon's voice bank differs from lib/kernels/VoiceBank.ts: ${difference} (rebuild the addon)`);
    }
    this.context = context;
    this.handle = new addon.Renderer(
      nativeRendererBuffers(context),
      instructionSet,
    );
    this.instructionSet = this.handle.instructionSet;
  }

  render(activeCount: number, frames: number): number {
    return this.handle.render(activeCount, frames);
  }

  renderTo(activeCount: number, frames: number, left: Float32Array, right: Float32Array, at: number): number {
    // One buffer for both sides (a render whose output is thrown away) takes the copy.
    if (left.buffer === right.buffer) return renderAndCopy(this, activeCount, frames, left, right, at);
    return this.handle.render(activeCount, frames, left, right, at);
  }

  startVoice(v: number): void {
    this.handle.startVoice(v);
  }

  dispose(): void {
    this.handle.dispose();
  }

  // It reads the SoundFont's own samples, decoded or not.
  prepareSample(): void {}

  copySamples(): boolean {
    return true;
  }
}

/** What the addon registers of a block context: its buffers and settings, flattened. */
export function nativeRendererBuffers(context: BlockContext): NativeRendererBuffers {
  return {
    sampleRate: context.sampleRate,
    blockSize: context.blockSize,
    spanBlocks: spanBlocks(context.blockSize),
    waveData: context.waveData,
    // A view, so that a bank in a SharedArrayBuffer is accepted too.
    bank: context.bank.bytes,
    channels: context.bank.channelData,
    order: context.order,
    masterVolume: context.masterVolume,
    noteStart: context.noteStart,
    inaudibleGain: context.inaudibleGain,
    interpolation: INTERPOLATION_CODES[context.interpolation],
    left: context.left,
    right: context.right,
    reverb: context.reverb,
    chorus: context.chorus,
  };
}
