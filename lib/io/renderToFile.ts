import { describeValue } from "../soundfont/fileBytes.js";
import { closeSync, openSync, writeSync } from "node:fs";
import type { Backend } from "../kernels/BlockRenderer.js";
import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { startEncoder, type RenderEncoder } from "./EncoderThread.js";
import { formatForFile, type AudioFormat } from "./AudioFormat.js";
import { SongRender, type RenderLevels, type RenderOptions } from "./SongRender.js";

const chunkFrames = 16384;

/** What a render to a file produced. */
export interface RenderSummary extends RenderLevels {
  out: string;
  format: AudioFormat;
  /** Frames written (length in seconds: frames / sampleRate). */
  frames: number;
  sampleRate: number;
  channels: number;
  backend: Backend;
  /** Bytes written. */
  bytes: number;
}

/** The output file could not be opened or written; `path` names it. */
export class OutputFileError extends Error {
  readonly path: string;

  constructor(path: string, cause: unknown) {
    super(`${path}: cannot write the output: ${describeSystemError(cause)}`, { cause });
    this.name = "OutputFileError";
    this.path = path;
  }
}

/** How {@link renderToFile} runs. */
export interface RenderToFileControl {
  /**
   * Called after each chunk with the frames rendered so far and the most the render can produce
   * (its length, when known up front).
   */
  onProgress?: (framesRendered: number, totalFrames: number) => void;
}

/**
 * Renders a song into a file, in any format (by default the one its extension names: `.wav`,
 * `.flac`, `.mp3` or `.opus`), chunk by chunk (memory stays flat however long the song), and gives the
 * file its final header once the length is known. A compressed format is encoded in a worker
 * thread while the render goes on.
 *
 * @throws OutputFileError when the file cannot be opened or written; EncodingError when the
 * encoder fails in its thread; the render's own errors.
 */
export async function renderToFile(
  midi: MidiFile,
  soundFont: SoundFont,
  out: string,
  options: RenderOptions = {},
  control: RenderToFileControl = {},
): Promise<RenderSummary> {
  if (typeof out !== "string" || out === "") throw new TypeError(`out must be the path of the file to write, got ${describeValue(out)}`);
  // Without a format, the file's extension chooses one (song.flac is FLAC), else 16-bit WAV.
  const format = formatForFile(out, options.format);
  const render = new SongRender(midi, soundFont, { ...options, format });
  try {
    return await writeRender(render, out, control);
  } finally {
    render.dispose();
  }
}

/**
 * Writes a render into the file `out` in the render's format, encoding a compressed format in a
 * worker thread beside the render, and gives the file its final header at the end.
 * @throws OutputFileError when the file cannot be opened or written; EncodingError.
 */
export async function writeRender(render: SongRender, out: string, control: RenderToFileControl): Promise<RenderSummary> {
  let fd: number;
  try {
    fd = openSync(out, "w");
  } catch (error) {
    throw new OutputFileError(out, error);
  }
  let bytes = 0;
  const write = (data: Uint8Array, position: number | null = null): void => {
    try {
      writeSync(fd, data, 0, data.length, position);
    } catch (error) {
      throw new OutputFileError(out, error);
    }
    if (position === null) bytes += data.length;
  };
  let encoder: RenderEncoder | undefined;
  try {
    encoder = await startEncoder(render.encoderSetup);
    while (!render.done) {
      const { channels, frames } = render.render(chunkFrames);
      write(await encoder.encode(channels, frames));
      control.onProgress?.(render.framesRendered, render.totalFrames ?? render.maximumFrames);
    }
    write(await encoder.finish(render.framesRendered));
    const rewrite = encoder.rewrite();
    if (rewrite !== undefined) write(rewrite.bytes, rewrite.offset);
  } finally {
    closeSync(fd);
    await encoder?.close();
  }
  return {
    out,
    format: render.format,
    frames: render.framesRendered,
    sampleRate: render.sampleRate,
    channels: render.channels,
    backend: render.backend,
    bytes,
    peak: render.peak,
    clippedSamples: render.clippedSamples,
  };
}

const systemErrors: Record<string, string> = {
  ENOENT: "its folder does not exist (create it first, or choose another path)",
  EACCES: "permission denied (choose a folder you can write to)",
  EPERM: "permission denied (choose a folder you can write to)",
  EISDIR: "it is a folder (name a file in it instead)",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only (choose another folder)",
};

function describeSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in systemErrors) return systemErrors[code];
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
