import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { SynthesizerSettings } from "../synth/SynthesizerSettings.js";
import { checkOptionNames } from "./checkOptionNames.js";
import { jobFieldNames, type JobMessage, type RenderJob, type RenderResult, type WorkerMessage } from "./RenderJob.js";
import { renderOptionNames } from "./SongRender.js";

/** How {@link renderFiles} runs its jobs. */
export interface RenderFilesOptions {
  /** Jobs rendered at once, each in its own worker thread. Default: one per CPU core. */
  concurrency?: number;
  /** Called as each job progresses (about ten times a second per job, and when it ends). */
  onProgress?: (job: number, framesRendered: number, totalFrames: number) => void;
  /**
   * Called when a job meets an SF3 sample that cannot be decoded (its notes are skipped and the
   * job goes on). Default: `process.emitWarning`.
   */
  onWarning?: (job: number, message: string) => void;
}

const workerUrl = new URL("./renderWorker.js", import.meta.url);

/**
 * Renders many songs in parallel, in worker threads, to WAV files or WAV bytes. Each worker
 * takes the next job as soon as it finishes one and reads each SoundFont path once, so a batch
 * of songs with one SoundFont loads it once per worker. Every job renders exactly as
 * {@link renderToWav} would render it alone.
 *
 * @example
 * ```ts
 * const results = await renderFiles(
 *   songs.map((song) => ({ midi: song, soundFont: "font.sf2", out: song.replace(/\.mid$/, ".wav") })),
 *   { concurrency: 4 },
 * );
 * ```
 * @returns The results in the order of the jobs.
 * @throws (rejects) an Error naming the job's song when a job fails; the other workers stop.
 */
export async function renderFiles(jobs: readonly RenderJob[], options: RenderFilesOptions = {}): Promise<RenderResult[]> {
  const concurrency = options.concurrency ?? availableParallelism();
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  for (const job of jobs) {
    checkOptionNames(job, [...jobFieldNames, ...SynthesizerSettings.optionNames, ...renderOptionNames], "render job");
  }
  const results = new Array<RenderResult>(jobs.length);
  if (jobs.length === 0) {
    return results;
  }

  const workers = Array.from({ length: Math.min(concurrency, jobs.length) }, () => new Worker(workerUrl));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      const dispatch = (worker: Worker): void => {
        if (next < jobs.length) {
          const message: JobMessage = { index: next, job: jobs[next] };
          next++;
          worker.postMessage(message);
        }
      };
      for (const worker of workers) {
        worker.on("message", (message: WorkerMessage) => {
          switch (message.type) {
            case "progress":
              options.onProgress?.(message.index, message.framesRendered, message.totalFrames);
              break;
            case "warning":
              if (options.onWarning !== undefined) options.onWarning(message.index, message.message);
              else process.emitWarning(`${describe(jobs[message.index], message.index)}: ${message.message}`);
              break;
            case "done":
              results[message.index] = message.result;
              if (++finished === jobs.length) resolve();
              else dispatch(worker);
              break;
            case "error":
              reject(jobError(message, jobs[message.index]));
              break;
          }
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (finished < jobs.length) reject(new Error(`a render worker stopped early (exit code ${code})`));
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * A failed job as an Error naming what failed: the output file or the SoundFont when the
 * message is about a file other than the song (it starts with that file's path), else the song.
 */
function jobError(message: Extract<WorkerMessage, { type: "error" }>, job: RenderJob): Error {
  const song = describe(job, message.index);
  const aboutAnotherFile = message.path !== undefined && message.path !== job.midi;
  const error = new Error(aboutAnotherFile ? `${message.message} (rendering ${song})` : `${song}: ${message.message}`);
  error.name = message.name;
  return error;
}

function describe(job: RenderJob, index: number): string {
  return typeof job.midi === "string" ? job.midi : `job ${index}`;
}
