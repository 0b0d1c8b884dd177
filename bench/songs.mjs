// @ts-check
/**
 * What the benchmark renders: the shared fixtures (TimGM6mb.sf2 and three songs from the
 * OpenMSX set) and a held 3-note chord with effects on and off, with the settings every engine
 * gets. See README.md.
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
 * @typedef {{ id: string, label: string, file: string | null, effects: boolean, chordSeconds?: number }} Song
 * `file` is null for a chord, which each engine plays by calling noteOn on a fresh synthesizer;
 * `effects` is whether reverb and chorus are on.
 */

/**
 * The chord is long so that it measures the steady cost of a block rather than start-up; without
 * effects it is mostly the fixed cost of a block, as 3 voices are little work.
 * @type {Song[]}
 */
export const SONGS = [
  { id: "chord30", label: "30 s chord, effects on", file: null, effects: true, chordSeconds: 30 },
  { id: "chord30_dry", label: "30 s chord, effects off", file: null, effects: false, chordSeconds: 30 },
  { id: "5432gone", label: "5432gone_redfarn.mid", file: `${FIXTURES}midi/5432gone_redfarn.mid`, effects: true },
  { id: "slow_neasy", label: "slow_neasy_redfarn.mid", file: `${FIXTURES}midi/slow_neasy_redfarn.mid`, effects: true },
  { id: "boogi_marabi", label: "boogi_marabi_redfarn.mid", file: `${FIXTURES}midi/boogi_marabi_redfarn.mid`, effects: true },
];

/** The MIDI files, as opposed to the chords: what "every song" in the targets means. */
export const MIDI_SONGS = SONGS.filter((song) => song.file !== null).map((song) => song.id);

/** C major on channel 0, velocity 100: what the chord3 reference plays. */
export const CHORD_KEYS = [60, 64, 67];
export const CHORD_VELOCITY = 100;

/** Silence after the last event, as the reference renders have it, so release tails are heard. */
export const TAIL_SECONDS = 2;

/**
 * How many frames an engine renders: a chord's set length, or a song from its start until
 * TAIL_SECONDS after its last event.
 * @param {Song} song
 * @param {number} midiSeconds the MIDI file's length as the engine reads it (unused for a chord)
 */
export function framesToRender(song, midiSeconds) {
  return song.file === null ? Math.round((song.chordSeconds ?? 0) * SAMPLE_RATE) : Math.ceil((midiSeconds + TAIL_SECONDS) * SAMPLE_RATE);
}

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
