import type { ValueKind } from "./valueKinds.js";

/**
 * One row of a command's option table: everything the program knows of an option, so that
 * reading it, refusing it and describing it in `--help` come from the same place.
 */
interface OptionRow {
  /** The one-letter name, without its dash. */
  readonly short?: string;
  /** The help line (one sentence; `--help` wraps it). */
  readonly help: string;
}

/** An option that takes no value: given or not. */
export interface Flag extends OptionRow {
  readonly kind?: undefined;
}

/** An option with a value, read and checked by its kind. */
export interface ValueOption<T> extends OptionRow {
  readonly kind: ValueKind<T>;
  /** What `--help` calls the value: `FONT.sf2`, `N`, `SECONDS`. */
  readonly placeholder: string;
  /** What the value is, for the message when it is missing: "a file, e.g. --out song.wav". */
  readonly hint: string;
  /** The value when the option is not given. */
  readonly default?: T;
  /** Why the option must be given, for the message when it is not. */
  readonly required?: string;
  /** Whether it may be given more than once: its value is then the list of values, in order. */
  readonly multiple?: boolean;
  /**
   * The value's text when the option is given without one: `--stems` alone reads as
   * `--stems channel`. The next argument is then its value only when the kind takes it.
   */
  readonly bare?: string;
}

/** A command's options by long name, in the order `--help` lists them. */
export type OptionTable = Readonly<Record<string, Flag | ValueOption<unknown>>>;

/** What the options of a table are once read: a flag is a boolean, an option its kind's value. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends { kind: ValueKind<infer V> }
    ? T[K] extends { multiple: true }
      ? V[]
      : T[K] extends { default: V } | { required: string }
        ? V
        : V | undefined
    : boolean;
};

export function flag(help: string, short?: string): Flag {
  return short === undefined ? { help } : { help, short };
}

/**
 * An option with a value of `kind`. Its row keeps whether it has a default or is required, so
 * that its value's type says whether it can be missing.
 */
export function option<T, const R extends Omit<ValueOption<T>, "kind">>(kind: ValueKind<T>, row: R): R & { kind: ValueKind<T> } {
  return { ...row, kind };
}
