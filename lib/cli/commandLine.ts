import { parseArgs } from "node:util";
import { audioFormats, type AudioFormat } from "../io/AudioFormat.js";
import { defaultLimits, type ServiceLimits } from "../service/ServiceLimits.js";
import type { BackendChoice, Profile } from "../synth/SynthesizerSettings.js";
import { infoHelp, mainHelp, renderHelp, serveHelp, workerHelp } from "./helpTexts.js";
import { UsageError } from "./UsageError.js";

/** Everything `meltysynth render` was told. Undefined numbers take the synthesizer's defaults. */
export interface RenderArguments {
  songs: string[];
  soundFont: string | undefined;
  out: string | undefined;
  /** As given; undefined: chosen by the output's extension, else 16-bit WAV. */
  format: AudioFormat | undefined;
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
      throw new UsageError(
        command.startsWith("-") ? `unknown option '${command}'` : `unknown command '${command}'`,
      );
  }
}

function parseRender(argv: string[]): Invocation {
  const { values, positionals } = parse("render", argv, {
    soundfont: { type: "string", short: "s" },
    out: { type: "string", short: "o" },
    format: { type: "string", short: "f" },
    channels: { type: "string", short: "c", default: "2" },
    dither: { type: "boolean", default: false },
    gain: { type: "string", short: "g", default: "0" },
    normalize: { type: "boolean", default: false },
    "sample-rate": { type: "string", short: "r" },
    "block-size": { type: "string" },
    polyphony: { type: "string" },
    "no-effects": { type: "boolean", default: false },
    tail: { type: "string", default: "auto" },
    loop: { type: "string", default: "0" },
    start: { type: "string" },
    end: { type: "string" },
    backend: { type: "string", default: "auto" },
    profile: { type: "string", default: "meltysynth" },
    jobs: { type: "string", short: "j" },
    quiet: { type: "boolean", short: "q", default: false },
    verbose: { type: "boolean", default: false },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    return { kind: "help", text: renderHelp };
  }
  if (values.quiet && values.verbose) {
    throw new UsageError("--quiet and --verbose contradict each other: choose one", "render");
  }
  const gain = decibels("--gain", values.gain);
  if (values.normalize && gain !== 0) {
    throw new UsageError("--gain and --normalize cannot be combined: --normalize chooses the gain", "render");
  }
  const optional = (name: string, value: string | undefined, min: number): number | undefined =>
    value === undefined ? undefined : wholeNumber(name, value, min);
  return {
    kind: "render",
    args: {
      songs: positionals,
      soundFont: values.soundfont,
      out: values.out,
      format: values.format === undefined ? undefined : oneOf("--format", values.format, audioFormats),
      channels: oneOf("--channels", values.channels, ["1", "2"]) === "1" ? 1 : 2,
      dither: values.dither,
      gain,
      normalize: values.normalize,
      sampleRate: optional("--sample-rate", values["sample-rate"], 1),
      blockSize: optional("--block-size", values["block-size"], 1),
      maximumPolyphony: optional("--polyphony", values.polyphony, 1),
      enableReverbAndChorus: !values["no-effects"],
      tail: values.tail === "auto" ? "auto" : seconds("--tail", values.tail),
      loop: wholeNumber("--loop", values.loop, 0),
      start: values.start === undefined ? undefined : position("--start", values.start),
      end: values.end === undefined ? undefined : position("--end", values.end),
      // Checked with the other synthesizer settings, by SynthesizerSettings.
      backend: values.backend as BackendChoice,
      profile: values.profile as Profile,
      jobs: optional("--jobs", values.jobs, 1),
      quiet: values.quiet,
      verbose: values.verbose,
      debug: values.debug,
    },
  };
}

function parseInfo(argv: string[]): Invocation {
  const { values, positionals } = parse("info", argv, {
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    return { kind: "help", text: infoHelp };
  }
  if (positionals.length === 0) {
    throw new UsageError("name a SoundFont or MIDI file to describe", "info");
  }
  return { kind: "info", files: positionals, debug: values.debug };
}

function parseServe(argv: string[]): Invocation {
  const { values, positionals } = parse("serve", argv, {
    fonts: { type: "string" },
    port: { type: "string", short: "p", default: "8080" },
    host: { type: "string", default: "127.0.0.1" },
    concurrency: { type: "string", short: "j" },
    queue: { type: "string" },
    token: { type: "string" },
    "max-midi-bytes": { type: "string", default: String(defaultLimits.maxMidiBytes) },
    "max-song-seconds": { type: "string", default: String(defaultLimits.maxSongSeconds) },
    "max-render-seconds": { type: "string", default: String(defaultLimits.maxRenderSeconds) },
    "max-queue": { type: "string", default: String(defaultLimits.maxQueue) },
    "result-ttl": { type: "string", default: String(defaultLimits.resultTtlSeconds) },
    "max-result-bytes": { type: "string", default: String(defaultLimits.maxResultBytes) },
    "request-timeout": { type: "string", default: String(defaultLimits.requestTimeoutSeconds) },
    "idle-timeout": { type: "string", default: String(defaultLimits.idleTimeoutSeconds) },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    return { kind: "help", text: serveHelp };
  }
  noPositionals("serve", positionals);
  if (values.fonts === undefined) {
    throw new UsageError("--fonts is required: a folder of SoundFonts (.sf2, .sf3) to serve", "serve");
  }
  if (values.token !== undefined && values.token.trim() === "") {
    throw new UsageError("--token must not be empty", "serve");
  }
  const port = wholeNumber("--port", values.port, 0, "serve");
  if (port > 65535) throw new UsageError(`--port must be a port number up to 65535 (0: any free port), got '${values.port}'`, "serve");
  return {
    kind: "serve",
    args: {
      fonts: values.fonts,
      port,
      host: values.host,
      concurrency: values.concurrency === undefined ? undefined : wholeNumber("--concurrency", values.concurrency, 1, "serve"),
      queue: values.queue,
      token: values.token,
      limits: {
        maxMidiBytes: wholeNumber("--max-midi-bytes", values["max-midi-bytes"], 1, "serve"),
        maxSongSeconds: positiveSeconds("--max-song-seconds", values["max-song-seconds"], "serve"),
        maxRenderSeconds: positiveSeconds("--max-render-seconds", values["max-render-seconds"], "serve"),
        maxQueue: wholeNumber("--max-queue", values["max-queue"], 1, "serve"),
        resultTtlSeconds: positiveSeconds("--result-ttl", values["result-ttl"], "serve"),
        maxResultBytes: wholeNumber("--max-result-bytes", values["max-result-bytes"], 1, "serve"),
        requestTimeoutSeconds: positiveSeconds("--request-timeout", values["request-timeout"], "serve"),
        idleTimeoutSeconds: positiveSeconds("--idle-timeout", values["idle-timeout"], "serve"),
      },
      debug: values.debug,
    },
  };
}

function parseWorker(argv: string[]): Invocation {
  const { values, positionals } = parse("worker", argv, {
    queue: { type: "string" },
    fonts: { type: "string" },
    concurrency: { type: "string", short: "j" },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    return { kind: "help", text: workerHelp };
  }
  noPositionals("worker", positionals);
  if (values.queue === undefined) {
    throw new UsageError("--queue is required: the Redis server whose jobs to take, e.g. --queue redis://127.0.0.1:6379", "worker");
  }
  if (values.fonts === undefined) {
    throw new UsageError("--fonts is required: the folder of SoundFonts the server was started with", "worker");
  }
  return {
    kind: "worker",
    args: {
      queue: values.queue,
      fonts: values.fonts,
      concurrency: values.concurrency === undefined ? undefined : wholeNumber("--concurrency", values.concurrency, 1, "worker"),
      debug: values.debug,
    },
  };
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument '${positionals[0]}': ${command} takes options only`, command);
  }
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** What each option's value is, for the message when it is missing. */
const valueHints: Record<string, string> = {
  soundfont: "a SoundFont file, e.g. --soundfont font.sf2",
  out: "a file, a folder, or - for standard output",
  format: `one of ${audioFormats.join(", ")}`,
  channels: "1 or 2",
  gain: "decibels, e.g. --gain -6",
  "sample-rate": "samples per second, e.g. --sample-rate 48000",
  "block-size": "frames per block, e.g. --block-size 64",
  polyphony: "a number of voices, e.g. --polyphony 128",
  tail: "auto or seconds, e.g. --tail 4",
  loop: "a number of repeats, e.g. --loop 1",
  backend: "auto, native or js",
  profile: "meltysynth or full",
  jobs: "a number of songs at once, e.g. --jobs 2",
  fonts: "a folder of SoundFonts, e.g. --fonts /srv/soundfonts",
  port: "a port number, e.g. --port 8080 (0: any free port)",
  host: "an address to listen on, e.g. --host 0.0.0.0",
  concurrency: "a number of render threads, e.g. --concurrency 4",
  queue: "a Redis URL, e.g. --queue redis://127.0.0.1:6379",
  token: "a secret that clients send as 'Authorization: Bearer <token>'",
  "max-midi-bytes": "a number of bytes, e.g. --max-midi-bytes 1048576",
  "max-song-seconds": "seconds, e.g. --max-song-seconds 600",
  "max-render-seconds": "seconds, e.g. --max-render-seconds 120",
  "max-queue": "a number of waiting renders, e.g. --max-queue 32",
  "result-ttl": "seconds, e.g. --result-ttl 3600",
  "max-result-bytes": "a number of bytes, e.g. --max-result-bytes 134217728",
  "request-timeout": "seconds, e.g. --request-timeout 60",
  "idle-timeout": "seconds, e.g. --idle-timeout 5",
};

// parseArgs' own messages are long and suggest "--" tricks; the user needs the option's name.
function parse<T extends OptionSpec>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown option '${option}'`, command);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      // "Option '-s, --soundfont <value>' argument missing", or a value that looks like an option.
      const long = /--([a-z-]+)/.exec(message)?.[1] ?? "";
      const spec = options?.[long];
      if (spec !== undefined) {
        const short = spec.short;
        const names = short === undefined ? `--${long}` : `--${long} (-${short})`;
        const hint = valueHints[long];
        throw new UsageError(`${names} needs a value${hint ? `: ${hint}` : ""}`, command);
      }
      throw new UsageError(message.split(/\.\s/)[0].replace(/\.$/, ""), command);
    }
    throw new UsageError(message, command);
  }
}

/**
 * parseArgs refuses a value that starts with a dash ("--gain -6" is "ambiguous"); a number is
 * never an option here, so it is joined to its option ("--gain=-6").
 */
function joinNegativeValues(args: readonly string[], options: OptionSpec): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(options ?? {})) {
    if (spec.type === "string") {
      takesValue.add(`--${name}`);
      if (spec.short !== undefined) takesValue.add(`-${spec.short}`);
    }
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (takesValue.has(args[i]) && i + 1 < args.length && /^-(\d|\.\d)/.test(args[i + 1])) {
      joined.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

function wholeNumber(name: string, text: string, min: number, command = "render"): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${name} must be a whole number of at least ${min}, got '${text}'`, command);
  }
  return value;
}

function positiveSeconds(name: string, text: string, command: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${name} must be a number of seconds above 0, got '${text}'`, command);
  }
  return value;
}

function seconds(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${name} must be auto or a number of seconds, 0 or more, got '${text}'`, "render");
  }
  return value;
}

function position(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${name} must be a number of seconds into the song, 0 or more, got '${text}'`, "render");
  }
  return value;
}

function decibels(name: string, text: string): number {
  const value = Number(text.replace(/\s*dB$/i, ""));
  if (text.trim() === "" || !Number.isFinite(value) || Math.abs(value) > 100) {
    throw new UsageError(`${name} must be a number of decibels from -100 to 100 (e.g. -6), got '${text}'`, "render");
  }
  return value;
}

function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${name} must be one of ${choices.join(", ")}, got '${text}'`, "render");
  }
  return text as T;
}
