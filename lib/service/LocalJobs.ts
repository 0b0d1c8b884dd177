import { randomUUID } from "node:crypto";
import { unfinishedJob, unknownJob, type JobAudio, type JobService, type JobState, type JobStatus } from "./JobService.js";
import type { Metrics } from "./Metrics.js";
import type { RenderPool, RenderResult } from "./RenderPool.js";
import type { RenderRequest } from "./RenderRequest.js";
import { RequestError } from "./RequestError.js";
import type { ServiceLimits } from "./ServiceLimits.js";

interface LocalJob {
  state: JobState;
  progress: number;
  result?: RenderResult;
  error?: RequestError;
}

/**
 * Jobs rendered in this process, on a {@link RenderPool}, and kept in memory: a finished job's
 * status and audio stay for the result time-to-live, then are forgotten. They do not outlive the
 * process.
 */
export class LocalJobs implements JobService {
  readonly mode = "local";
  private readonly jobs = new Map<string, LocalJob>();
  private stopping = false;

  constructor(
    private readonly pool: RenderPool,
    private readonly limits: ServiceLimits,
    private readonly metrics: Metrics,
  ) {}

  render(request: RenderRequest, onProgress?: (fraction: number) => void): Promise<RenderResult> {
    return this.pool.render(request, this.limits.maxRenderSeconds, onProgress).then(
      (result) => {
        this.metrics.rendered(result.renderSeconds, result.audioSeconds);
        return result;
      },
      (error: unknown) => {
        this.metrics.renderFailed();
        throw error;
      },
    );
  }

  async submit(request: RenderRequest): Promise<string> {
    const id = randomUUID();
    const job: LocalJob = { state: "queued", progress: 0 };
    this.jobs.set(id, job);
    this.render(request, (fraction) => {
      job.state = "running";
      job.progress = fraction;
    }).then(
      (result) => Object.assign(job, { state: "done", progress: 1, result }),
      (error: unknown) =>
        Object.assign(job, {
          state: "failed",
          error: error instanceof RequestError ? error : new RequestError(500, `the render failed: ${(error as Error).message}`),
        }),
    ).finally(() => setTimeout(() => this.jobs.delete(id), this.limits.resultTtlSeconds * 1000).unref());
    return id;
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const job = this.jobs.get(id);
    if (job === undefined) return undefined;
    const status: JobStatus = { id, state: job.state, progress: job.progress };
    if (job.result !== undefined) {
      Object.assign(status, { bytes: job.result.audio.length, audioSeconds: job.result.audioSeconds, renderSeconds: job.result.renderSeconds });
    }
    if (job.error !== undefined) Object.assign(status, { error: job.error.message, status: job.error.status });
    return status;
  }

  async audio(id: string): Promise<JobAudio> {
    const job = this.jobs.get(id);
    if (job === undefined) throw unknownJob(id, this.limits.resultTtlSeconds);
    if (job.error !== undefined) throw job.error;
    if (job.result === undefined) throw unfinishedJob({ id, state: job.state, progress: job.progress });
    return { audio: job.result.audio, mediaType: job.result.mediaType };
  }

  async queued(): Promise<number> {
    return this.pool.waiting;
  }

  async running(): Promise<number> {
    return this.pool.pendingCount - this.pool.waiting;
  }

  async healthy(): Promise<boolean> {
    return !this.stopping;
  }

  async close(): Promise<void> {
    this.stopping = true;
    await this.pool.close();
  }
}
