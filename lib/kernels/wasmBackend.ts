/**
 * The registry of the WebAssembly block renderer: the compiled module (wasm/meltysynth.wasm),
 * or why there is none. It imports nothing from Node: under Node, lib/io/loadWasmModule.ts
 * compiles the module synchronously when the package's Node entry loads; elsewhere
 * `loadWasmBackend()` fetches and compiles it, and synthesizers made after it resolves can use it.
 */
import type { AllocateBlockContext, BlockRenderer, RendererSettings } from "./BlockRenderer.js";
import { WasmBlockRenderer, checkModuleLayout, describeModule, instantiate } from "./WasmBlockRenderer.js";

/** Whether the wasm block renderer can be used here, and if not, why. */
export interface WasmBackendStatus {
  available: boolean;
  /** Why the wasm backend is unavailable. */
  reason?: string;
  /** The kernel set the module runs: "wasm-simd128". */
  instructionSet?: string;
}

/** Thrown when the wasm backend is asked for but its module is not compiled. */
export class WasmBackendUnavailableError extends Error {
  override readonly name = "WasmBackendUnavailableError";
}

/**
 * Where the module lies, beside lib/ and dist/ alike (this file is lib/kernels/wasmBackend.ts
 * in the repository and dist/kernels/wasmBackend.js in the package); bundlers see the URL and
 * ship the file. Made when asked for: not every scope that runs the engine has URL.
 */
export function wasmModuleUrl(): URL {
  return new URL("../../wasm/meltysynth.wasm", import.meta.url);
}

const NOT_LOADED =
  "the WebAssembly module has not been compiled (import the package's Node entry, or await loadWasmBackend())";

let compiled: WebAssembly.Module | null = null;
let instructionSet = "";
let failure = NOT_LOADED;

/**
 * Makes the wasm backend available with this module, once it has checked that the module is
 * meltysynth's and lays out the voice bank as this TypeScript does.
 * @throws TypeError for another module; Error when the layouts differ.
 */
export function registerWasmModule(module: WebAssembly.Module): void {
  const description = describeModule(instantiate(module));
  checkModuleLayout(description.layout);
  compiled = module;
  instructionSet = description.instructionSet;
}

/** Records why the module could not be compiled; the wasm backend is unavailable from then on. */
export function registerWasmFailure(reason: string): void {
  compiled = null;
  failure = reason;
}

/** Whether the wasm backend is available, and if not, why. */
export function wasmBackendStatus(): WasmBackendStatus {
  if (compiled === null) return { available: false, reason: failure };
  return { available: true, instructionSet };
}

/**
 * Compiles the WebAssembly module, where it cannot be compiled synchronously (browsers refuse
 * to compile anything but a tiny module on their main thread). Without `bytes`, it fetches
 * wasm/meltysynth.wasm from beside the package's code. Resolves to the backend's status, which
 * says why when it failed (a browser without WebAssembly SIMD, say); it never rejects.
 */
export async function loadWasmBackend(bytes?: ArrayBuffer | ArrayBufferView): Promise<WasmBackendStatus> {
  if (compiled !== null) return wasmBackendStatus();
  try {
    const source = bytes ?? (await fetchModule());
    registerWasmModule(await WebAssembly.compile(source));
  } catch (error) {
    registerWasmFailure(`the WebAssembly module could not be compiled: ${error instanceof Error ? error.message : String(error)}`);
  }
  return wasmBackendStatus();
}

async function fetchModule(): Promise<ArrayBuffer> {
  const url = wasmModuleUrl();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url.href} answered ${response.status}`);
  return response.arrayBuffer();
}

/**
 * A wasm block renderer for `settings`, with a WebAssembly instance of its own, in whose memory
 * `allocate` lays out the block context.
 * @throws WasmBackendUnavailableError naming why, when no module is compiled.
 */
export function createWasmBlockRenderer(settings: RendererSettings, allocate: AllocateBlockContext): BlockRenderer {
  if (compiled === null) throw new WasmBackendUnavailableError(`The wasm backend is not available: ${failure}`);
  return new WasmBlockRenderer(compiled, settings, allocate);
}
