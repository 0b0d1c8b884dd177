import { availableParallelism } from "node:os";
import { shownUrl } from "../service/shownUrl.js";
import { FontLibrary } from "../service/FontLibrary.js";
import { HttpService } from "../service/HttpService.js";
import { importQueueModule } from "../service/importQueueModule.js";
import type { JobService } from "../service/JobService.js";
import { LocalJobs } from "../service/LocalJobs.js";
import { Metrics } from "../service/Metrics.js";
import { RenderPool } from "../service/RenderPool.js";
import type { ServeArguments } from "./commandLine.js";
import { requireBackend, resolvedBackend } from "./requireBackend.js";
import { stopSignal } from "./stopSignal.js";

/**
 * `meltysynth serve`: opens the fonts, starts the render threads (or connects to the Redis
 * queue, whose client is loaded only then), listens, and on SIGTERM or Ctrl-C stops taking
 * requests, lets the renders under way finish and returns.
 */
export async function serveCommand(args: ServeArguments): Promise<void> {
  const log = (line: string): void => void process.stderr.write(`meltysynth serve: ${line}\n`);
  if (args.queue === undefined) requireBackend(args.backend);
  const fonts = FontLibrary.load(args.fonts);
  const threads = args.concurrency ?? availableParallelism();
  const metrics = new Metrics();
  let jobs: JobService;
  if (args.queue === undefined) {
    const pool = new RenderPool(fonts, threads, args.backend, (error) => log(`a render thread failed: ${error.message}`));
    jobs = new LocalJobs(pool, args.limits, metrics);
  } else {
    const { QueueJobs } = await importQueueModule(() => import("../service/QueueJobs.js"));
    jobs = await QueueJobs.connect(args.queue, args.limits, metrics, log);
  }
  const token = args.token ?? (process.env.MELTYSYNTH_TOKEN || undefined);
  const service = new HttpService({ fonts, jobs, limits: args.limits, metrics, token, log });
  let address;
  try {
    address = await service.listen(args.port, args.host);
  } catch (error) {
    await jobs.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`port ${args.port} of ${args.host} is in use: choose another with --port`);
    if (code === "EADDRNOTAVAIL") throw new Error(`${args.host} is not an address of this machine (--host)`);
    throw error;
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const renders =
    args.queue === undefined
      ? `${threads} render thread${threads === 1 ? "" : "s"} on the ${resolvedBackend(args.backend)} backend`
      : `jobs on the queue at ${shownUrl(args.queue)}`;
  log(`listening on http://${host}:${address.port} with ${fonts.names.join(", ")}; ${renders}`);
  if (token === undefined && !["127.0.0.1", "::1", "localhost"].includes(args.host)) {
    log("warning: reachable from other machines and no --token: anyone who reaches it can render");
  }
  const signal = await stopSignal(() => {
    log("stopping now");
    process.exit(1);
  });
  log(`${signal}: finishing the renders under way`);
  await service.close();
  log("stopped");
}
