import type { MessagePort } from "node:worker_threads";
import type { RenderOptions } from "../io/index.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";

/** What every render thread of a pool is started with. */
export interface RenderThreadData {
  /** The fonts it opens, by name. */
  fonts: { name: string; path: string }[];
  backend: BackendChoice;
}

/** What a render thread is asked to do. */
export interface RenderTask {
  /** The name of one of the fonts the thread opened. */
  font: string;
  midi: Uint8Array;
  options: RenderOptions;
  maxRenderSeconds: number;
  /** Where the thread posts the fraction done (a number), when the caller follows progress. */
  progress?: MessagePort;
}

/**
 * What a render thread answers. A refusal travels as a value: an error thrown across threads
 * loses its class and status.
 */
export type RenderOutcome =
  | { ok: true; audio: Uint8Array; frames: number; sampleRate: number; renderSeconds: number }
  | { ok: false; status: number; message: string };
