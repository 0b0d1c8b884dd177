import { mkdirSync } from "node:fs";
import path from "node:path";
import type { MidiFile } from "../midi/MidiFile.js";
import { describeValue } from "../soundfont/fileBytes.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { extensionOf } from "./AudioFormat.js";
import { OutputFileError, writeRender, type RenderSummary, type RenderToFileControl } from "./renderToFile.js";
import { findSongParts, partDivisions, type PartDivision, type SongPart } from "./songParts.js";
import { SongRender, type RenderOptions } from "./SongRender.js";

/** How {@link renderStems} renders: a render's options, and how the song is divided. */
export interface StemOptions extends RenderOptions {
  /** One stem per MIDI channel that plays (the default), or per track chunk that plays. */
  stems?: PartDivision;
}

/** What one stem's file holds. */
export interface StemSummary extends RenderSummary {
  /** The part: a channel (0-based, 16 per MIDI port) or a track chunk's index. */
  part: number;
  /** The part's name (see {@link SongPart}), as its file is named. */
  name: string;
}

const chunkFrames = 16384;

/**
 * Renders each part of a song that plays (each MIDI channel, or each track chunk) into a file of
 * its own in `folder` (created if missing), named by the part's number and name:
 * `ch01-Acoustic_Grand_Piano.wav`, `track03-Bass.flac`. A stem holds its part as it sounds in
 * the whole song, with its own share of reverb and chorus: each renders the whole song with the
 * other parts' notes silent, so that voices are taken and stolen as in the whole, and every stem
 * has the whole's length and gain. The stems of a float render (`f32`) add up to the full mix to
 * within float rounding; integer and compressed formats add their own rounding, dither or
 * coding to each.
 *
 * With an automatic tail (the default) the whole song is rendered once first, to find where
 * its tail ends; `normalize` does this anyway, to find its peak.
 * @returns one summary per stem, in the order of the parts; none for a song without notes.
 * @throws TypeError for a folder that is not a path or options of the wrong kind; RangeError for
 * an option out of range; OutputFileError when the folder or a file cannot be written;
 * EncodingError; the render's own errors.
 */
export async function renderStems(
  midi: MidiFile,
  soundFont: SoundFont,
  folder: string,
  options: StemOptions = {},
  control: RenderToFileControl = {},
): Promise<StemSummary[]> {
  if (typeof folder !== "string" || folder === "") throw new TypeError(`folder must be the path of a folder to write the stems into, got ${describeValue(folder)}`);
  const { stems: division = "channel", ...renderOptions } = options;
  if (!partDivisions.includes(division)) {
    throw new RangeError(`stems must be one of ${partDivisions.join(", ")}, got ${String(division)}`);
  }
  // The whole song, as renderToFile would render it: its gain, and its length, found by
  // rendering it when its tail is automatic.
  const whole = new SongRender(midi, soundFont, renderOptions);
  const { gain, format } = whole;
  let frames = whole.totalFrames;
  let parts: SongPart[];
  let passes: number;
  try {
    parts = findSongParts(midi, soundFont, division, renderOptions);
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new OutputFileError(folder, error);
    }
    passes = parts.length + (frames === undefined ? 1 : 0);
    if (frames === undefined && parts.length > 0) {
      while (!whole.done) {
        whole.render(chunkFrames);
        control.onProgress?.(whole.framesRendered, whole.maximumFrames * passes);
      }
      frames = whole.framesRendered;
    }
  } finally {
    whole.dispose();
  }
  if (frames === undefined) return [];
  const length = frames;
  const before = passes > parts.length ? length : 0;
  const summaries: StemSummary[] = [];
  for (const [n, part] of parts.entries()) {
    const index = part.index;
    const heard = division === "channel" ? (channel: number) => channel === index : (_: number, track: number) => track === index;
    const render = new SongRender(midi, soundFont, { ...renderOptions, format, normalize: false, gain: 0 }, { heard, frames: length, gain });
    const out = path.join(folder, stemFileName(part, division, parts, extensionOf(format)));
    try {
      const summary = await writeRender(render, out, {
        onProgress: (rendered) => control.onProgress?.(before + n * length + rendered, length * passes),
      });
      summaries.push({ ...summary, part: index, name: part.name });
    } finally {
      render.dispose();
    }
  }
  return summaries;
}

/** `ch01-Acoustic_Grand_Piano.wav`: the part's number from 1, as wide as the largest, and its name in file-safe characters. */
function stemFileName(part: SongPart, division: PartDivision, parts: readonly SongPart[], extension: string): string {
  const width = Math.max(2, String(parts[parts.length - 1].index + 1).length);
  const number = String(part.index + 1).padStart(width, "0");
  const name = part.name.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "part";
  return `${division === "channel" ? "ch" : "track"}${number}-${name}${extension}`;
}
