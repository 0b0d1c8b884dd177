import { parseArgs } from "node:util";
import { sampleFormats, type SampleFormat } from "../io/SampleFormat.js";
import type { BackendChoice } from "../synth/SynthesizerSettings.js";
import { infoHelp, mainHelp, renderHelp } from "./helpTexts.js";
import { UsageError } from "./UsageError.js";

/** Everything `meltysynth render` was told. Undefined numbers take the synthesizer's defaults. */
export interface RenderArguments {
  songs: string[];
  soundFont: string | undefined;
  out: string | undefined;
  format: SampleFormat;
  dither: boolean;
  sampleRate: number | undefined;
  blockSize: number | undefined;
  maximumPolyphony: number | undefined;
  enableReverbAndChorus: boolean;
  tail: number;
  loop: number;
  backend: BackendChoice;
  jobs: number | undefined;
  quiet: boolean;
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
    format: { type: "string", short: "f", default: "s16" },
    dither: { type: "boolean", default: false },
    "sample-rate": { type: "string", short: "r" },
    "block-size": { type: "string" },
    polyphony: { type: "string" },
    "no-effects": { type: "boolean", default: false },
    tail: { type: "string", default: "2" },
    loop: { type: "string", default: "0" },
    backend: { type: "string", default: "auto" },
    jobs: { type: "string", short: "j" },
    quiet: { type: "boolean", short: "q", default: false },
    debug: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    return { kind: "help", text: renderHelp };
  }
  const optional = (name: string, value: string | undefined, min: number): number | undefined =>
    value === undefined ? undefined : wholeNumber(name, value, min);
  return {
    kind: "render",
    args: {
      songs: positionals,
      soundFont: values.soundfont,
      out: values.out,
      format: oneOf("--format", values.format, sampleFormats),
      dither: values.dither,
      sampleRate: optional("--sample-rate", values["sample-rate"], 1),
      blockSize: optional("--block-size", values["block-size"], 1),
      maximumPolyphony: optional("--polyphony", values.polyphony, 1),
      enableReverbAndChorus: !values["no-effects"],
      tail: seconds("--tail", values.tail),
      loop: wholeNumber("--loop", values.loop, 0),
      // Checked with the other synthesizer settings, by SynthesizerSettings.
      backend: values.backend as BackendChoice,
      jobs: optional("--jobs", values.jobs, 1),
      quiet: values.quiet,
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

// parseArgs' own messages are long and suggest "--" tricks; the user needs the option's name.
function parse<T extends OptionSpec>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    const option = /'(-[^' ]*)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown option '${option}'`, command);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(message.split(/\.\s/)[0].replace(/\.$/, ""), command);
    }
    throw new UsageError(message, command);
  }
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
    throw new UsageError(`${name} must be a number of seconds, 0 or more, got '${text}'`, "render");
  }
  return value;
}

function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${name} must be one of ${choices.join(", ")}, got '${text}'`, "render");
  }
  return text as T;
}
