import type { BackendChoice, BlockContext, BlockRenderer } from "./BlockRenderer.js";
import { JsBlockRenderer } from "./JsBlockRenderer.js";
import { createNativeBlockRenderer, nativeBackendStatus } from "./nativeBackend.js";

/**
 * Picks the block renderer. An explicit 'js' or 'native' in the settings wins; 'auto' defers to
 * the environment variable MELTYSYNTH_BACKEND where there is one, then uses native code when it
 * has loaded and JavaScript otherwise.
 */
export function createBlockRenderer(context: BlockContext, requested: BackendChoice): BlockRenderer {
  const choice = requested === "auto" ? backendFromEnvironment() : requested;
  if (choice === "js") return new JsBlockRenderer(context);
  if (choice === "native" || nativeBackendStatus().available) return createNativeBlockRenderer(context);
  return new JsBlockRenderer(context);
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
  if (value === "js" || value === "native" || value === "auto") return value;
  throw new RangeError(`MELTYSYNTH_BACKEND must be js, native or auto, got ${JSON.stringify(value)}`);
}
