import { createRequire } from "node:module";
import { MissingQueuePackageError } from "./MissingQueuePackageError.js";

/**
 * bullmq and ioredis are optional peer dependencies: a library user who never runs the queue
 * does not install them (nor the packages they pull in). The queue's modules are imported only
 * when asked for, through this, which turns a missing package into an error naming it and the
 * command that installs the versions package.json accepts.
 */
export async function importQueueModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" ? /Cannot find package '([^']+)'/.exec(String(error)) : null;
    const peers = queuePeers();
    if (missing === null || !(missing[1] in peers)) throw error;
    const install = `npm install ${Object.entries(peers)
      .map(([name, range]) => `${name}@${range}`)
      .join(" ")}`;
    throw new MissingQueuePackageError(missing[1], install, { cause: error });
  }
}

// The package's own package.json: two folders up from lib/service/ and from dist/service/.
function queuePeers(): Record<string, string> {
  const manifest = createRequire(import.meta.url)("../../package.json") as { peerDependencies?: Record<string, string> };
  return manifest.peerDependencies ?? {};
}
