/**
 * The body of a render thread of {@link RenderPool}: it opens every font of the library once,
 * when the thread starts, and renders one task at a time into a whole file's bytes. It imports
 * the Node entry, so that the native addon loads in this thread too.
 */
import { move, transferableSymbol, valueSymbol, workerData } from "piscina";
import { combineSoundFonts, SoundFont } from "../io/index.js";
import { readFontStack } from "./fontStack.js";
import { renderToBytes } from "./renderToBytes.js";
import { RequestError } from "./RequestError.js";
import type { RenderOutcome, RenderTask, RenderThreadData } from "./RenderTask.js";

const progressInterval = 100; // milliseconds

const data = workerData as RenderThreadData;
const fonts = new Map<string, SoundFont>(data.fonts.map(({ name, path }) => [name, SoundFont.fromFile(path)]));
// Stacks of fonts, combined when first asked for; a few are kept, as each holds a copy of samples.
const stacks = new Map<string, SoundFont>();
const keptStacks = 4;

/** The font a request names, or the fonts of its stack combined into one. */
function fontOf(font: string): SoundFont | undefined {
  const single = fonts.get(font);
  if (single !== undefined) return single;
  let combined = stacks.get(font);
  if (combined === undefined) {
    const stack = readFontStack(font);
    if (stack === undefined || stack.some(({ name }) => !fonts.has(name))) return undefined;
    combined = combineSoundFonts(stack.map(({ name, bankOffset }) => ({ soundFont: fonts.get(name)!, bankOffset })));
    if (stacks.size === keptStacks) stacks.delete(stacks.keys().next().value!);
  } else {
    stacks.delete(font);
  }
  stacks.set(font, combined);
  return combined;
}

export default async function render(task: RenderTask): Promise<RenderOutcome> {
  const started = performance.now();
  let soundFont: SoundFont | undefined;
  try {
    soundFont = fontOf(task.font);
  } catch (error) {
    // An offset that takes a font's banks out of range: named by the font, not its place.
    const names = readFontStack(task.font)?.map(({ name }) => name) ?? [];
    return { ok: false, status: 400, message: `font: ${(error as Error).message.replace(/^entry (\d+)/, (_, i: string) => names[Number(i)])}` };
  }
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
