import { availableBackends } from "../backends.js";

/** The backends to test, slowest first (availableBackends, which loads the compiled ones). */
export const backends = availableBackends();

/** The backend for the long renders: the fastest that has loaded. */
export const fastestBackend = backends.at(-1)!;
