/**
 * The body of a render thread of {@link RenderPool}: it opens every font of the library once,
 * when the thread starts, and renders one task at a time into a whole file's bytes. It imports
 * the Node entry, so that the native addon loads in this thread too.
 */
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import { SoundFont } from "../io/index.js";
import { renderToBytes } from "./renderToBytes.js";
import { RequestError } from "./RequestError.js";
import type { RenderOutcome, RenderTask, RenderThreadData } from "./RenderTask.js";

const progressInterval = 100; // milliseconds

const data = workerData as RenderThreadData;
const fonts = new Map<string, SoundFont>(data.fonts.map(({ name, path }) => [name, SoundFont.fromFile(path)]));

export default async function render(task: RenderTask): Promise<RenderOutcome> {
  const started = performance.now();
  const soundFont = fonts.get(task.font);
  if (soundFont === undefined) return { ok: false, status: 400, message: `font: this service has no font '${task.font}'` };
  // The first message tells a job's owner that its render has left the queue.
  task.progress?.postMessage(0);
  let lastReport = started;
  try {
    const { audio, frames, sampleRate } = await renderToBytes(task.midi, soundFont, { ...task.options, backend: data.backend }, {
      maxRenderSeconds: task.maxRenderSeconds,
      onProgress: (fraction) => {
        const now = performance.now();
        if (task.progress !== undefined && now - lastReport >= progressInterval) {
          lastReport = now;
          task.progress.postMessage(fraction);
        }
      },
    });
    const outcome: RenderOutcome = { ok: true, audio, frames, sampleRate, renderSeconds: (performance.now() - started) / 1000 };
    // The audio's buffer moves to the main thread instead of being copied.
    return move({ [transferableSymbol]: audio.buffer, [valueSymbol]: outcome } as never) as unknown as RenderOutcome;
  } catch (error) {
    if (error instanceof RequestError) return { ok: false, status: error.status, message: error.message };
    throw error;
  } finally {
    task.progress?.close();
  }
}
