import { loadNativeAddon } from "../lib/io/loadNativeAddon.js";
import { loadWasmModule } from "../lib/io/loadWasmModule.js";
import type { Backend } from "../lib/kernels/BlockRenderer.js";
import { environmentBackend } from "../lib/kernels/createBlockRenderer.js";
import { requirement } from "./requirements.js";

/**
 * Why the native backend cannot be tested here, or null when it can. With
 * MELTYSYNTH_REQUIRE_NATIVE=1 (CI) a missing backend throws instead: a failed build must turn
 * the run red, not shrink it.
 */
export function nativeUnavailable(): string | null {
  const status = loadNativeAddon();
  return requirement("MELTYSYNTH_REQUIRE_NATIVE", status.available ? null : `the native backend is not available (${status.reason})`);
}

/**
 * The backends a conformance test should run on, slowest first: JavaScript always, WebAssembly
 * (whose module ships compiled, so that its absence is a failure), and native code when the
 * addon loads. MELTYSYNTH_BACKEND narrows the list to JavaScript and the one it names: `js`
 * keeps the others from loading, and `wasm` or `native` leave out the third, which the default
 * run covers.
 */
export function availableBackends(): Backend[] {
  const chosen = environmentBackend();
  if (chosen === "js") return ["js"];
  const wasm = loadWasmModule();
  if (!wasm.available) throw new Error(`the wasm backend did not load: ${wasm.reason}`);
  if (chosen === "wasm") return ["js", "wasm"];
  const missing = nativeUnavailable();
  if (missing !== null) {
    console.warn(`Native backend not tested: ${missing}.`);
    return ["js", "wasm"];
  }
  return chosen === "native" ? ["js", "native"] : ["js", "wasm", "native"];
}
