import { randomUUID } from "node:crypto";
import { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis, redisOptions } from "./connectRedis.js";
import { errorLog } from "./errorLog.js";
import { unfinishedJob, unknownJob, type JobAudio, type JobService, type JobStatus } from "./JobService.js";
import type { Metrics } from "./Metrics.js";
import { audioKey, queueName, readFailureReason, type QueueJobData, type QueueJobResult } from "./QueueJob.js";
import type { RenderResult } from "./RenderPool.js";
import type { RenderRequest } from "./RenderRequest.js";
import { RequestError } from "./RequestError.js";
import type { ServiceLimits } from "./ServiceLimits.js";

/** How often a waiting request looks at its job, in case an event was missed (Redis restarted meanwhile). */
const pollInterval = 2000;
/** Attempts of a job whose render fails for a reason not in its input (a worker's Redis write, say). */
const attempts = 3;

/**
 * Jobs on a BullMQ queue in Redis, rendered by `meltysynth worker` processes on any number of
 * machines. The server puts each request on the queue and follows it through the queue's events
 * (and a slow poll, which survives a Redis restart); the audio comes back through Redis, under
 * {@link audioKey}, for the result time-to-live.
 */
export class QueueJobs implements JobService {
  readonly mode = "queue";
  private readonly wakers = new Map<string, Set<() => void>>();
  private stopping = false;

  private constructor(
    private readonly queue: Queue<QueueJobData, QueueJobResult>,
    private readonly events: QueueEvents,
    private readonly redis: Redis,
    private readonly limits: ServiceLimits,
    metrics: Metrics,
  ) {
    events.on("completed", ({ jobId, returnvalue }) => {
      const result = returnvalue as unknown as QueueJobResult;
      metrics.rendered(result.renderSeconds, result.audioSeconds);
      this.wake(jobId);
    });
    events.on("failed", ({ jobId }) => {
      metrics.renderFailed();
      this.wake(jobId);
    });
  }

  /**
   * Connects to the queue at `url`.
   * @throws RedisConnectionError when Redis does not answer.
   */
  static async connect(url: string, limits: ServiceLimits, metrics: Metrics, log: (line: string) => void): Promise<QueueJobs> {
    const redis = await connectRedis(url);
    const queue = new Queue<QueueJobData, QueueJobResult>(queueName, { connection: redisOptions(url) });
    const events = new QueueEvents(queueName, { connection: redisOptions(url) });
    const onError = errorLog(log, "queue");
    queue.on("error", onError);
    events.on("error", onError);
    return new QueueJobs(queue, events, redis, limits, metrics);
  }

  async render(request: RenderRequest): Promise<RenderResult> {
    const id = await this.submit(request);
    const job = await this.finished(id);
    if (job.failedReason) {
      const { status, message } = readFailureReason(job.failedReason);
      throw new RequestError(status, message);
    }
    const audio = await this.redis.getBuffer(audioKey(id));
    if (audio === null) throw new RequestError(500, `the audio of job '${id}' is missing from Redis`);
    // Nobody else asks for the audio of a render answered here.
    await this.redis.del(audioKey(id));
    const { mediaType, audioSeconds, renderSeconds } = job.returnvalue;
    return { audio, mediaType, audioSeconds, renderSeconds };
  }

  async submit(request: RenderRequest): Promise<string> {
    const id = randomUUID();
    const data: QueueJobData = {
      font: request.font,
      midi: Buffer.from(request.midi.buffer, request.midi.byteOffset, request.midi.byteLength).toString("base64"),
      options: request.options,
      maxRenderSeconds: this.limits.maxRenderSeconds,
      maxResultBytes: this.limits.maxResultBytes,
      resultTtlSeconds: this.limits.resultTtlSeconds,
    };
    await this.queue.add("render", data, {
      jobId: id,
      attempts,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: this.limits.resultTtlSeconds },
      removeOnFail: { age: this.limits.resultTtlSeconds },
    });
    return id;
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const read = await this.read(id);
    return read === undefined ? undefined : statusOf(id, read.job, read.state);
  }

  async audio(id: string): Promise<JobAudio> {
    const read = await this.read(id);
    if (read === undefined) throw unknownJob(id, this.limits.resultTtlSeconds);
    const { job, state } = read;
    const status = statusOf(id, job, state);
    if (status.state === "failed") throw new RequestError(status.status ?? 500, status.error ?? "the render failed");
    if (status.state !== "done") throw unfinishedJob(status);
    const audio = await this.redis.getBuffer(audioKey(id));
    if (audio === null) throw new RequestError(404, `the audio of job '${id}' has expired or was already sent`);
    return { audio, mediaType: job.returnvalue.mediaType };
  }

  queued(): Promise<number> {
    return this.queue.getJobCountByTypes("waiting", "delayed", "prioritized");
  }

  running(): Promise<number> {
    return this.queue.getActiveCount();
  }

  async healthy(): Promise<boolean> {
    if (this.stopping) return false;
    const pong = this.redis.ping().catch(() => undefined);
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1000).unref());
    return (await Promise.race([pong, timeout])) === "PONG";
  }

  /** Stops reading the queue: jobs on it stay there for the workers. */
  async close(): Promise<void> {
    this.stopping = true;
    await this.events.close();
    await this.queue.close();
    this.redis.disconnect();
  }

  /** Waits until a job has completed or failed for good. */
  private async finished(id: string): Promise<Job<QueueJobData, QueueJobResult>> {
    for (;;) {
      // Listening starts before the look, so that an event between the two is not missed.
      let wake = (): void => undefined;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const wakers = this.wakers.get(id) ?? new Set();
      this.wakers.set(id, wakers.add(wake));
      const timer = setTimeout(wake, pollInterval);
      try {
        const read = await this.read(id);
        if (read === undefined) throw new RequestError(500, `job '${id}' is no longer on the queue`);
        if (read.state === "completed" || read.state === "failed") return read.job;
        await woken;
      } finally {
        clearTimeout(timer);
        wakers.delete(wake);
        if (wakers.size === 0) this.wakers.delete(id);
      }
    }
  }

  /**
   * A job and its state, the state read first: a job read first and found completed a moment
   * later would be one whose result the read has not got.
   */
  private async read(id: string): Promise<{ job: Job<QueueJobData, QueueJobResult>; state: string } | undefined> {
    const state = await this.queue.getJobState(id);
    if (state === "unknown") return undefined;
    const job = await Job.fromId<QueueJobData, QueueJobResult>(this.queue, id);
    return job === undefined ? undefined : { job, state };
  }

  private wake(id: string): void {
    for (const wake of this.wakers.get(id) ?? []) wake();
  }
}

/** A job's state as the API tells it. */
function statusOf(id: string, job: Job<QueueJobData, QueueJobResult>, state: string): JobStatus {
  const progress = typeof job.progress === "number" ? job.progress : 0;
  switch (state) {
    case "completed": {
      const { bytes, audioSeconds, renderSeconds } = job.returnvalue;
      return { id, state: "done", progress: 1, bytes, audioSeconds, renderSeconds };
    }
    case "failed": {
      const { status, message } = readFailureReason(job.failedReason);
      return { id, state: "failed", progress, error: message, status };
    }
    case "active":
      return { id, state: "running", progress };
    default:
      return { id, state: "queued", progress };
  }
}
