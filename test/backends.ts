import { loadNativeAddon } from "../lib/io/loadNativeAddon.js";
import { loadWasmModule } from "../lib/io/loadWasmModule.js";
import type { Backend } from "../lib/kernels/BlockRenderer.js";
import { environmentBackend } from "../lib/kernels/createBlockRenderer.js";

/**
 * The backends a conformance test should run on, slowest first: JavaScript always, WebAssembly
 * (whose module ships compiled, so that its absence is a failure), and native code when the
 * addon loads. MELTYSYNTH_BACKEND narrows the list to JavaScript and the one it names: `js`
 * keeps the others from loading, and `wasm` or `native` leave out the third, which the default
 * run covers.
 */
export function availableBackends(): Backend[] {
  const chosen = environmentBackend();
  const native = loadNativeAddon();
  const wasm = loadWasmModule();
  if (chosen === "js") return ["js"];
  if (!wasm.available) throw new Error(`the wasm backend did not load: ${wasm.reason}`);
  if (chosen === "wasm") return ["js", "wasm"];
  if (!native.available) {
    console.warn(`Native backend not tested: ${native.reason}`);
    return ["js", "wasm"];
  }
  return chosen === "native" ? ["js", "native"] : ["js", "wasm", "native"];
}
