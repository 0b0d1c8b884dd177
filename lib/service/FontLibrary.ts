import { maxStackedFonts, readFontStack } from "./fontStack.js";
import { readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { SoundFont } from "../io/index.js";
import { FontFolderError } from "./FontFolderError.js";
import { RequestError } from "./RequestError.js";

/** The files a font folder offers: SoundFonts and DLS banks, which SoundFont reads too. */
const fontFile = /\.(sf[23]|dls)$/i;

/** One SoundFont a service offers, as `GET /fonts` describes it. */
export interface FontSummary {
  /** What requests call it: its file name, extension included (`TimGM6mb.sf2`). */
  name: string;
  format: "SF2" | "SF3" | "DLS";
  /** The file's size in bytes. */
  bytes: number;
  presets: { bank: number; program: number; name: string }[];
}

/**
 * The SoundFonts of a folder: every .sf2, .sf3 and .dls file in it (not in its subfolders), each
 * opened once here to check it and list its presets. Requests name a font by its file name and
 * nothing else: the name is looked up among these, never joined to a path, so no request can
 * reach another file.
 */
export class FontLibrary {
  readonly folder: string;
  private readonly fonts: ReadonlyMap<string, FontSummary & { path: string }>;

  private constructor(folder: string, fonts: Map<string, FontSummary & { path: string }>) {
    this.folder = folder;
    this.fonts = fonts;
  }

  /** @throws FontFolderError when the folder cannot be read, holds no font, or a font does not load. */
  static load(folder: string): FontLibrary {
    let names: string[];
    try {
      names = readdirSync(folder).filter((name) => fontFile.test(name)).sort();
    } catch (error) {
      throw new FontFolderError(folder, whyNotListed(folder, error), { cause: error });
    }
    const fonts = new Map<string, FontSummary & { path: string }>();
    for (const name of names) {
      const file = path.join(folder, name);
      let font: SoundFont;
      let bytes: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) continue;
        bytes = stat.size;
        font = SoundFont.fromFile(file);
      } catch (error) {
        throw new FontFolderError(file, (error as Error).message, { cause: error });
      }
      const presets = font.presets
        .map((preset) => ({ bank: preset.bankNumber, program: preset.patchNumber, name: preset.name }))
        .sort((a, b) => a.bank - b.bank || a.program - b.program);
      const format = /\.dls$/i.test(name) ? "DLS" : font.compressed ? "SF3" : "SF2";
      fonts.set(name, { name, format, bytes, presets, path: file });
    }
    if (fonts.size === 0) {
      throw new FontFolderError(folder, "holds no SoundFont (.sf2 or .sf3 file)");
    }
    return new FontLibrary(folder, fonts);
  }

  /** The fonts' names, sorted. */
  get names(): string[] {
    return [...this.fonts.keys()];
  }

  /** What `GET /fonts` answers. */
  get summaries(): FontSummary[] {
    return [...this.fonts.values()].map(({ path: _path, ...summary }) => summary);
  }

  /** Each font's name and file, for the threads that open them. */
  get files(): { name: string; path: string }[] {
    return [...this.fonts.values()].map(({ name, path }) => ({ name, path }));
  }

  /**
   * The font a request names; without a name, the only font, when there is one.
   * @throws RequestError (400) for a name that is not one of the fonts.
   */
  resolve(name: string | undefined): string {
    if (name === undefined) {
      if (this.fonts.size === 1) return this.names[0];
      throw new RequestError(400, `font: name one of the fonts (${this.names.join(", ")})`);
    }
    const stack = readFontStack(name);
    if (stack === undefined || stack.length > maxStackedFonts) {
      throw new RequestError(400, `font: one font's name, or up to ${maxStackedFonts} separated by commas, each with @OFFSET for a bank offset (GM.sf2,drums.sf2@128)`);
    }
    for (const { name: font } of stack) {
      if (!this.fonts.has(font)) {
        const kind = /[/\\]/.test(font) ? "a font is named by its file name, not a path" : `unknown font '${font}'`;
        throw new RequestError(400, `font: ${kind}; the fonts are ${this.names.join(", ")}`);
      }
    }
    return name;
  }
}

/** Why a folder could not be listed, in words; a font's own path given for its folder's is the likely slip. */
function whyNotListed(folder: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such folder";
    case "ENOTDIR":
      if (!statOf(folder)?.isFile()) return "a part of the path is not a folder";
      if (fontFile.test(folder)) return `a SoundFont file, where a folder of SoundFonts is wanted: name its folder, ${path.dirname(folder)}`;
      return "a file, where a folder of SoundFonts (.sf2, .sf3) is wanted";
    default:
      return (error as Error).message;
  }
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
