import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fixturesDir as folder } from "../fixtures.js";

/** The fixtures folder (MELTYSYNTH_FIXTURES, else beside the repository), with a trailing separator. */
export const fixturesDir = folder + path.sep;

export const timGM6mbPath = `${fixturesDir}soundfonts/TimGM6mb.sf2`;
export const polyphoneDir = `${fixturesDir}polyphone/TimGM6mb/`;

/** Whether the fixtures are here; says so on the console when they are not. */
export function haveFixtures(what: string): boolean {
  const present = existsSync(timGM6mbPath);
  if (!present) {
    console.warn(`Skipping ${what}: the fixtures folder ${fixturesDir} is absent.`);
  }
  return present;
}

let timGM6mb: Uint8Array | undefined;

/** The bytes of TimGM6mb.sf2, read once. */
export function timGM6mbBytes(): Uint8Array {
  timGM6mb ??= new Uint8Array(readFileSync(timGM6mbPath));
  return timGM6mb;
}
