import type { BlockContext, BlockRenderer } from "./BlockRenderer.js";

/** Whether the native block renderer can be used here, and if not, why. */
export interface NativeBackendStatus {
  available: boolean;
  reason?: string;
  instructionSet?: string;
}

let failure = "the native addon has not been loaded (import the package's Node entry to load it)";

/** Records why the native addon could not load. */
export function registerNativeFailure(reason: string): void {
  failure = reason;
}

export function nativeBackendStatus(): NativeBackendStatus {
  return { available: false, reason: failure };
}

export function createNativeBlockRenderer(_context: BlockContext): BlockRenderer {
  throw new Error(`The native backend is not available: ${failure}`);
}
