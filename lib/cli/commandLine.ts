import { parseArgs } from "node:util";
import { audioFormats, type AudioFormat } from "../io/AudioFormat.js";
import type { BackendChoice, Profile } from "../synth/SynthesizerSettings.js";
import { infoHelp, mainHelp, renderHelp } from "./helpTexts.js";
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

/** What the user asked the program to do. */
export type Invocation =
  | { kind: "help"; text: string }
  | { kind: "version" }
  | { kind: "render"; args: RenderArguments }
  | { kind: "info"; files: string[]; debug: boolean };

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

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${name} must be a whole number of at least ${min}, got '${text}'`, "render");
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
