/**
 * The body of a worker thread started by {@link renderFiles}: it renders the jobs the main
 * thread sends, one at a time, and reports progress and results. It imports the Node entry, so
 * that the native addon loads in this thread too.
 */
import { parentPort } from "node:worker_threads";
import { builtinSoundFont } from "../builtin/builtinSoundFont.js";
import { combineSoundFonts, MidiFile, SoundFont } from "./index.js";
import type { JobMessage, RenderJob, RenderResult, WorkerMessage } from "./RenderJob.js";
import { renderToFile } from "./renderToFile.js";
import { renderWav } from "./renderToWav.js";

const progressInterval = 100; // milliseconds
const fonts = new Map<string, SoundFont>();

function soundFontOf(source: RenderJob["soundFont"]): SoundFont {
  if (source === undefined) {
    return builtinSoundFont();
  }
  if (Array.isArray(source)) {
    const key = JSON.stringify(source);
    let stack = fonts.get(key);
    if (stack === undefined) {
      stack = combineSoundFonts(source.map(({ file, bankOffset }) => ({ soundFont: soundFontOf(file), bankOffset })));
      fonts.set(key, stack);
    }
    return stack;
  }
  if (typeof source !== "string") {
    return new SoundFont(source as Uint8Array);
  }
  let font = fonts.get(source);
  if (font === undefined) {
    try {
      font = SoundFont.fromFile(source);
    } catch (error) {
      // Named after the SoundFont, so that the pool does not blame the song.
      const e = error as Error & { path?: string };
      throw Object.assign(new Error(e.path === source ? e.message : `${source}: ${e.message}`, { cause: e }), { name: e.name, path: source });
    }
    fonts.set(source, font);
  }
  return font;
}

/** An SF3 sample that cannot be decoded is a warning for the job whose note needed it. */
function reportDecodeErrors(font: SoundFont, index: number, post: (message: WorkerMessage) => void): void {
  font.onDecodeError = (error) => post({ type: "warning", index, message: `${error.message}; notes that need it are skipped` });
}

async function render(index: number, job: RenderJob, post: (message: WorkerMessage) => void): Promise<RenderResult> {
  const start = performance.now();
  const { midi: midiSource, soundFont: fontSource, out, ...options } = job;
  const midi = typeof midiSource === "string" ? MidiFile.fromFile(midiSource) : new MidiFile(midiSource);
  const soundFont = soundFontOf(fontSource);
  reportDecodeErrors(soundFont, index, post);
  if (out === undefined) {
    const { wav, render } = renderWav(midi, soundFont, options);
    post({ type: "progress", index, framesRendered: render.framesRendered, totalFrames: render.framesRendered });
    return {
      wav,
      format: render.format,
      frames: render.framesRendered,
      sampleRate: render.sampleRate,
      channels: render.channels,
      backend: render.backend,
      elapsed: (performance.now() - start) / 1000,
      peak: render.peak,
      clippedSamples: render.clippedSamples,
    };
  }
  let lastReport = start;
  const summary = await renderToFile(midi, soundFont, out, options, {
    onProgress: (framesRendered, totalFrames) => {
      const now = performance.now();
      if (now - lastReport >= progressInterval) {
        lastReport = now;
        post({ type: "progress", index, framesRendered, totalFrames });
      }
    },
  });
  post({ type: "progress", index, framesRendered: summary.frames, totalFrames: summary.frames });
  return {
    out,
    format: summary.format,
    frames: summary.frames,
    sampleRate: summary.sampleRate,
    channels: summary.channels,
    backend: summary.backend,
    elapsed: (performance.now() - start) / 1000,
    peak: summary.peak,
    clippedSamples: summary.clippedSamples,
  };
}

const port = parentPort;
if (port !== null) {
  // One job at a time: the next message waits until this one is answered.
  let queue = Promise.resolve();
  port.on("message", ({ index, job }: JobMessage) => {
    const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
    queue = queue.then(async () => {
      try {
        const result = await render(index, job, post);
        post({ type: "done", index, result }, result.wav ? [result.wav.buffer as ArrayBuffer] : []);
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        post({ type: "error", index, message: e.message, name: e.name, path: (e as { path?: string }).path });
      }
    });
  });
}
