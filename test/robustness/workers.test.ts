import path from "node:path";
import { Worker } from "node:worker_threads";
import { beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../lib/kernels/BlockRenderer.js";
import { writeSoundFont } from "../../lib/index.js";
import { hasFixtures, readFixture } from "../fixtures.js";
import { tinyModel } from "../soundfont/tinyModel.js";
import { distDir, ensureFreshDist } from "./dist.js";
import { generatedSong } from "./generatedSong.js";
import { fastestBackend } from "./loadBackends.js";
// @ts-expect-error: plain JavaScript shared with the workers, without types.
import { renderJob } from "./renderJob.mjs";

/**
 * Synthesizers in worker threads (native code when it has loaded, in each thread) render the
 * same bytes as one after another on the main thread, and a worker terminated in the middle of
 * a render leaves the process able to render correctly, on the main thread and in new workers.
 */

interface Job {
  font: Uint8Array;
  midi: Uint8Array;
  backend: Backend;
  seconds: number;
  sampleRate: number;
  blockSize: number;
  chunk: number;
  loop: boolean;
}
interface Result {
  backend: string;
  output: Float32Array;
}
type Lib = typeof import("../../lib/io/index.js");

const renderOnMainThread = renderJob as (lib: Lib, job: Job) => Result;
const workerUrl = new URL("./renderJob.mjs", import.meta.url);

function jobs(): Job[] {
  const common = { backend: fastestBackend, seconds: 5, sampleRate: 44100, blockSize: 64, chunk: 1000, loop: true } as const;
  if (!hasFixtures) {
    const font = writeSoundFont(tinyModel());
    const midi = generatedSong();
    return [
      { ...common, font, midi },
      { ...common, font, midi, sampleRate: 48000 },
      { ...common, font, midi, blockSize: 128, chunk: 777 },
      { ...common, font, midi, sampleRate: 22050, loop: false },
    ];
  }
  const font = readFixture("soundfonts", "TimGM6mb.sf2");
  const song = (name: string): Uint8Array => readFixture("midi", name);
  return [
    { ...common, font, midi: song("5432gone_redfarn.mid") },
    { ...common, font, midi: song("slow_neasy_redfarn.mid") },
    { ...common, font, midi: song("boogi_marabi_redfarn.mid"), blockSize: 128, chunk: 777 },
    { ...common, font, midi: song("slow_neasy_redfarn.mid"), sampleRate: 48000, loop: false },
  ];
}

function inWorker(job: Job): Promise<Result> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { job } });
    worker.once("message", (result: Result) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the worker exited with code ${code} before answering`)));
  });
}

/** Starts a worker that renders forever; resolves once it is `stage` ("started" or "rendering"). */
function endlessWorker(job: Job, stage: "started" | "rendering"): Promise<Worker> {
  const worker = new Worker(workerUrl, { workerData: { job, forever: true } });
  if (stage === "started") return Promise.resolve(worker);
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve(worker));
    worker.once("error", reject);
  });
}

function same(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe(`synthesizers in worker threads (${fastestBackend} backend${hasFixtures ? "" : "; code-built font and song, the shared fixtures being absent"})`, () => {
  let lib: Lib;
  let sequential: Result[];
  const work = jobs();

  beforeAll(async () => {
    ensureFreshDist();
    lib = (await import(path.join(distDir, "io", "index.js"))) as Lib;
    sequential = work.map((job) => renderOnMainThread(lib, job));
  });

  it("render in four threads at once exactly what one thread renders job after job", async () => {
    const parallel = await Promise.all(work.map((job) => inWorker(job)));
    parallel.forEach((result, i) => {
      expect(result.backend, `job ${i}`).toBe(fastestBackend);
      expect(sequential[i].output.some((x) => x !== 0), `job ${i} is not silent`).toBe(true);
      expect(same(result.output, sequential[i].output), `job ${i}`).toBe(true);
    });
  });

  it("leave the process healthy when terminated in the middle of a render", async () => {
    // While the worker is still loading the library and the addon, then while it renders.
    for (const [stage, delay] of [["started", 0], ["rendering", 0], ["rendering", 200], ["started", 30]] as const) {
      const worker = await endlessWorker(work[1], stage);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await worker.terminate();
    }
    // The main thread still renders correctly...
    expect(same(renderOnMainThread(lib, work[0]).output, sequential[0].output)).toBe(true);
    // ...and so do new workers.
    const again = await Promise.all([inWorker(work[0]), inWorker(work[2])]);
    expect(same(again[0].output, sequential[0].output)).toBe(true);
    expect(same(again[1].output, sequential[2].output)).toBe(true);
  });
});
