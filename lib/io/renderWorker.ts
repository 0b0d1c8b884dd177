/**
 * The body of a worker thread started by {@link renderFiles}: it renders the jobs the main
 * thread sends, one at a time, and reports progress and results. It imports the Node entry, so
 * that the native addon loads in this thread too.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { builtinSoundFont } from "../builtin/builtinSoundFont.js";
import { MidiFile, SoundFont } from "./index.js";
import type { JobMessage, RenderJob, RenderResult, WorkerMessage } from "./RenderJob.js";
import { SongRender } from "./SongRender.js";
import { wavHeader } from "./WavHeader.js";

const chunkFrames = 16384;
const progressInterval = 100; // milliseconds
const fonts = new Map<string, SoundFont>();

function soundFontOf(source: RenderJob["soundFont"]): SoundFont {
  if (source === undefined) {
    return builtinSoundFont();
  }
  if (typeof source !== "string") {
    return new SoundFont(source);
  }
  let font = fonts.get(source);
  if (font === undefined) {
    font = SoundFont.fromFile(source);
    fonts.set(source, font);
  }
  return font;
}

/** An SF3 sample that cannot be decoded is a warning for the job whose note needed it. */
function reportDecodeErrors(font: SoundFont, index: number, post: (message: WorkerMessage) => void): void {
  font.onDecodeError = (error) => post({ type: "warning", index, message: `${error.message}; notes that need it are skipped` });
}

function render(index: number, job: RenderJob, post: (message: WorkerMessage) => void): RenderResult {
  const start = performance.now();
  const midi = typeof job.midi === "string" ? MidiFile.fromFile(job.midi) : new MidiFile(job.midi);
  const font = soundFontOf(job.soundFont);
  reportDecodeErrors(font, index, post);
  const song = new SongRender(midi, font, job);
  const header = wavHeader(song.format, song.sampleRate, song.totalFrames);

  // Straight into the result's buffer, or chunk by chunk to the file.
  const wav = job.out === undefined ? new Uint8Array(header.length + song.totalBytes) : undefined;
  const fd = job.out === undefined ? -1 : openSync(job.out, "w");
  let offset = 0;
  const write = (bytes: Uint8Array): void => {
    if (wav !== undefined) wav.set(bytes, offset);
    else writeSync(fd, bytes);
    offset += bytes.length;
  };
  try {
    write(header);
    let lastReport = start;
    while (!song.done) {
      write(song.renderChunk(chunkFrames));
      const now = performance.now();
      if (now - lastReport >= progressInterval || song.done) {
        lastReport = now;
        post({ type: "progress", index, framesRendered: song.framesRendered, totalFrames: song.totalFrames });
      }
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return {
    out: job.out,
    wav,
    frames: song.totalFrames,
    sampleRate: song.sampleRate,
    backend: song.backend,
    elapsed: (performance.now() - start) / 1000,
  };
}

const port = parentPort;
if (port !== null) {
  port.on("message", ({ index, job }: JobMessage) => {
    const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
    try {
      const result = render(index, job, post);
      post({ type: "done", index, result }, result.wav ? [result.wav.buffer as ArrayBuffer] : []);
    } catch (error) {
      post({ type: "error", index, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
