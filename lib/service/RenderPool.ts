import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { FontLibrary } from "./FontLibrary.js";
import { mediaTypeOf } from "./mediaTypeOf.js";
import type { RenderOptions } from "../io/SongRender.js";
import { RequestError } from "./RequestError.js";
import type { RenderOutcome, RenderTask, RenderThreadData } from "./RenderTask.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";

/** A render for a {@link RenderPool}: a font of its library by name, a MIDI file's bytes, the render's options. */
export interface PoolRender {
  /** A font's file name in the library (`TimGM6mb.sf2`), or a stack of them: `GM.sf2,kits.sf2@128`. */
  font: string;
  /** The MIDI file's bytes. */
  midi: Uint8Array;
  /** As for `renderToFile`: the format (16-bit WAV by default), the sample rate, the gain... */
  options?: RenderOptions;
}

/** A render done: the file's bytes and what the service reports about it. */
export interface RenderResult {
  audio: Uint8Array;
  mediaType: string;
  /** Seconds of audio. */
  audioSeconds: number;
  /** Wall-clock seconds the render took in its thread. */
  renderSeconds: number;
}

/**
 * A fixed number of render threads (a piscina pool), each holding every font of the library,
 * opened once when the thread starts and kept for every render after. Renders beyond the threads
 * wait in the pool's queue, in order. What the render service runs on, and a server's own
 * program may too: each render gives the bytes of a whole file in any format, and the event loop
 * of the calling thread stays free while it runs.
 *
 * @example
 * ```ts
 * import { FontLibrary, RenderPool } from "meltysynth-native/service";
 * const pool = new RenderPool(FontLibrary.load("fonts"), 2);
 * const { audio, mediaType } = await pool.render({ font: "TimGM6mb.sf2", midi, options: { format: "opus" } });
 * await pool.close();
 * ```
 */
export class RenderPool {
  readonly threads: number;
  private readonly pool: Piscina<RenderTask, RenderOutcome>;
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * @param threads render threads, started now and kept until {@link close}
   * @param backend the block renderer every render of the pool runs on
   * @param onError what to do with a thread's failure outside any render (logged by the
   * commands; by default a process warning).
   */
  constructor(
    fonts: FontLibrary,
    threads: number,
    readonly backend: BackendChoice = "auto",
    onError: (error: Error) => void = (error) => process.emitWarning(`a render thread failed: ${error.message}`),
  ) {
    if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be a whole number of at least 1, got ${threads}`);
    this.threads = threads;
    const data: RenderThreadData = { fonts: fonts.files, backend };
    this.pool = new Piscina({
      filename: new URL("./renderThread.js", import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      workerData: data,
    });
    this.pool.on("error", onError);
  }

  /** Renders waiting for a thread. */
  get waiting(): number {
    return this.pool.queueSize;
  }

  /** Renders running or waiting. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Renders on the next free thread.
   * @param maxRenderSeconds wall-clock seconds after which the render stops (default: none)
   * @param onProgress called with the fraction done, about ten times a second
   * @throws RequestError: 400 for a font the library lacks, a MIDI file or option the render
   * refuses (the message says which), 422 for a render stopped by the time limit.
   */
  async render(request: PoolRender, maxRenderSeconds = Infinity, onProgress?: (fraction: number) => void): Promise<RenderResult> {
    const channel = onProgress === undefined ? undefined : new MessageChannel();
    channel?.port1.on("message", (fraction: number) => onProgress?.(fraction));
    const options = request.options ?? {};
    const task: RenderTask = { font: request.font, midi: request.midi, options, maxRenderSeconds, progress: channel?.port2 };
    const running = this.pool.run(task, { transferList: channel === undefined ? [] : [channel.port2] });
    this.pending.add(running);
    try {
      const outcome = await running;
      if (!outcome.ok) throw new RequestError(outcome.status, outcome.message);
      return {
        audio: outcome.audio,
        mediaType: mediaTypeOf(options.format ?? "s16"),
        audioSeconds: outcome.frames / outcome.sampleRate,
        renderSeconds: outcome.renderSeconds,
      };
    } finally {
      this.pending.delete(running);
      channel?.port1.close();
    }
  }

  /** Lets every render running or waiting finish, then stops the threads. */
  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.pool.destroy();
  }
}
