/**
 * The registry of the native block renderer. It imports nothing from Node, so the engine still
 * loads in browsers and AudioWorklets: there nothing registers an addon and every synthesizer
 * uses the JavaScript renderer. Under Node, lib/io/loadNativeAddon.ts loads the compiled addon
 * (native/binding.cpp) and registers it here, or registers why it could not.
 */
import type { BlockContext, BlockRenderer } from "./BlockRenderer.js";
import { NativeBlockRenderer, type NativeAddon } from "./NativeBlockRenderer.js";

export type { NativeAddon, NativeRendererBuffers, NativeRendererHandle } from "./NativeBlockRenderer.js";

/** Whether the native block renderer can be used here, and if not, why. */
export interface NativeBackendStatus {
  available: boolean;
  /** Why the native backend is unavailable. */
  reason?: string;
  /** The kernel set the addon chose for this CPU: "avx512", "avx2", "sse2", "neon" or "scalar". */
  instructionSet?: string;
}

/** Thrown when the native backend is asked for but could not be loaded. */
export class NativeBackendUnavailableError extends Error {
  override readonly name = "NativeBackendUnavailableError";
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
    typeof exports.instructionSet !== "function" ||
    typeof exports.voiceBankLayout !== "object"
  ) {
    throw new TypeError("not the meltysynth native addon: it lacks Renderer, instructionSet or voiceBankLayout");
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
