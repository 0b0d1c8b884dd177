import { loadNativeAddon } from "../../lib/io/loadNativeAddon.js";
import { availableBackends } from "../backends.js";

// Registers the native addon, as the Node entry does, so that these tests cover it too.
loadNativeAddon();

/** The backends to test: JavaScript, and native code when the addon has loaded. */
export const backends = availableBackends();

/** The backend for the long renders: native when it has loaded, else JavaScript. */
export const fastestBackend = backends.includes("native") ? "native" : "js";
