import { parseArgs } from "node:util";
import { nearestName } from "./nearestName.js";
import type { OptionTable, OptionValues, ValueOption } from "./OptionTable.js";
import { UsageError } from "./UsageError.js";

/** A command line read against a command's table: `--help`, or its checked options and its other arguments. */
export type OptionsRead<T extends OptionTable> = { help: true } | { help: false; values: OptionValues<T>; positionals: string[] };

/**
 * Reads a command's arguments against its option table. Every option must be one of the table's
 * (an unknown one is answered with the nearest known name, when one is near), a flag takes no
 * value, and an option with a value needs one: a following argument counts unless it looks like
 * an option, and a negative number does not (`--gain -6`). With `--help`, nothing more is
 * checked; otherwise every required option must be given, and each value must pass its kind.
 * @throws UsageError naming the option and, for a bad value, the rule it breaks.
 */
export function readOptions<T extends OptionTable>(command: string, table: T, args: readonly string[]): OptionsRead<T> {
  const rows: OptionTable = table;
  const spec = Object.fromEntries(
    Object.entries(rows).map(([name, row]) => {
      const type = row.kind === undefined ? ("boolean" as const) : ("string" as const);
      return [name, row.short === undefined ? { type } : { type, short: row.short }];
    }),
  );
  // Not strict: the tokens are checked here, so that each message names the option as the user knows it.
  const { tokens } = parseArgs({ args: withBareValues(rows, args), options: spec, allowPositionals: true, strict: false, tokens: true });
  const texts = new Map<string, string[]>();
  const given = new Set<string>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const row = Object.hasOwn(rows, token.name) ? rows[token.name] : undefined;
    if (row === undefined) {
      throw new UsageError(`unknown option '${token.rawName}'${suggestion(token.rawName, Object.keys(rows))}`, command);
    }
    if (row.kind === undefined) {
      if (token.value !== undefined) throw new UsageError(`--${token.name} takes no value, got '${token.rawName}=${token.value}'`, command);
    } else if (token.value === undefined || (!token.inlineValue && /^-[^\d.]/.test(token.value))) {
      throw new UsageError(`${names(token.name, row)} needs a value: ${row.hint}`, command);
    } else {
      // A second value replaces the first, unless the option takes several.
      texts.set(token.name, row.multiple ? [...(texts.get(token.name) ?? []), token.value] : [token.value]);
    }
    given.add(token.name);
  }
  if (given.has("help")) return { help: true };
  const values: Record<string, unknown> = {};
  for (const [name, row] of Object.entries(rows)) {
    if (row.kind === undefined) {
      values[name] = given.has(name);
      continue;
    }
    const written = texts.get(name);
    if (written === undefined) {
      if (row.required !== undefined) throw new UsageError(`--${name} is required: ${row.required}`, command);
      values[name] = row.multiple ? [] : row.default;
      continue;
    }
    const read = written.map((text) => {
      const value = row.kind.read(text);
      if (value === undefined) throw new UsageError(`--${name} must ${row.kind.rule}, got '${text}'`, command);
      return value;
    });
    values[name] = row.multiple ? read : read[0];
  }
  // Each value was read by its row's kind, which is what OptionValues<T> says of it.
  return { help: false, values: values as OptionValues<T>, positionals };
}

/**
 * The arguments with each option that may go without a value given its bare value where the
 * next argument is not one its kind takes (`--stems song.mid` is `--stems=channel song.mid`).
 */
function withBareValues(rows: OptionTable, args: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, arg] of args.entries()) {
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const row = name !== undefined && Object.hasOwn(rows, name) ? rows[name] : undefined;
    const next = args[i + 1];
    if (row?.kind !== undefined && row.bare !== undefined && (next === undefined || row.kind.read(next) === undefined)) {
      out.push(`${arg}=${row.bare}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** How a missing value's message names the option: `--soundfont (-s)`. */
function names(name: string, row: ValueOption<unknown>): string {
  return row.short === undefined ? `--${name}` : `--${name} (-${row.short})`;
}

/** " (did you mean --sample-rate?)" for a long option near a known one; one letter is near every other. */
function suggestion(rawName: string, known: readonly string[]): string {
  if (!rawName.startsWith("--")) return "";
  const near = nearestName(rawName.slice(2), known);
  return near === undefined ? "" : ` (did you mean --${near}?)`;
}
