// @ts-check
/**
 * Loads our engine from the built package: the Node entry (dist/io/index.js, which loads the
 * native addon) when it is built, else the browser-safe core (dist/index.js, JavaScript only).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const NODE_ENTRY = new URL("../dist/io/index.js", import.meta.url);
const CORE_ENTRY = new URL("../dist/index.js", import.meta.url);

/** Whether `npx tsc -p .` (run by `npm install`) has built the package. */
export function engineBuilt() {
  return existsSync(fileURLToPath(CORE_ENTRY));
}

/** @returns {Promise<typeof import("../dist/index.js")>} */
export async function loadEngine() {
  const entry = existsSync(fileURLToPath(NODE_ENTRY)) ? NODE_ENTRY : CORE_ENTRY;
  return import(entry.href);
}
