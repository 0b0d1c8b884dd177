import { parseEffectSettings } from "../synth/EffectSettings.js";

/**
 * What an option's value may be: how its text is read, and the rule a refusal quotes. A refusal
 * reads `--NAME must RULE, got 'TEXT'`, so every option of a kind is refused in the same words.
 */
export interface ValueKind<T> {
  /** The value, or undefined when the text breaks the rule. */
  read(text: string): T | undefined;
  /** What a value must do, after "must": "be a whole number of at least 1". */
  rule: string;
}

/** Reverb or chorus settings, `NAME=NUMBER` pairs separated by commas; names and ranges are the synthesizer's to check. */
export const effectSettings: ValueKind<Record<string, number>> = {
  read: parseEffectSettings,
  rule: "be NAME=NUMBER pairs separated by commas (roomSize=0.8,level=0.5)",
};

/** Any text: a path, an address, a URL. */
export const text: ValueKind<string> = { read: (value) => value, rule: "be text" };

/** A SoundFont file in a stack, and the offset its banks move by. */
export interface FontInStack {
  readonly file: string;
  readonly bankOffset: number;
}

/** `FILE` or `FILE@OFFSET`: a path ending in `@` and a whole number (negative too) gives the offset. */
export const fontInStack: ValueKind<FontInStack> = {
  read: (value) => {
    const match = /^(.+)@(-?\d+)$/.exec(value);
    if (match === null) return value === "" ? undefined : { file: value, bankOffset: 0 };
    return { file: match[1], bankOffset: Number(match[2]) };
  },
  rule: "be a SoundFont file, with @OFFSET for a bank offset (font.sf2@1)",
};

export const nonEmptyText: ValueKind<string> = {
  read: (value) => (value.trim() === "" ? undefined : value),
  rule: "not be empty",
};

export function wholeNumber(min: number): ValueKind<number> {
  return { read: (value) => wholeNumberOf(value, min), rule: `be a whole number of at least ${min}` };
}

export const portNumber: ValueKind<number> = {
  read: (value) => {
    const port = wholeNumberOf(value, 0);
    return port !== undefined && port <= 65535 ? port : undefined;
  },
  rule: "be a port number up to 65535 (0: any free port)",
};

export const secondsAbove0: ValueKind<number> = {
  read: (value) => {
    const seconds = numberOf(value);
    return seconds !== undefined && seconds > 0 ? seconds : undefined;
  },
  rule: "be a number of seconds above 0",
};

/** A point of the song: where a render starts or ends. */
export const secondsIntoSong: ValueKind<number> = {
  read: (value) => atLeast0(numberOf(value)),
  rule: "be a number of seconds into the song, 0 or more",
};

/** What follows the last event: `auto` (until the sound has died away) or seconds. */
export const tailLength: ValueKind<number | "auto"> = {
  read: (value) => (value === "auto" ? "auto" : atLeast0(numberOf(value))),
  rule: "be auto or a number of seconds, 0 or more",
};

/** A gain in decibels, with or without its unit ("-6", "-6dB"). */
export const decibels: ValueKind<number> = {
  read: (value) => {
    const gain = numberOf(value.replace(/\s*dB$/i, ""));
    return gain !== undefined && Math.abs(gain) <= 100 ? gain : undefined;
  },
  rule: "be a number of decibels from -100 to 100 (e.g. -6)",
};

export function oneOf<T extends string>(choices: readonly T[]): ValueKind<T> {
  return {
    read: (value) => choices.find((choice) => choice === value),
    rule: `be one of ${choices.join(", ")}`,
  };
}

function wholeNumberOf(value: string, min: number): number | undefined {
  const number = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(number) && number >= min ? number : undefined;
}

function numberOf(value: string): number | undefined {
  const number = Number(value);
  return value.trim() !== "" && Number.isFinite(number) ? number : undefined;
}

function atLeast0(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? value : undefined;
}
