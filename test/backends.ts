import { nativeBackendStatus } from "../lib/kernels/nativeBackend.js";
import type { Backend } from "../lib/kernels/BlockRenderer.js";

/**
 * The backends a conformance test should run on: always JavaScript, and native code when the
 * addon has loaded (unless MELTYSYNTH_BACKEND=js asks for JavaScript only).
 */
export function availableBackends(): Backend[] {
  const backends: Backend[] = ["js"];
  if (nativeBackendStatus().available) backends.push("native");
  return backends;
}
