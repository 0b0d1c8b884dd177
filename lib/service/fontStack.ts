/**
 * The service's `font` parameter: one font of the library by its file name, or a stack of them
 * separated by commas, each with `@OFFSET` for a bank offset (`GM.sf2,drums.sf2@128`), played as
 * one font (see combineSoundFonts: later fonts win the presets they share).
 */
export interface FontInStack {
  readonly name: string;
  readonly bankOffset: number;
}

/** The fonts of a `font` value, in order; undefined for one that is not a list of NAME or NAME@OFFSET. */
export function readFontStack(text: string): FontInStack[] | undefined {
  const stack: FontInStack[] = [];
  for (const part of text.split(",")) {
    const match = /^(.+?)(?:@(-?\d{1,5}))?$/.exec(part);
    if (match === null) return undefined;
    stack.push({ name: match[1], bankOffset: match[2] === undefined ? 0 : Number(match[2]) });
  }
  return stack;
}

/** The most fonts a stack may hold: each is a copy of its samples in every render thread. */
export const maxStackedFonts = 8;
