import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { environmentBackend } from "../kernels/createBlockRenderer.js";
import {
  registerWasmFailure,
  registerWasmModule,
  wasmBackendStatus,
  wasmModuleUrl,
  type WasmBackendStatus,
} from "../kernels/wasmBackend.js";

let attempted = false;

/**
 * Compiles the WebAssembly block renderer (wasm/meltysynth.wasm) synchronously, Node only, and
 * registers it with the wasm backend, or registers why it could not (a Node without WebAssembly
 * SIMD, say), so that 'auto' falls back to JavaScript and 'wasm' says why. Compiling takes a few
 * milliseconds; each instance is made when a synthesizer is. MELTYSYNTH_BACKEND=js skips it.
 * Only the first call compiles; later calls return the same status.
 */
export function loadWasmModule(): WasmBackendStatus {
  if (attempted) return wasmBackendStatus();
  attempted = true;
  if (environmentBackend() === "js") {
    registerWasmFailure("disabled by MELTYSYNTH_BACKEND=js");
    return wasmBackendStatus();
  }
  try {
    registerWasmModule(new WebAssembly.Module(readFileSync(fileURLToPath(wasmModuleUrl()))));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    registerWasmFailure(`the WebAssembly module could not be loaded: ${message.split("\n")[0]}`);
  }
  return wasmBackendStatus();
}
