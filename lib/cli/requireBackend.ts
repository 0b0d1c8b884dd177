import type { Backend } from "../kernels/BlockRenderer.js";
import { backendStatus } from "../kernels/createBlockRenderer.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";
import { nativeBackendStatus } from "../kernels/nativeBackend.js";
import { wasmBackendStatus } from "../kernels/wasmBackend.js";

/**
 * Refuses, before any work starts, a backend that cannot run here: a command asked for it by
 * name, so one line saying why beats a failure in every render.
 * @throws Error naming the backend and why it is unavailable.
 */
export function requireBackend(backend: BackendChoice): void {
  if (backend === "native" && !nativeBackendStatus().available) {
    throw new Error(`the native backend is not available: ${nativeBackendStatus().reason}`);
  }
  if (backend === "wasm" && !wasmBackendStatus().available) {
    throw new Error(`the wasm backend is not available: ${wasmBackendStatus().reason}`);
  }
}

/** The backend a choice gives here: itself, or for 'auto' the one 'auto' picks. */
export function resolvedBackend(backend: BackendChoice): Backend {
  return backend === "auto" ? backendStatus().auto : backend;
}
