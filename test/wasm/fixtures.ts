/**
 * Shared by the wasm tests: the module as the package ships it (wasm/meltysynth.wasm), compiled
 * here whatever MELTYSYNTH_BACKEND says, and wasm renderers over random block contexts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WasmBlockRenderer } from "../../lib/kernels/WasmBlockRenderer.js";
import { registerWasmModule, wasmModuleUrl } from "../../lib/kernels/wasmBackend.js";
import { randomContext, randomSettings, type ContextOptions } from "../native/fixtures.js";

export const wasmBytes = readFileSync(fileURLToPath(wasmModuleUrl()));
export const wasmModule = new WebAssembly.Module(wasmBytes);

/** Makes the wasm backend available, as the Node entry does unless MELTYSYNTH_BACKEND=js. */
export function registerTestModule(): void {
  registerWasmModule(wasmModule);
}

/** A wasm renderer whose context, in its instance's memory, is randomContext(seed, options). */
export function wasmRenderer(seed: number, options: Omit<ContextOptions, "memory" | "shared"> = {}): WasmBlockRenderer {
  return new WasmBlockRenderer(wasmModule, randomSettings(options), (memory) => randomContext(seed, { ...options, memory }));
}
