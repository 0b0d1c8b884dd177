import { loadNativeAddon } from "../lib/io/loadNativeAddon.js";
import type { Backend } from "../lib/kernels/BlockRenderer.js";
import { requirement } from "./requirements.js";

/**
 * Why the native backend cannot be tested here, or null when it can. With
 * MELTYSYNTH_REQUIRE_NATIVE=1 (CI) a missing backend throws instead: a failed build must turn
 * the run red, not shrink it to the JavaScript half.
 */
export function nativeUnavailable(): string | null {
  const status = loadNativeAddon();
  return requirement("MELTYSYNTH_REQUIRE_NATIVE", status.available ? null : `the native backend is not available (${status.reason})`);
}

/**
 * The backends a conformance test should run on: always JavaScript, and native code when the
 * addon loads (MELTYSYNTH_BACKEND=js keeps it from loading, so the suite then covers JavaScript
 * only, with a warning saying so).
 */
export function availableBackends(): Backend[] {
  const missing = nativeUnavailable();
  if (missing !== null) {
    console.warn(`Testing the JavaScript backend only: ${missing}.`);
    return ["js"];
  }
  return ["js", "native"];
}
