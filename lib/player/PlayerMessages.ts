/**
 * What the page and the audio thread say to each other over the node's port. Both sides import
 * these types, so a change to one side that the other does not follow fails to compile.
 */
import type { ChorusSettings, ReverbSettings } from "../synth/EffectSettings.js";
import type { EventTiming, Interpolation, Profile } from "../synth/SynthesizerSettings.js";
import type { PlayerEventRecord } from "./PlayerEvents.js";
import type { PlayerStats } from "./PlayerStats.js";

/** The name the processor is registered under. */
export const PROCESSOR_NAME = "meltysynth-player";

/** The synthesizer the processor makes, chosen on the page. */
export interface ProcessorSettings {
  backend: "wasm" | "js";
  profile: Profile;
  interpolation: Interpolation;
  eventTiming: EventTiming;
  maximumPolyphony: number;
  blockSize: number;
  enableReverbAndChorus: boolean;
  reverb: ReverbSettings;
  chorus: ChorusSettings;
}

/** The node's processorOptions: a WebAssembly.Module can reach the worklet only this way. */
export interface ProcessorOptions {
  settings: ProcessorSettings;
  wasmModule: WebAssembly.Module | null;
}

/** A context frame, or null for the start of the next quantum. */
export type When = number | null;

export type ToProcessor =
  /** The SoundFont as SF2 bytes, their buffer transferred. */
  | { type: "soundFont"; bytes: ArrayBuffer }
  /** The go-ahead for the font's next load step, once the page has its 'loading'. */
  | { type: "loadStep" }
  | { type: "play"; id: number; song: ArrayBuffer; start: number; loop: boolean | number; frame: When }
  | { type: "midi"; id: number; bytes: Uint8Array; frame: When }
  | { type: "pause" | "resume" | "stop"; id: number }
  | { type: "seek"; id: number; seconds: number }
  | { type: "playbackRate"; id: number; rate: number }
  | { type: "transpose"; id: number; semitones: number }
  | { type: "mute" | "solo"; id: number; channel: number; on: boolean }
  | { type: "volume"; id: number; channel: number; scale: number }
  /** New reverb and chorus settings, checked on the page. */
  | { type: "effects"; id: number; reverb: ReverbSettings; chorus: ChorusSettings }
  | { type: "stats"; id: number }
  /** The node is no longer used: the processor ends, so that the browser can collect it. */
  | { type: "dispose" };

export type FromProcessor =
  /** A step of the font's load is done; the next waits for the page's 'loadStep'. */
  | { type: "loading" }
  | { type: "ready" }
  | { type: "failed"; message: string }
  /** The request `id` is held by the audio thread (or refused, with why). */
  | { type: "done"; id: number; error?: string }
  | { type: "stats"; id: number; stats: PlayerStats }
  | { type: "events"; events: PlayerEventRecord[] };
