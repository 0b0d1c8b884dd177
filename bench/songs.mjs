// @ts-check
/**
 * What the benchmark renders: the shared fixtures (TimGM6mb.sf2 and three songs from the
 * OpenMSX set) and a 3-note chord, with the settings every engine gets. See README.md.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SAMPLE_RATE = 44100;
export const BLOCK_SIZE = 64;
export const POLYPHONY = 64;

/** The fixtures folder: MELTYSYNTH_FIXTURES, else ../shared/fixtures from the repository root. */
export const FIXTURES = process.env.MELTYSYNTH_FIXTURES
  ? path.resolve(process.env.MELTYSYNTH_FIXTURES) + path.sep
  : fileURLToPath(new URL("../../shared/fixtures/", import.meta.url));
export const FONT = `${FIXTURES}soundfonts/TimGM6mb.sf2`;

/** The song the targets are measured on: the densest with this font. */
export const TARGET_SONG = "slow_neasy";

/**
 * @typedef {{ id: string, label: string, file: string | null, chordSeconds?: number }} Song
 * `file` is null for the chord, which each engine plays by calling noteOn on a fresh synthesizer.
 */

/** @type {Song[]} */
export const SONGS = [
  { id: "chord3", label: "3-note chord, 3 s", file: null, chordSeconds: 3 },
  { id: "5432gone", label: "5432gone_redfarn.mid", file: `${FIXTURES}midi/5432gone_redfarn.mid` },
  { id: "slow_neasy", label: "slow_neasy_redfarn.mid", file: `${FIXTURES}midi/slow_neasy_redfarn.mid` },
  { id: "boogi_marabi", label: "boogi_marabi_redfarn.mid", file: `${FIXTURES}midi/boogi_marabi_redfarn.mid` },
];

/** C major on channel 0, velocity 100: what the chord3 reference plays. */
export const CHORD_KEYS = [60, 64, 67];
export const CHORD_VELOCITY = 100;

/** Silence after the last event, as the reference renders have it, so release tails are heard. */
export const TAIL_SECONDS = 2;

/** Why the fixtures cannot be used, or null when they are all there. */
export function missingFixtures() {
  const needed = [FONT, ...SONGS.flatMap((song) => (song.file ? [song.file] : []))];
  const missing = needed.filter((path) => !existsSync(path));
  return missing.length === 0 ? null : missing;
}

/** @param {string} id */
export function songById(id) {
  const song = SONGS.find((s) => s.id === id);
  if (!song) throw new Error(`unknown song '${id}'`);
  return song;
}
