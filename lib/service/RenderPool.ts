import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { FontLibrary } from "./FontLibrary.js";
import { mediaTypeOf } from "./mediaTypeOf.js";
import type { RenderRequest } from "./RenderRequest.js";
import { RequestError } from "./RequestError.js";
import type { RenderOutcome, RenderTask, RenderThreadData } from "./RenderTask.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";

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
 * opened once when the thread starts. Renders beyond the threads wait in the pool's queue, in
 * order.
 */
export class RenderPool {
  readonly threads: number;
  private readonly pool: Piscina<RenderTask, RenderOutcome>;
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * @param backend the block renderer every render of the pool runs on
   * @param onError what to do with a thread's failure outside any render (logged by the commands).
   */
  constructor(fonts: FontLibrary, threads: number, readonly backend: BackendChoice, onError: (error: Error) => void) {
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
   * Renders a request on the next free thread.
   * @throws RequestError (400 or 422) for a render its input or the time limit stops.
   */
  async render(request: RenderRequest, maxRenderSeconds: number, onProgress?: (fraction: number) => void): Promise<RenderResult> {
    const channel = onProgress === undefined ? undefined : new MessageChannel();
    channel?.port1.on("message", (fraction: number) => onProgress?.(fraction));
    const task: RenderTask = { font: request.font, midi: request.midi, options: request.options, maxRenderSeconds, progress: channel?.port2 };
    const running = this.pool.run(task, { transferList: channel === undefined ? [] : [channel.port2] });
    this.pending.add(running);
    try {
      const outcome = await running;
      if (!outcome.ok) throw new RequestError(outcome.status, outcome.message);
      return {
        audio: outcome.audio,
        mediaType: mediaTypeOf(request.options.format),
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
