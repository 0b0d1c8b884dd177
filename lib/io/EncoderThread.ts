import { Worker } from "node:worker_threads";
import type { AudioEncoder, EncoderSetup, HeaderRewrite } from "./AudioEncoder.js";
import { isWavFormat, type AudioFormat } from "./AudioFormat.js";
import { createEncoder } from "./createEncoder.js";
import { EncodingError } from "./EncodingError.js";
import { wholeFile } from "./wholeFile.js";

/** A message from the render to its encoder thread. */
export type EncoderRequest =
  | { type: "chunk"; channels: Float32Array[]; frames: number }
  | { type: "finish"; totalFrames: number };

/** A message from the encoder thread to the render. */
export type EncoderReply =
  | { type: "ready" }
  | { type: "bytes"; bytes: Uint8Array }
  | { type: "end"; bytes: Uint8Array; rewrite: HeaderRewrite | undefined }
  | { type: "error"; name: string; message: string };

/**
 * What a render writes through: an {@link AudioEncoder} here, or one in a thread of its own whose
 * answers come later. `close` stops it at once, for a render that ends early.
 */
export interface RenderEncoder {
  encode(channels: readonly Float32Array[], frames: number): Uint8Array | Promise<Uint8Array>;
  finish(totalFrames: number): Uint8Array | Promise<Uint8Array>;
  rewrite(): HeaderRewrite | undefined;
  close(): Promise<void>;
}

/**
 * Chunks sent ahead of the encoder at most: with 16384-frame chunks about 1.5 s of audio at
 * 44.1 kHz and 0.5 MB of samples, enough to keep both threads busy, bounded whatever the length.
 */
const queueLength = 4;

const workerUrl = new URL("./encoderWorker.js", import.meta.url);

/**
 * The encoder a render writes through. WAV costs next to nothing and is encoded here; the
 * compressed formats (FLAC, MP3, Opus) run in an {@link EncoderThread}, beside the render, so a
 * render to them takes about as long as the slower of the two rather than their sum.
 * @throws RangeError for a setup the format cannot take; EncodingError when the encoder cannot start.
 */
export async function startEncoder(setup: EncoderSetup): Promise<RenderEncoder> {
  return isWavFormat(setup.format) ? inThisThread(await createEncoder(setup)) : EncoderThread.start(setup);
}

/** An encoder that runs in the render's own thread, as a {@link RenderEncoder}. */
export function inThisThread(encoder: AudioEncoder): RenderEncoder {
  return {
    encode: (channels, frames) => encoder.encode(channels, frames),
    finish: (totalFrames) => encoder.finish(totalFrames),
    rewrite: () => encoder.rewrite(),
    close: async () => undefined,
  };
}

/**
 * An encoder in a worker thread, fed through a bounded queue: `encode` copies the chunk, sends
 * it and returns at once with whatever bytes have come back so far (waiting only while
 * {@link queueLength} chunks are unanswered); `finish` waits for the rest. The bytes come back in
 * order and are those the same encoder gives in the render's own thread. An error in the thread,
 * or its end, rejects the next call with a typed error, and the thread is stopped.
 */
export class EncoderThread implements RenderEncoder {
  private readonly output: Uint8Array[] = [];
  private unanswered = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private ended: { rewrite: HeaderRewrite | undefined } | undefined;
  private ready = false;

  private constructor(
    private readonly worker: Worker,
    private readonly format: AudioFormat,
  ) {
    worker.on("message", (reply: EncoderReply) => this.receive(reply));
    worker.on("error", (error) => this.fail(new EncodingError(format, error.message, { cause: error })));
    worker.on("exit", (code) => {
      if (this.ended === undefined) this.fail(new EncodingError(format, `the encoder thread stopped (exit code ${code})`));
    });
  }

  /** Starts the thread and waits until its encoder is ready. */
  static async start(setup: EncoderSetup): Promise<EncoderThread> {
    // A worker takes the process's Node options, but --input-type (of `node -e`) stops it loading a file.
    const execArgv = process.execArgv.filter((option) => !option.startsWith("--input-type"));
    const thread = new EncoderThread(new Worker(workerUrl, { workerData: setup, execArgv }), setup.format);
    try {
      await thread.until(() => thread.ready);
    } catch (error) {
      await thread.close();
      throw error;
    }
    return thread;
  }

  async encode(channels: readonly Float32Array[], frames: number): Promise<Uint8Array> {
    await this.until(() => this.unanswered < queueLength);
    // Copies: the render reuses its buffers for the next chunk.
    const copies = channels.map((channel) => channel.slice(0, frames));
    const request: EncoderRequest = { type: "chunk", channels: copies, frames };
    this.worker.postMessage(request, copies.map((copy) => copy.buffer as ArrayBuffer));
    this.unanswered++;
    return this.take();
  }

  async finish(totalFrames: number): Promise<Uint8Array> {
    await this.until(() => true);
    const request: EncoderRequest = { type: "finish", totalFrames };
    this.worker.postMessage(request);
    this.unanswered++;
    await this.until(() => this.ended !== undefined);
    return this.take();
  }

  rewrite(): HeaderRewrite | undefined {
    return this.ended?.rewrite;
  }

  /** Stops the thread (at once, if it is still encoding). */
  async close(): Promise<void> {
    this.ended ??= { rewrite: undefined };
    await this.worker.terminate();
  }

  private receive(reply: EncoderReply): void {
    switch (reply.type) {
      case "ready":
        this.ready = true;
        break;
      case "bytes":
        this.unanswered--;
        this.output.push(reply.bytes);
        break;
      case "end":
        this.unanswered--;
        this.output.push(reply.bytes);
        this.ended = { rewrite: reply.rewrite };
        break;
      case "error":
        this.fail(reply.name === "RangeError" ? new RangeError(reply.message) : new EncodingError(this.format, reply.message));
        return;
    }
    this.wake?.();
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    void this.worker.terminate();
    this.wake?.();
  }

  /** Resolves once `condition` holds; rejects with the thread's failure, if it has one. */
  private async until(condition: () => boolean): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      if (condition()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private take(): Uint8Array {
    return wholeFile(this.output.splice(0), undefined);
  }
}
