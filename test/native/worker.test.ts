// The addon in worker_threads: each thread loads its own instance (Napi::Addon instance data)
// and renders the same bits as the main thread, several threads at once.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { loadTestAddon, root } from "./fixtures.js";
// @ts-expect-error: plain JavaScript module without types, shared with the workers.
import { renderWithAddon } from "./workerRender.mjs";

const { addon, reason } = loadTestAddon();
const require = createRequire(import.meta.url);

function addonPath(): string {
  return process.env.MELTYSYNTH_NATIVE_ADDON ?? (require("node-gyp-build") as { path(dir: string): string }).path(root);
}

function runWorker(seed: number, blocks: number): Promise<{ instructionSet: string; outputs: number[][] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./workerRender.mjs", import.meta.url), {
      workerData: { addonPath: addonPath(), seed, blocks },
    });
    worker.once("message", (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe.skipIf(addon === null)(`native addon in worker_threads ${reason}`, () => {
  it("renders in several workers at once, matching the main thread", async () => {
    const expected = renderWithAddon(addon, 7, 40) as number[][];
    expect(expected[0].some((x) => x !== 0)).toBe(true);
    const results = await Promise.all([runWorker(7, 40), runWorker(7, 40), runWorker(7, 40)]);
    for (const result of results) {
      expect(result.instructionSet).toBe(addon!.instructionSet());
      expect(result.outputs).toEqual(expected);
    }
  });

  it("survives workers that exit while their renderers are alive", async () => {
    for (let i = 0; i < 3; i++) await runWorker(i + 1, 5);
    // The main thread's instance is unaffected.
    expect((renderWithAddon(addon, 9, 3) as number[][])[0].length).toBe(3 * 64);
  });
});
