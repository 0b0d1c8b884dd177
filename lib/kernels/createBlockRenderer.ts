import { heapMemory } from "./BlockMemory.js";
import type { AllocateBlockContext, Backend, BackendChoice, BlockRenderer, RendererSettings } from "./BlockRenderer.js";
import { JsBlockRenderer } from "./JsBlockRenderer.js";
import { createNativeBlockRenderer, nativeBackendStatus, type NativeBackendStatus } from "./nativeBackend.js";
import { createWasmBlockRenderer, wasmBackendStatus, type WasmBackendStatus } from "./wasmBackend.js";

/**
 * Picks the block renderer and has `allocate` lay out its buffers where it works: on the heap
 * for JavaScript and native code, in its instance's memory for WebAssembly. An explicit 'js',
 * 'native' or 'wasm' in the settings wins; 'auto' defers to the environment variable
 * MELTYSYNTH_BACKEND where there is one, then takes the fastest that has loaded: native code,
 * then WebAssembly, then JavaScript.
 */
export function createBlockRenderer(settings: RendererSettings, requested: BackendChoice, allocate: AllocateBlockContext): BlockRenderer {
  switch (resolve(requested === "auto" ? backendFromEnvironment() : requested)) {
    case "native":
      return createNativeBlockRenderer(allocate(heapMemory));
    case "wasm":
      return createWasmBlockRenderer(settings, allocate);
    case "js":
      return new JsBlockRenderer(allocate(heapMemory));
  }
}

function resolve(choice: BackendChoice): Backend {
  if (choice !== "auto") return choice;
  if (nativeBackendStatus().available) return "native";
  if (wasmBackendStatus().available) return "wasm";
  return "js";
}

/** Which backend 'auto' gives here and now, and why each faster one was passed over. */
export interface BackendStatus {
  /** The backend a synthesizer with backend 'auto' gets. */
  auto: Backend;
  /** Why 'auto' does not give the backends faster than it: native, then wasm. */
  passedOver: Partial<Record<Exclude<Backend, "js">, string>>;
  native: NativeBackendStatus;
  wasm: WasmBackendStatus;
}

/**
 * Which backend 'auto' gives, and why not a faster one: each backend's status, and the
 * environment variable MELTYSYNTH_BACKEND where it chooses.
 * @throws RangeError when MELTYSYNTH_BACKEND holds something else than js, native, wasm or auto.
 */
export function backendStatus(): BackendStatus {
  const native = nativeBackendStatus();
  const wasm = wasmBackendStatus();
  const chosen = backendFromEnvironment();
  const auto = resolve(chosen);
  const passedOver: BackendStatus["passedOver"] = {};
  const order: Exclude<Backend, "js">[] = ["native", "wasm"];
  for (const faster of order.slice(0, auto === "js" ? order.length : order.indexOf(auto))) {
    const status = faster === "native" ? native : wasm;
    passedOver[faster] = chosen !== "auto" && status.available ? `MELTYSYNTH_BACKEND=${chosen}` : status.reason;
  }
  return { auto, passedOver, native, wasm };
}

/** The environment variable MELTYSYNTH_BACKEND, trimmed and in lower case; undefined where unset. */
export function environmentBackend(): string | undefined {
  // Read through globalThis so that the engine also loads where there is no `process`.
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.MELTYSYNTH_BACKEND?.trim().toLowerCase();
  return value === "" ? undefined : value;
}

function backendFromEnvironment(): BackendChoice {
  const value = environmentBackend();
  if (value === undefined) return "auto";
  if (value === "js" || value === "native" || value === "wasm" || value === "auto") return value;
  throw new RangeError(`MELTYSYNTH_BACKEND must be js, native, wasm or auto, got ${JSON.stringify(value)}`);
}
