import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis, redisOptions } from "./connectRedis.js";
import { errorLog } from "./errorLog.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";
import type { FontLibrary } from "./FontLibrary.js";
import { audioKey, failureReason, queueName, readFailureReason, type QueueJobData, type QueueJobResult } from "./QueueJob.js";
import { RenderPool } from "./RenderPool.js";
import { RequestError } from "./RequestError.js";

/**
 * A job's lock lasts this long unless its worker renews it (every half of it, from a thread the
 * renders leave free); a worker that dies leaves its job locked for at most this long.
 */
const lockDuration = 10_000;
/** How often each worker looks for jobs whose lock has gone, to put them back on the queue. */
const stalledInterval = 5_000;
/** A job whose worker died more often than this is failed rather than tried again: it may be what kills them. */
const maxStalledCount = 2;
/** Least milliseconds between two progress reports of a job to Redis. */
const progressInterval = 500;

/** What a worker tells its operator: jobs started, finished and failed, and connection trouble. */
export type WorkerLog = (line: string) => void;

/**
 * Takes render jobs from the BullMQ queue and renders them on a {@link RenderPool}, as many at
 * once as it has threads. A job's audio goes to Redis under {@link audioKey} (with its time to
 * live) before the job completes. A job that fails for a reason in its input (a refusal of the
 * render, an audio larger than the result cap) fails at once, without retries; a job whose worker
 * dies stays locked until its lock expires, then another worker takes it again (BullMQ's stalled
 * jobs). Only the worker holding a job's lock can complete it, so each job completes once.
 */
export class QueueWorker {
  private constructor(
    private readonly worker: Worker<QueueJobData, QueueJobResult>,
    private readonly pool: RenderPool,
    private readonly redis: Redis,
  ) {}

  /**
   * Starts taking jobs, rendering them on `backend`.
   * @throws RedisConnectionError when Redis does not answer.
   */
  static async start(url: string, fonts: FontLibrary, concurrency: number, backend: BackendChoice, log: WorkerLog): Promise<QueueWorker> {
    const redis = await connectRedis(url);
    const pool = new RenderPool(fonts, concurrency, backend, (error) => log(`a render thread failed: ${error.message}`));
    const process = async (job: Job<QueueJobData, QueueJobResult>): Promise<QueueJobResult> => {
      log(`job ${job.id} started${job.attemptsMade > 0 || job.stalledCounter > 0 ? ` again (${job.attemptsMade} failed attempts, ${job.stalledCounter} stalls)` : ""}`);
      return render(job, fonts, pool, redis);
    };
    const worker = new Worker<QueueJobData, QueueJobResult>(queueName, process, {
      connection: redisOptions(url),
      concurrency,
      lockDuration,
      stalledInterval,
      maxStalledCount,
    });
    worker.on("error", errorLog(log, "queue"));
    worker.on("completed", (job, result) => {
      log(`job ${job.id} done: ${result.audioSeconds.toFixed(1)} s of audio in ${result.renderSeconds.toFixed(2)} s`);
    });
    worker.on("failed", (job, error) => {
      const { status, message } = readFailureReason(error.message);
      log(`job ${job?.id} failed (${status}): ${message}`);
    });
    await worker.waitUntilReady();
    return new QueueWorker(worker, pool, redis);
  }

  /**
   * Stops taking jobs and lets the running ones finish, or with `force` abandons them: their
   * locks expire and other workers take them again.
   */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
    if (force) await this.pool.close().catch(() => undefined);
    else await this.pool.close();
    this.redis.disconnect();
  }
}

async function render(job: Job<QueueJobData, QueueJobResult>, fonts: FontLibrary, pool: RenderPool, redis: Redis): Promise<QueueJobResult> {
  const data = job.data;
  const id = job.id as string;
  let lastReport = 0;
  try {
    const font = fonts.resolve(data.font);
    const midi = Buffer.from(data.midi, "base64");
    const request = { font, midi, options: { ...data.options, format: data.options.format ?? "s16" } };
    const result = await pool.render(request, data.maxRenderSeconds, (fraction) => {
      const now = Date.now();
      if (now - lastReport >= progressInterval) {
        lastReport = now;
        job.updateProgress(fraction).catch(() => undefined);
      }
    });
    if (result.audio.length > data.maxResultBytes) {
      throw new RequestError(
        422,
        `the audio is ${result.audio.length} bytes, more than the ${data.maxResultBytes} bytes a queue result may hold (--max-result-bytes)`,
      );
    }
    const audio = Buffer.from(result.audio.buffer, result.audio.byteOffset, result.audio.byteLength);
    await redis.set(audioKey(id), audio, "PX", data.resultTtlSeconds * 1000);
    return { mediaType: result.mediaType, bytes: audio.length, audioSeconds: result.audioSeconds, renderSeconds: result.renderSeconds };
  } catch (error) {
    // A refusal would be the same on any worker and at any attempt.
    if (error instanceof RequestError) throw new UnrecoverableError(failureReason(error.status, error.message));
    throw error;
  }
}
