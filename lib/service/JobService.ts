import type { RenderPool, RenderResult } from "./RenderPool.js";
import type { RenderRequest } from "./RenderRequest.js";
import { RequestError } from "./RequestError.js";

/** Where a job is: waiting for a thread or a worker, rendering, or finished one way or the other. */
export type JobState = "queued" | "running" | "done" | "failed";

/** What `GET /jobs/:id` answers. */
export interface JobStatus {
  id: string;
  state: JobState;
  /** The fraction rendered, 0 to 1. */
  progress: number;
  /** Once done: the audio's size in bytes, its length and how long it took to render. */
  bytes?: number;
  audioSeconds?: number;
  renderSeconds?: number;
  /** Once failed: why, and the HTTP status that `GET /jobs/:id/audio` answers with. */
  error?: string;
  status?: number;
}

/** A job's audio, as `GET /jobs/:id/audio` sends it. */
export interface JobAudio {
  audio: Uint8Array;
  mediaType: string;
}

/**
 * Where renders run and jobs are kept: in this process ({@link LocalJobs}, a {@link RenderPool})
 * or on a Redis queue that worker processes take from ({@link QueueJobs}). The HTTP service
 * speaks to either through this.
 */
export interface JobService {
  readonly mode: "local" | "queue";
  /**
   * Renders a request and waits for its audio (`POST /render`).
   * @throws RequestError for a render its input or a limit stops.
   */
  render(request: RenderRequest): Promise<RenderResult>;
  /** Queues a request as a job and answers its id at once (`POST /jobs`). */
  submit(request: RenderRequest): Promise<string>;
  /** A job's state, or undefined for an unknown or expired job. */
  status(id: string): Promise<JobStatus | undefined>;
  /**
   * A finished job's audio.
   * @throws RequestError: 404 for an unknown or expired job, 409 for one not finished, the
   * job's own status for a failed one.
   */
  audio(id: string): Promise<JobAudio>;
  /** Renders waiting for a thread or a worker: what the queue limit counts. */
  queued(): Promise<number>;
  /** Renders running now. */
  running(): Promise<number>;
  /** Whether renders can be taken: the queue reachable, the service not stopping. */
  healthy(): Promise<boolean>;
  /** Lets what runs and waits finish (local) or leaves it to the workers (queue), then lets go. */
  close(): Promise<void>;
}

/** The 404 for a job the service does not know, or no longer. */
export function unknownJob(id: string, resultTtlSeconds: number): RequestError {
  return new RequestError(404, `no job '${id}' (unknown, or expired ${resultTtlSeconds} s after it finished)`);
}

/** The 409 for the audio of a job that is not done yet. */
export function unfinishedJob(status: JobStatus): RequestError {
  return new RequestError(409, `job '${status.id}' is ${status.state} (${Math.round(status.progress * 100)}% rendered)`);
}
