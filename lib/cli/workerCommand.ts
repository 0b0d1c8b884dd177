import { availableParallelism } from "node:os";
import { shownUrl } from "../service/shownUrl.js";
import { FontLibrary } from "../service/FontLibrary.js";
import { importQueueModule } from "../service/importQueueModule.js";
import type { WorkerArguments } from "./commandLine.js";
import { requireBackend, resolvedBackend } from "./requireBackend.js";
import { stopSignal } from "./stopSignal.js";

/**
 * `meltysynth worker`: opens the fonts, takes jobs from the Redis queue until SIGTERM or Ctrl-C,
 * then lets the running jobs finish; a second signal exits at once, and the jobs it held go to
 * other workers when their locks expire.
 */
export async function workerCommand(args: WorkerArguments): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`meltysynth worker: ${line}\n`);
  requireBackend(args.backend);
  const fonts = FontLibrary.load(args.fonts);
  const concurrency = args.concurrency ?? availableParallelism();
  const { QueueWorker } = await importQueueModule(() => import("../service/QueueWorker.js"));
  const worker = await QueueWorker.start(args.queue, fonts, concurrency, args.backend, log);
  const threads = `${concurrency} render thread${concurrency === 1 ? "" : "s"} on the ${resolvedBackend(args.backend)} backend`;
  log(`taking jobs from ${shownUrl(args.queue)} with ${threads} and ${fonts.names.join(", ")}`);
  const signal = await stopSignal(() => {
    log("stopping now: the running jobs go back to the queue when their locks expire");
    process.exit(1);
  });
  log(`${signal}: finishing the running jobs`);
  await worker.close();
  log("stopped");
}
