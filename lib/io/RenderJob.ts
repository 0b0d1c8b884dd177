import type { Backend } from "../kernels/BlockRenderer.js";
import type { AudioFormat } from "./AudioFormat.js";
import type { RenderOptions } from "./SongRender.js";

/** One song for {@link renderFiles} to render. */
export interface RenderJob extends RenderOptions {
  /** The song: the path of a MIDI file, or its bytes. */
  midi: string | Uint8Array;
  /**
   * The SoundFont: the path of an SF2 or SF3 file (each worker reads a path once and keeps it
   * for the jobs that follow; an SF3 font's samples are decoded as that worker's songs need
   * them), its bytes, a stack of files with bank offsets played as one (see
   * `combineSoundFonts`; each worker combines a stack once), or undefined for the built-in SoundFont.
   * An RMIDI song's own SoundFont plays over it (see `soundFontForSong`), or alone when it is undefined.
   */
  soundFont?: string | Uint8Array | readonly { readonly file: string; readonly bankOffset?: number }[];
  /**
   * Where to write the file, in `format` or else the format its extension names (`.wav`, `.flac`,
   * `.mp3`, `.opus`); without it, the result carries the bytes of a WAV file.
   */
  out?: string;
}

/** The names of a job's fields besides the render options. */
export const jobFieldNames: readonly string[] = ["midi", "soundFont", "out"];

/** What rendering one {@link RenderJob} produced. */
export interface RenderResult {
  /** The file's path, when the job named one. */
  out?: string;
  /** The WAV file's bytes, when the job named no path. */
  wav?: Uint8Array;
  format: AudioFormat;
  /** Frames rendered (length in seconds: frames / sampleRate). */
  frames: number;
  sampleRate: number;
  channels: number;
  /** Which block renderer ran. */
  backend: Backend;
  /** Wall-clock seconds the render took in its worker. */
  elapsed: number;
  /** The largest absolute sample value (1 is full scale). */
  peak: number;
  /** Samples beyond full scale: clipped in integer and MP3 output. */
  clippedSamples: number;
}

/** A message from the main thread to a render worker: render this job. */
export interface JobMessage {
  index: number;
  job: RenderJob;
}

/** A message from a render worker to the main thread. */
export type WorkerMessage =
  | { type: "progress"; index: number; framesRendered: number; totalFrames: number }
  | { type: "warning"; index: number; message: string }
  | { type: "done"; index: number; result: RenderResult }
  | { type: "error"; index: number; message: string; name: string; path?: string };
