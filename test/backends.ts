import { loadNativeAddon } from "../lib/io/loadNativeAddon.js";
import type { Backend } from "../lib/kernels/BlockRenderer.js";

/**
 * The backends a conformance test should run on: always JavaScript, and native code when the
 * addon loads (MELTYSYNTH_BACKEND=js keeps it from loading, so the suite then covers JavaScript only).
 */
export function availableBackends(): Backend[] {
  const status = loadNativeAddon();
  if (!status.available) {
    console.warn(`Native backend not tested: ${status.reason}`);
    return ["js"];
  }
  return ["js", "native"];
}
