/**
 * The registry of the native block renderer. It imports nothing from Node, so the engine still
 * loads in browsers and AudioWorklets: there nothing registers an addon and every synthesizer
 * uses the JavaScript renderer. Under Node, lib/io/loadNativeAddon.ts loads the compiled addon
 * (native/binding.cpp) and registers it here, or registers why it could not.
 */
import type { BlockContext, BlockRenderer } from "./BlockRenderer.js";
import { NativeBlockRenderer } from "./NativeBlockRenderer.js";

/** Whether the native block renderer can be used here, and if not, why. */
export interface NativeBackendStatus {
  available: boolean;
  /** Why the native backend is unavailable. */
  reason?: string;
  /** The kernel set the addon chose for this CPU: "avx2", "sse2", "neon" or "scalar". */
  instructionSet?: string;
}

/** Thrown when the native backend is asked for but could not be loaded. */
export class NativeBackendUnavailableError extends Error {
  override readonly name = "NativeBackendUnavailableError";
}

/** The buffers a native renderer registers once: a BlockContext's, flattened. */
export interface NativeRendererBuffers {
  blockSize: number;
  waveData: Int16Array;
  /** The voice table: its ArrayBuffer, or any typed array over all of it. */
  table: ArrayBufferLike | ArrayBufferView;
  order: Int32Array;
  left: Float32Array;
  right: Float32Array;
  reverb: NativeReverbBuffers | null;
  chorus: NativeChorusBuffers | null;
}

/** What the addon reads of a Reverb (lib/synth/Reverb.ts). */
export interface NativeReverbBuffers {
  lines: Float32Array;
  offsets: Int32Array;
  lengths: Int32Array;
  cursors: Int32Array;
  stores: Float32Array;
  feedback: number;
  damp1: number;
  damp2: number;
  allPassFeedback: number;
}

/** What the addon reads of a Chorus (lib/synth/Chorus.ts). */
export interface NativeChorusBuffers {
  bufferLeft: Float32Array;
  bufferRight: Float32Array;
  delayTable: Float32Array;
  cursors: Int32Array;
}

/** A renderer object of the addon: its buffers registered, ready to render blocks. */
export interface NativeRendererHandle {
  /** The kernel set this renderer runs. */
  readonly instructionSet: string;
  /** Renders one block; throws RangeError if a listed voice would read out of bounds. */
  render(activeCount: number, masterVolume: number): void;
}

/**
 * The compiled addon's exports (native/binding.cpp). Every function that takes an
 * `instructionSet` uses the named kernel set ("avx2", "sse2", "neon", "scalar") if the CPU runs
 * it, and the best one otherwise. The kernel functions exist for tests; synthesizers use
 * `Renderer`.
 */
export interface NativeAddon {
  readonly napiVersion: number;
  /** The kernel set chosen for this CPU. */
  instructionSet(): string;
  /** Every kernel set this CPU runs, fastest first. */
  instructionSets(): string[];
  Renderer: new (buffers: NativeRendererBuffers, instructionSet?: string) => NativeRendererHandle;
  /** destination[dOffset + t] += a * x[xOffset + t] for t < length. */
  multiplyAdd(
    a: number,
    x: Float32Array,
    xOffset: number,
    destination: Float32Array,
    destinationOffset: number,
    length: number,
    instructionSet?: string,
  ): void;
  /** destination[dOffset + t] += a * x[xOffset + t] for t < length, adding step to a after each sample. */
  multiplyAddSlope(
    a: number,
    step: number,
    x: Float32Array,
    xOffset: number,
    destination: Float32Array,
    destinationOffset: number,
    length: number,
    instructionSet?: string,
  ): void;
  /** Filters samples[offsets[k] ..] in place with voice record records[k]'s biquad (1 to 16 voices). */
  biquad(
    table: ArrayBufferLike | ArrayBufferView,
    records: Int32Array,
    samples: Float32Array,
    offsets: Int32Array,
    length: number,
    instructionSet?: string,
  ): void;
  /** Runs voice record `record`'s oscillator into output[offset ..] and advances its position. */
  oscillator(
    waveData: Int16Array,
    table: ArrayBufferLike | ArrayBufferView,
    record: number,
    output: Float32Array,
    offset: number,
    length: number,
    instructionSet?: string,
  ): void;
  /** Reverb.process on the same memory. */
  reverb(
    reverb: NativeReverbBuffers,
    input: Float32Array,
    outputLeft: Float32Array,
    outputRight: Float32Array,
    instructionSet?: string,
  ): void;
  /** Chorus.process on the same memory. */
  chorus(
    chorus: NativeChorusBuffers,
    inputLeft: Float32Array,
    inputRight: Float32Array,
    outputLeft: Float32Array,
    outputRight: Float32Array,
  ): void;
}

const NOT_LOADED = "the native addon has not been loaded (import the package's Node entry to load it)";

let addon: NativeAddon | null = null;
let failure = NOT_LOADED;

/** Makes the native backend available with this addon. */
export function registerNativeAddon(candidate: NativeAddon): void {
  const exports = candidate as Partial<NativeAddon> | null;
  if (
    exports === null ||
    typeof exports !== "object" ||
    typeof exports.Renderer !== "function" ||
    typeof exports.instructionSet !== "function"
  ) {
    throw new TypeError("not the meltysynth native addon: it lacks Renderer or instructionSet");
  }
  addon = candidate;
}

/** Records why the native addon could not load; the native backend is unavailable from then on. */
export function registerNativeFailure(reason: string): void {
  addon = null;
  failure = reason;
}

/** Whether the native backend is available, and if not, why. */
export function nativeBackendStatus(): NativeBackendStatus {
  if (addon === null) return { available: false, reason: failure };
  return { available: true, instructionSet: addon.instructionSet() };
}

/** The registered addon, or null: for tests and benchmarks. */
export function registeredNativeAddon(): NativeAddon | null {
  return addon;
}

/**
 * A native block renderer over `context`, which registers the context's buffers with the
 * addon once. `instructionSet` picks a kernel set other than the best (for tests).
 * @throws NativeBackendUnavailableError naming why, when no addon is registered.
 */
export function createNativeBlockRenderer(context: BlockContext, instructionSet?: string): BlockRenderer {
  if (addon === null) throw new NativeBackendUnavailableError(`The native backend is not available: ${failure}`);
  return new NativeBlockRenderer(addon, context, instructionSet);
}
