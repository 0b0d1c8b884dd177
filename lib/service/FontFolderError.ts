/**
 * The folder of SoundFonts a service was started with cannot be used: it is not a folder, cannot
 * be read, holds no .sf2 or .sf3 file, or one of its fonts does not load. The message starts
 * with the path of the folder or font at fault.
 */
export class FontFolderError extends Error {
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.name = "FontFolderError";
    this.path = path;
  }
}
