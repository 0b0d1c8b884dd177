import { mkdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { builtinSoundFont } from "../builtin/builtinSoundFont.js";
import { generateDemoSong } from "../builtin/generateDemoSong.js";
import {
  MidiFile,
  nativeBackendStatus,
  renderFiles,
  RenderStream,
  SoundFont,
  SynthesizerSettings,
  type RenderJob,
  type RenderOptions,
} from "../io/index.js";
import { SongRender } from "../io/SongRender.js";
import type { RenderArguments } from "./commandLine.js";
import { FileError } from "./FileError.js";
import { formatClock, ProgressBar } from "./ProgressBar.js";
import { UsageError } from "./UsageError.js";

const demoOutput = "meltysynth-demo.wav";

/** A song to render: where it came from and where it goes. */
interface Song {
  /** The path the user gave, or undefined for the demo. */
  readonly source: string | undefined;
  readonly midi: MidiFile;
  readonly bytes: Uint8Array;
  /** Output path, or "-" for standard output. */
  readonly out: string;
}

/**
 * `meltysynth render`: loads and checks everything first (so that a bad file or option fails
 * before any audio is written), then renders to standard output through a stream, or to files
 * in worker threads, with a progress bar on a terminal and a one-line summary at the end.
 */
export async function renderCommand(args: RenderArguments): Promise<void> {
  const settings = checkSettings(args);
  const options: RenderOptions = {
    sampleRate: settings.sampleRate,
    blockSize: settings.blockSize,
    maximumPolyphony: settings.maximumPolyphony,
    enableReverbAndChorus: settings.enableReverbAndChorus,
    backend: settings.backend,
    format: args.format,
    dither: args.dither,
    tail: args.tail,
    loop: args.loop,
  };
  const songs = loadSongs(args);
  // Read here even when workers will read it again, so that a bad file fails before any work.
  const soundFont = args.soundFont === undefined ? undefined : loadSoundFont(args.soundFont);
  const totalFrames = songs.map((song) => SongRender.frameCount(song.midi.length, settings.sampleRate, options));
  const audioSeconds = sum(totalFrames) / settings.sampleRate;
  const bar = !args.quiet && process.stderr.isTTY ? new ProgressBar(process.stderr, audioSeconds) : null;
  const started = performance.now();
  let backend: string;

  if (songs[0].out === "-") {
    if (process.stdout.isTTY) {
      throw new UsageError("will not write audio to a terminal: pipe it into a player or a file", "render");
    }
    const stream = new RenderStream(songs[0].midi, soundFont ?? builtinSoundFont(), options);
    backend = stream.backend;
    const timer = bar && setInterval(() => bar.update(stream.framesRendered / settings.sampleRate), 100);
    try {
      await pipeline(stream, process.stdout);
    } finally {
      if (timer) clearInterval(timer);
    }
  } else {
    const jobs: RenderJob[] = songs.map((song) => ({
      ...options,
      midi: song.source ?? song.bytes,
      soundFont: args.soundFont,
      out: song.out,
    }));
    const done = new Array<number>(songs.length).fill(0);
    const results = await renderFiles(jobs, {
      concurrency: args.jobs ?? Math.min(availableParallelism(), songs.length),
      onProgress: (job, frames) => {
        done[job] = frames;
        bar?.update(sum(done) / settings.sampleRate);
      },
    });
    backend = results[0].backend;
  }
  bar?.finish();

  if (!args.quiet) {
    const elapsed = (performance.now() - started) / 1000;
    const what =
      songs[0].out === "-"
        ? "standard output"
        : songs.length === 1
          ? songs[0].out
          : `${songs.length} files to ${path.dirname(songs[0].out)}${path.sep}`;
    const speed = elapsed > 0 ? `, ${(audioSeconds / elapsed).toFixed(1)}x real time` : "";
    console.error(
      `Wrote ${what}: ${formatClock(audioSeconds)} of ${args.format === "s16" ? "16-bit" : "32-bit float"} audio ` +
        `at ${settings.sampleRate} Hz in ${elapsed.toFixed(1)} s (${backend} backend${speed}).`,
    );
    if (songs[0].source === undefined) {
      console.error(
        "That was the built-in demo song, played with the built-in SoundFont. To render your own:\n" +
          "  meltysynth render song.mid --soundfont font.sf2",
      );
    }
  }
}

/** Validates the synthesizer settings where they are defined, and words a failure as an option. */
function checkSettings(args: RenderArguments): SynthesizerSettings {
  const flags: Record<string, string> = {
    sampleRate: "--sample-rate",
    blockSize: "--block-size",
    maximumPolyphony: "--polyphony",
    backend: "--backend",
  };
  let settings: SynthesizerSettings;
  try {
    settings = SynthesizerSettings.from({
      sampleRate: args.sampleRate,
      blockSize: args.blockSize,
      maximumPolyphony: args.maximumPolyphony,
      enableReverbAndChorus: args.enableReverbAndChorus,
      backend: args.backend,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/^\w+/, (name) => flags[name] ?? name);
    throw new UsageError(message, "render");
  }
  if (settings.backend === "native" && !nativeBackendStatus().available) {
    throw new Error(`the native backend is not available: ${nativeBackendStatus().reason}`);
  }
  return settings;
}

function loadSongs(args: RenderArguments): Song[] {
  if (args.songs.length === 0) {
    const bytes = generateDemoSong();
    return [{ source: undefined, midi: new MidiFile(bytes), bytes, out: args.out ?? demoOutput }];
  }
  const several = args.songs.length > 1;
  if (several && args.out === "-") {
    throw new UsageError("--out - takes a single song; for several songs, name a folder", "render");
  }
  // With several songs, --out names a folder; with one, a file, unless it is an existing folder.
  const folder = several ? (args.out ?? ".") : args.out !== undefined && isFolder(args.out) ? args.out : undefined;
  if (several && args.out !== undefined) {
    try {
      mkdirSync(args.out, { recursive: true });
    } catch (error) {
      throw FileError.from(args.out, error);
    }
  }
  const outputs = new Set<string>();
  return args.songs.map((source) => {
    const bytes = read(source);
    let midi: MidiFile;
    try {
      midi = new MidiFile(bytes);
    } catch (error) {
      throw FileError.from(source, error);
    }
    const wavName = `${path.basename(source, path.extname(source))}.wav`;
    const out = folder !== undefined ? path.join(folder, wavName) : (args.out ?? wavName);
    if (outputs.has(path.resolve(out))) {
      throw new UsageError(`two songs would both be written to ${out}`, "render");
    }
    outputs.add(path.resolve(out));
    return { source, midi, bytes, out };
  });
}

function loadSoundFont(file: string): SoundFont {
  try {
    return new SoundFont(read(file), { onDecodeError: (e) => process.stderr.write(`meltysynth: warning: ${e.message}; notes that need it are skipped\n`) });
  } catch (error) {
    throw error instanceof FileError ? error : FileError.from(file, error);
  }
}

function read(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw FileError.from(file, error);
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
