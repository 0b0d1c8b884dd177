import { describeValue } from "../soundfont/fileBytes.js";

/**
 * Refuses an options object with a name that is not an option: a misspelt option
 * (`{ samplerate: 48000 }`) would otherwise be ignored without a word.
 * @throws TypeError naming the unknown option, a near spelling, and the known ones.
 */
export function checkOptionNames(options: object, known: readonly string[], what: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`the ${what} must be an object, got ${describeValue(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
      throw new TypeError(`unknown option '${name}' in the ${what}${near ? ` (did you mean '${near}'?)` : ""}; the options are ${known.join(", ")}`);
    }
  }
}
