import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { environmentBackend } from "../kernels/createBlockRenderer.js";
import {
  nativeBackendStatus,
  registerNativeAddon,
  registerNativeFailure,
  type NativeAddon,
  type NativeBackendStatus,
} from "../kernels/nativeBackend.js";

let attempted = false;

/**
 * Loads the compiled addon (Node only) and registers it with the native backend, or registers
 * why it could not load, so that 'auto' falls back to JavaScript and 'native' says why.
 *
 * node-gyp-build looks in build/Release (a local build) and then in prebuilds/<platform>-<arch>
 * of the package. MELTYSYNTH_BACKEND=js skips loading altogether. Only the first call loads;
 * later calls return the same status.
 */
export function loadNativeAddon(): NativeBackendStatus {
  if (attempted) return nativeBackendStatus();
  attempted = true;
  if (environmentBackend() === "js") {
    registerNativeFailure("disabled by MELTYSYNTH_BACKEND=js");
    return nativeBackendStatus();
  }
  try {
    const require = createRequire(import.meta.url);
    const load = require("node-gyp-build") as (root: string) => unknown;
    registerNativeAddon(load(packageRoot()) as NativeAddon);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    registerNativeFailure(`the native addon could not be loaded: ${message.split("\n")[0]}`);
  }
  return nativeBackendStatus();
}

// This file is lib/io/loadNativeAddon.ts in the repository and dist/io/loadNativeAddon.js in the
// package: the package root is two folders up either way.
function packageRoot(): string {
  return fileURLToPath(new URL("../..", import.meta.url));
}
