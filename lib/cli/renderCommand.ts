import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { builtinSoundFont } from "../builtin/builtinSoundFont.js";
import { generateDemoSong } from "../builtin/generateDemoSong.js";
import {
  combineSoundFonts,
  MidiFile,
  soundFontForSong,
  renderFiles,
  renderStems,
  renderToFile,
  RenderStream,
  SoundFont,
  SynthesizerSettings,
  type RenderJob,
  type RenderOptions,
} from "../io/index.js";
import { defaultSampleRate, describeFormat, extensionOf, formatForFile, type AudioFormat } from "../io/AudioFormat.js";
import type { RenderArguments } from "./commandLine.js";
import { FileError } from "./FileError.js";
import { requireBackend } from "./requireBackend.js";
import type { FontInStack } from "./valueKinds.js";
import { formatClock, ProgressBar } from "./ProgressBar.js";
import { UsageError } from "./UsageError.js";

const demoName = "meltysynth-demo";

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
 * `meltysynth render`: checks everything first (so that a bad file or option fails before any
 * audio is written), then renders one song in this thread (the SoundFont read once), to a file
 * or to standard output, or several songs in worker threads (each worker reads the SoundFont
 * once), with a progress bar on a terminal and a one-line summary at the end.
 */
export async function renderCommand(args: RenderArguments): Promise<void> {
  const format = chooseFormat(args);
  const settings = checkSettings(args, format);
  const options: RenderOptions = {
    sampleRate: settings.sampleRate,
    blockSize: settings.blockSize,
    maximumPolyphony: settings.maximumPolyphony,
    enableReverbAndChorus: settings.enableReverbAndChorus,
    backend: settings.backend,
    profile: settings.profile,
    interpolation: settings.interpolation,
    reverb: settings.reverb,
    chorus: settings.chorus,
    format,
    bitrate: args.bitrate,
    channels: args.channels,
    dither: args.dither,
    gain: args.gain,
    normalize: args.normalize,
    tail: args.tail,
    loop: args.loop,
    start: args.start,
    end: args.end,
  };
  if (args.stems !== undefined) {
    await renderStemsCommand(args, options, settings.sampleRate);
    return;
  }
  const songs = loadSongs(args, format);
  const several = songs.length > 1;
  // One song: read the font here, once, and render here. Several: the workers read it, each
  // once; here only its first bytes are checked, so that a wrong file fails before any work.
  const given = args.soundFonts.length === 0 ? undefined : several ? checkSoundFontFiles(args.soundFonts) : loadSoundFonts(args.soundFonts);
  // An RMIDI song's own bank plays too, over the fonts given or alone; else the built-in font.
  const soundFont = several ? undefined : fontForSong(songs[0], given);
  // With an automatic tail the length is known only at the end: the bar counts 2 s of tail.
  const expectedFrames = songs.map((song) => {
    const section = Math.min(args.end ?? song.midi.length, song.midi.length) - (args.start ?? 0);
    return Math.ceil((Math.max(0, section) * (args.loop + 1) + (args.tail === "auto" ? 2 : args.tail)) * settings.sampleRate);
  });
  const bar = !args.quiet && process.stderr.isTTY ? new ProgressBar(process.stderr, sum(expectedFrames) / settings.sampleRate) : null;
  const started = performance.now();
  let backend: string;
  let frames: number;
  let peak: number;
  let clipped: number;

  if (songs[0].out === "-") {
    if (process.stdout.isTTY) {
      throw new UsageError("will not write audio to a terminal: pipe it into a player or a file", "render");
    }
    const stream = new RenderStream(songs[0].midi, soundFont as SoundFont, options);
    backend = stream.backend;
    const timer = bar && setInterval(() => bar.update(stream.framesRendered / settings.sampleRate), 100);
    try {
      await pipeline(stream, process.stdout);
    } finally {
      if (timer) clearInterval(timer);
    }
    ({ peak, clippedSamples: clipped } = stream);
    frames = stream.framesRendered;
    // Redirected to a file (`> song.wav`), standard output can seek: give it the final header.
    const rewrite = stream.rewrite();
    if (rewrite !== undefined && fstatSync(1).isFile()) {
      writeSync(1, rewrite.bytes, 0, rewrite.bytes.length, rewrite.offset);
    }
  } else if (!several) {
    const summary = await renderToFile(songs[0].midi, soundFont as SoundFont, songs[0].out, options, {
      onProgress: (done) => bar?.update(done / settings.sampleRate),
    });
    ({ backend, frames, peak, clippedSamples: clipped } = summary);
  } else {
    const jobs: RenderJob[] = songs.map((song) => ({
      ...options,
      midi: song.source ?? song.bytes,
      soundFont: stackOf(args.soundFonts),
      out: song.out,
    }));
    const done = new Array<number>(songs.length).fill(0);
    const results = await renderFiles(jobs, {
      concurrency: args.jobs ?? Math.min(availableParallelism(), songs.length),
      onProgress: (job, rendered) => {
        done[job] = rendered;
        bar?.update(sum(done) / settings.sampleRate);
      },
    });
    backend = results[0].backend;
    frames = sum(results.map((result) => result.frames));
    peak = Math.max(...results.map((result) => result.peak));
    clipped = sum(results.map((result) => result.clippedSamples));
  }
  bar?.finish();

  if (!args.quiet) {
    const elapsed = (performance.now() - started) / 1000;
    const audioSeconds = frames / settings.sampleRate;
    const what = songs[0].out === "-" ? "standard output" : several ? `${songs.length} files to ${path.dirname(songs[0].out)}${path.sep}` : songs[0].out;
    const speed = elapsed > 0 ? `, ${(audioSeconds / elapsed).toFixed(1)}x real time` : "";
    const memory = args.verbose ? `, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB` : "";
    console.error(
      `Wrote ${what}: ${formatClock(audioSeconds)} of ${args.channels === 1 ? "mono " : ""}${describeFormat(format)} ` +
        `at ${settings.sampleRate} Hz in ${elapsed.toFixed(1)} s (${backend} backend${speed}${memory}).`,
    );
    console.error(levelLine(peak, clipped, format, args.normalize));
    if (songs[0].source === undefined) {
      console.error(
        "That was the built-in demo song, played with the built-in SoundFont. To render your own:\n" +
          "  meltysynth render song.mid --soundfont font.sf2",
      );
    }
  }
}

/**
 * `render --stems`: one song's parts, each into a file of its own in one folder (--out, else the
 * song's name and "-stems"), with a progress bar over every part and one summary line.
 */
async function renderStemsCommand(args: RenderArguments, options: RenderOptions, sampleRate: number): Promise<void> {
  if (args.out === "-") throw new UsageError("--stems writes several files: give --out a folder, not -", "render");
  // Read first, so that a word meant as the division (`--stems trak`) is named as a missing file.
  const songs = args.songs.map(read);
  if (songs.length > 1) throw new UsageError("--stems takes a single song: render each song's stems on its own", "render");
  const source = args.songs[0];
  const bytes = songs[0] ?? generateDemoSong();
  let midi: MidiFile;
  try {
    midi = new MidiFile(bytes);
  } catch (error) {
    throw FileError.from(source ?? "the demo song", error);
  }
  const folder = args.out ?? `${source === undefined ? demoName : path.basename(source, path.extname(source))}-stems`;
  if (existsSync(folder) && !isFolder(folder)) {
    throw new FileError(folder, "is a file: --stems writes into a folder (name a new or existing folder with --out)");
  }
  const given = args.soundFonts.length === 0 ? undefined : loadSoundFonts(args.soundFonts);
  const soundFont = fontForSong({ source, midi, bytes, out: folder }, given);
  const showBar = !args.quiet && process.stderr.isTTY;
  // The bar counts the audio of every pass (the whole song first, to find where an automatic
  // tail ends, then each part); the total is known once the whole song's length is.
  const bars: { bar: ProgressBar | null; total: number } = { bar: null, total: 0 };
  const started = performance.now();
  const stems = await renderStems(midi, soundFont, folder, { ...options, stems: args.stems }, {
    onProgress: (done, total) => {
      if (!showBar) return;
      if (bars.bar === null || total !== bars.total) {
        bars.bar?.finish();
        bars.bar = new ProgressBar(process.stderr, total / sampleRate);
        bars.total = total;
      }
      bars.bar.update(done / sampleRate);
    },
  });
  bars.bar?.finish();
  if (args.quiet) return;
  const elapsed = (performance.now() - started) / 1000;
  if (stems.length === 0) {
    console.error(`The song plays no notes: no stems written to ${folder}${path.sep}.`);
    return;
  }
  const seconds = stems[0].frames / sampleRate;
  console.error(
    `Wrote ${stems.length} stems to ${folder}${path.sep} (${stems.map((stem) => path.basename(stem.out)).join(", ")}): ` +
      `${formatClock(seconds)} each of ${describeFormat(stems[0].format)} at ${sampleRate} Hz in ${elapsed.toFixed(1)} s (${stems[0].backend} backend).`,
  );
  console.error(levelLine(Math.max(...stems.map((stem) => stem.peak)), stems.reduce((n, stem) => n + stem.clippedSamples, 0), stems[0].format, args.normalize));
}

/** The peak level and clipping, with what to do about clipping. */
function levelLine(peak: number, clipped: number, format: AudioFormat, normalized: boolean): string {
  const level = peak > 0 ? `${(20 * Math.log10(peak)).toFixed(1)} dBFS` : "silent";
  if (clipped === 0) return `Peak ${level}${normalized ? " (normalized)" : ""}, no clipping.`;
  const headroom = Math.ceil(20 * Math.log10(peak) * 10) / 10;
  const what = format === "f32" ? "over full scale (they will clip when played or converted)" : "clipped";
  return `Peak ${level}: ${clipped} samples ${what}. Try --gain -${headroom.toFixed(1)} or --normalize.`;
}

/** The format: as given, else from the output's extension, else 16-bit WAV; they must agree. */
function chooseFormat(args: RenderArguments): AudioFormat {
  const out = args.out;
  if (out === undefined || out === "-" || isFolder(out) || args.songs.length > 1) return args.format ?? "s16";
  try {
    return formatForFile(out, args.format);
  } catch (error) {
    throw new UsageError(`--out ${out}, --format: ${(error as Error).message}`, "render");
  }
}

/** Validates the synthesizer settings where they are defined, and words a failure as an option. */
function checkSettings(args: RenderArguments, format: AudioFormat): SynthesizerSettings {
  const flags: Record<string, string> = {
    sampleRate: "--sample-rate",
    blockSize: "--block-size",
    maximumPolyphony: "--polyphony",
  };
  let settings: SynthesizerSettings;
  try {
    settings = SynthesizerSettings.from({
      sampleRate: args.sampleRate ?? defaultSampleRate(format),
      blockSize: args.blockSize,
      maximumPolyphony: args.maximumPolyphony,
      enableReverbAndChorus: args.enableReverbAndChorus,
      backend: args.backend,
      profile: args.profile,
      interpolation: args.interpolation,
      reverb: args.reverb,
      chorus: args.chorus,
    });
  } catch (error) {
    // "reverb.level must be ..." names the option and the setting: "--reverb level must be ...".
    const message = (error as Error).message
      .replace(/^(reverb|chorus)\./, "--$1 ")
      .replace(/'(reverb|chorus)\.(\w+)'/, "'$2' in --$1")
      .replace(/^\w+/, (name) => flags[name] ?? name);
    throw new UsageError(message, "render");
  }
  requireBackend(settings.backend);
  return settings;
}

function loadSongs(args: RenderArguments, format: AudioFormat): Song[] {
  const extension = extensionOf(format);
  if (args.songs.length === 0) {
    const bytes = generateDemoSong();
    const out = args.out !== undefined && isFolder(args.out) ? path.join(args.out, demoName + extension) : (args.out ?? demoName + extension);
    checkOutput(out);
    return [{ source: undefined, midi: new MidiFile(bytes), bytes, out }];
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
    if (bytes.length === 0) {
      throw new FileError(source, "the file is empty (0 bytes): it is not a MIDI file");
    }
    if (isSoundFont(bytes)) {
      throw new FileError(source, "this is a SoundFont, not a song: give it with --soundfont, and the MIDI file as the song");
    }
    let midi: MidiFile;
    try {
      midi = new MidiFile(bytes);
    } catch (error) {
      throw FileError.from(source, error);
    }
    const name = `${path.basename(source, path.extname(source))}${extension}`;
    const out = folder !== undefined ? path.join(folder, name) : (args.out ?? name);
    if (outputs.has(path.resolve(out))) {
      throw new UsageError(`two songs would both be written to ${out}`, "render");
    }
    outputs.add(path.resolve(out));
    checkOutput(out);
    return { source, midi, bytes, out };
  });
}

/** An output file must be writable before the render starts: its folder exists and takes files. */
function checkOutput(out: string): void {
  if (out === "-") return;
  if (isFolder(out)) {
    throw new FileError(out, "is a folder: name a file in it, or give the folder for several songs");
  }
  const folder = path.dirname(path.resolve(out));
  if (!isFolder(folder)) {
    throw new FileError(out, `cannot write here: the folder ${path.dirname(out)} does not exist (create it, or choose another --out)`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new FileError(out, `cannot write here: the folder ${path.dirname(out)} is not writable (choose another --out)`);
  }
}

function loadSoundFont(file: string): SoundFont {
  const bytes = read(file);
  checkSoundFontBytes(file, bytes, bytes.length);
  try {
    return new SoundFont(bytes, {
      onDecodeError: (e) => process.stderr.write(`meltysynth: warning: ${e.message}; notes that need it are skipped\n`),
    });
  } catch (error) {
    throw FileError.from(file, error);
  }
}

function fontForSong(song: Song, given: SoundFont | undefined): SoundFont {
  if (given === undefined && song.midi.embeddedSoundBank === undefined) return builtinSoundFont();
  try {
    return soundFontForSong(song.midi, given);
  } catch (error) {
    throw FileError.from(song.source ?? "the song", error);
  }
}

/** The fonts of a stack, read and combined into one (see combineSoundFonts). */
function loadSoundFonts(stack: readonly FontInStack[]): SoundFont {
  const fonts = stack.map(({ file, bankOffset }) => ({ soundFont: loadSoundFont(file), bankOffset }));
  try {
    return combineSoundFonts(fonts);
  } catch (error) {
    // The stack's entries are the command line's fonts: name the file, not the index.
    const message = (error as Error).message.replace(/^entry (\d+)/, (_, i: string) => stack[Number(i)].file);
    throw new UsageError(`--soundfont: ${message}`, "render");
  }
}

function checkSoundFontFiles(stack: readonly FontInStack[]): undefined {
  for (const { file } of stack) checkSoundFontFile(file);
  return undefined;
}

/** What a render job takes for the fonts: the one path when there is nothing to combine. */
function stackOf(stack: readonly FontInStack[]): RenderJob["soundFont"] {
  if (stack.length === 0) return undefined;
  return stack.length === 1 && stack[0].bankOffset === 0 ? stack[0].file : stack;
}

/** The first bytes of a SoundFont file, for the checks that need no more: readable, not empty, not a song. */
function checkSoundFontFile(file: string): undefined {
  const head = new Uint8Array(12);
  let size: number;
  try {
    const fd = openSync(file, "r");
    try {
      size = statSync(file).size;
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw FileError.from(file, error);
  }
  checkSoundFontBytes(file, head, size);
  return undefined;
}

function checkSoundFontBytes(file: string, head: Uint8Array, size: number): void {
  if (size === 0) {
    throw new FileError(file, "the file is empty (0 bytes): it is not a SoundFont");
  }
  if (head[0] === 0x4d && head[1] === 0x54 && head[2] === 0x68 && head[3] === 0x64) {
    throw new FileError(file, "this is a MIDI file, not a SoundFont: give it as the song, and the .sf2 file with --soundfont");
  }
}

/** A SoundFont (RIFF 'sfbk') or a DLS bank (RIFF 'DLS '), which SoundFont reads too. */
function isSoundFont(bytes: Uint8Array): boolean {
  const form = String.fromCharCode(...bytes.subarray(8, 12));
  return String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" && (form === "sfbk" || form === "DLS ");
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

