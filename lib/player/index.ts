/**
 * meltysynth-native/player: a MIDI player for browsers and Electron renderers, running the
 * engine in an AudioWorklet. It imports no Node module. See README.md in this folder.
 */
export { createPlayer } from "./createPlayer.js";
export type { PlayerOptions } from "./createPlayer.js";
export { Player } from "./Player.js";
export type { PlayOptions } from "./Player.js";
export { PlayerError } from "./PlayerError.js";
export { connectMidiInput } from "./connectMidiInput.js";
export type { PlayerStats } from "./PlayerStats.js";
export type * from "./PlayerEvents.js";
