import type { FontInStack } from "./valueKinds.js";
import type { AudioFormat } from "../io/AudioFormat.js";
import type { PartDivision } from "../io/songParts.js";
import type { ServiceLimits } from "../service/ServiceLimits.js";
import type { BackendChoice, Interpolation, Profile } from "../synth/SynthesizerSettings.js";
import { infoHelp, mainHelp, renderHelp, serveHelp, workerHelp } from "./helpTexts.js";
import { nearestName } from "./nearestName.js";
import { infoOptions, renderOptions, serveOptions, workerOptions } from "./optionTables.js";
import { readOptions } from "./readOptions.js";
import { UsageError } from "./UsageError.js";

/** Everything `meltysynth render` was told. Undefined numbers take the synthesizer's defaults. */
export interface RenderArguments {
  songs: string[];
  /** The SoundFonts, in stack order (later ones win); none: the built-in one. */
  soundFonts: FontInStack[];
  out: string | undefined;
  /** One file per part of the song, into the folder `out` names; undefined: one file. */
  stems: PartDivision | undefined;
  /** As given; undefined: chosen by the output's extension, else 16-bit WAV. */
  format: AudioFormat | undefined;
  /** kbit/s of an Opus render; undefined: the encoder's default. */
  bitrate: number | undefined;
  channels: 1 | 2;
  dither: boolean;
  /** Decibels. */
  gain: number;
  normalize: boolean;
  sampleRate: number | undefined;
  blockSize: number | undefined;
  maximumPolyphony: number | undefined;
  enableReverbAndChorus: boolean;
  tail: number | "auto";
  loop: number;
  /** Seconds of the song where the render starts and ends; undefined: its start, its end. */
  start: number | undefined;
  end: number | undefined;
  backend: BackendChoice;
  profile: Profile;
  interpolation: Interpolation;
  /** Reverb and chorus settings as given (`--reverb roomSize=0.8`), checked by the synthesizer's settings. */
  reverb: Record<string, number> | undefined;
  chorus: Record<string, number> | undefined;
  jobs: number | undefined;
  quiet: boolean;
  verbose: boolean;
  debug: boolean;
}

/** Everything `meltysynth serve` was told. */
export interface ServeArguments {
  fonts: string;
  port: number;
  host: string;
  /** Render threads; undefined: one per CPU core. */
  concurrency: number | undefined;
  /** A Redis URL: jobs go on its queue instead of rendering here. */
  queue: string | undefined;
  /** The block renderer of the render threads. */
  backend: BackendChoice;
  token: string | undefined;
  limits: ServiceLimits;
  debug: boolean;
}

/** Everything `meltysynth worker` was told. */
export interface WorkerArguments {
  queue: string;
  fonts: string;
  /** Jobs rendered at once, each on a thread; undefined: one per CPU core. */
  concurrency: number | undefined;
  /** The block renderer of the render threads. */
  backend: BackendChoice;
  debug: boolean;
}

/** What the user asked the program to do. */
export type Invocation =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "render"; args: RenderArguments }
  | { kind: "info"; files: string[]; debug: boolean }
  | { kind: "serve"; args: ServeArguments }
  | { kind: "worker"; args: WorkerArguments };

/**
 * Reads the command line (without the node and script paths).
 * @throws UsageError for anything malformed: unknown commands or options, missing or bad values.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const [command, ...rest] = argv;
  switch (command) {
    case "render":
      return parseRender(rest);
    case "info":
      return parseInfo(rest);
    case "serve":
      return parseServe(rest);
    case "worker":
      return parseWorker(rest);
    case "-h":
    case "--help":
    case "help":
      return { kind: "help", text: mainHelp };
    case "-v":
    case "--version":
      return { kind: "version" };
    case undefined:
      // The main job on the built-in defaults: the demo song with the built-in font.
      return parseRender([]);
    default:
      throw unknownCommand(command);
  }
}

/** The refusal of a first word that is no command, with the command or option it is nearest to. */
function unknownCommand(command: string): UsageError {
  if (command.startsWith("-")) {
    const near = command.startsWith("--") ? nearestName(command.slice(2), ["help", "version"]) : undefined;
    return new UsageError(`unknown option '${command}'${near === undefined ? "" : ` (did you mean --${near}?)`}`);
  }
  const near = nearestName(command, ["render", "info", "serve", "worker", "help"]);
  return new UsageError(`unknown command '${command}'${near === undefined ? "" : ` (did you mean ${near}?)`}`);
}

function parseRender(argv: string[]): Invocation {
  const read = readOptions("render", renderOptions, argv);
  if (read.help) return { kind: "help", text: renderHelp };
  const { values, positionals } = read;
  if (values.quiet && values.verbose) {
    throw new UsageError("--quiet and --verbose contradict each other: choose one", "render");
  }
  if (values.normalize && values.gain !== 0) {
    throw new UsageError("--gain and --normalize cannot be combined: --normalize chooses the gain", "render");
  }
  return {
    kind: "render",
    args: {
      songs: positionals,
      soundFonts: values.soundfont,
      out: values.out,
      stems: values.stems,
      format: values.format,
      bitrate: values.bitrate,
      channels: values.channels === "1" ? 1 : 2,
      dither: values.dither,
      gain: values.gain,
      normalize: values.normalize,
      sampleRate: values["sample-rate"],
      blockSize: values["block-size"],
      maximumPolyphony: values.polyphony,
      enableReverbAndChorus: !values["no-effects"],
      tail: values.tail,
      loop: values.loop,
      start: values.start,
      end: values.end,
      backend: values.backend,
      profile: values.profile,
      interpolation: values.interpolation,
      reverb: values.reverb,
      chorus: values.chorus,
      jobs: values.jobs,
      quiet: values.quiet,
      verbose: values.verbose,
      debug: values.debug,
    },
  };
}

function parseInfo(argv: string[]): Invocation {
  const read = readOptions("info", infoOptions, argv);
  if (read.help) return { kind: "help", text: infoHelp };
  if (read.positionals.length === 0) {
    throw new UsageError("name a SoundFont or MIDI file to describe", "info");
  }
  return { kind: "info", files: read.positionals, debug: read.values.debug };
}

function parseServe(argv: string[]): Invocation {
  const read = readOptions("serve", serveOptions, argv);
  if (read.help) return { kind: "help", text: serveHelp };
  const { values, positionals } = read;
  noPositionals("serve", positionals);
  return {
    kind: "serve",
    args: {
      fonts: values.fonts,
      port: values.port,
      host: values.host,
      concurrency: values.concurrency,
      queue: values.queue,
      backend: values.backend,
      token: values.token,
      limits: {
        maxMidiBytes: values["max-midi-bytes"],
        maxSongSeconds: values["max-song-seconds"],
        maxRenderSeconds: values["max-render-seconds"],
        maxQueue: values["max-queue"],
        resultTtlSeconds: values["result-ttl"],
        maxResultBytes: values["max-result-bytes"],
        requestTimeoutSeconds: values["request-timeout"],
        idleTimeoutSeconds: values["idle-timeout"],
      },
      debug: values.debug,
    },
  };
}

function parseWorker(argv: string[]): Invocation {
  const read = readOptions("worker", workerOptions, argv);
  if (read.help) return { kind: "help", text: workerHelp };
  const { values, positionals } = read;
  noPositionals("worker", positionals);
  return {
    kind: "worker",
    args: { queue: values.queue, fonts: values.fonts, concurrency: values.concurrency, backend: values.backend, debug: values.debug },
  };
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}': ${command} takes options only`, command);
  }
}
