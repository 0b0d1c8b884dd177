/**
 * What a render is written as. Three WAV sample formats: `s16` (16-bit PCM, what every player
 * accepts), `s24` (24-bit PCM) and `f32` (32-bit IEEE float, the synthesizer's own precision,
 * neither rounded nor clipped); `flac` and `flac24` (lossless FLAC of exactly the samples of `s16`
 * and `s24`); `mp3` (MPEG-1 Layer III at a constant 192 kbit/s); `opus` (Opus in an Ogg file, by
 * default at 128 kbit/s, rendered at 48 kHz unless another rate is asked for).
 */
export type AudioFormat = "s16" | "s24" | "f32" | "flac" | "flac24" | "mp3" | "opus";

/** The formats written as WAV files. */
export type WavFormat = "s16" | "s24" | "f32";

/** The WAV formats under their former name. */
export type SampleFormat = WavFormat;

/** Every format, for validating user input. */
export const audioFormats: readonly AudioFormat[] = ["s16", "s24", "f32", "flac", "flac24", "mp3", "opus"];

export function isWavFormat(format: AudioFormat): format is WavFormat {
  return format === "s16" || format === "s24" || format === "f32";
}

/** The file name extension of a format, with its dot. */
export function extensionOf(format: AudioFormat): ".wav" | ".flac" | ".mp3" | ".opus" {
  return isWavFormat(format) ? ".wav" : format === "mp3" ? ".mp3" : format === "opus" ? ".opus" : ".flac";
}

/**
 * The sample rate to render at when none is asked for, or undefined for the synthesizer's own
 * default. Opus codes at 48 kHz whatever it is given, so rendering at 48 kHz spares a resampler.
 */
export function defaultSampleRate(format: AudioFormat): number | undefined {
  return format === "opus" ? 48000 : undefined;
}

/**
 * The format to write the file `name` in: `format` when given, else the one its extension asks
 * for, else 16-bit WAV for a name without an extension.
 * @throws RangeError when the extension asks for no format and none is given, or for another
 * container than `format` writes.
 */
export function formatForFile(name: string, format: AudioFormat | undefined): AudioFormat {
  const dot = name.lastIndexOf(".");
  const extension = dot > Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) ? name.slice(dot) : "";
  const named = extension === "" ? undefined : formatOfExtension(extension);
  if (extension !== "" && named === undefined && format === undefined) {
    throw new RangeError(`unknown extension '${extension}' of ${name}; name a .wav, .flac, .mp3 or .opus file, or give the format`);
  }
  const chosen = format ?? named ?? "s16";
  if (named !== undefined && extensionOf(chosen) !== extensionOf(named)) {
    throw new RangeError(`the format ${chosen} writes ${extensionOf(chosen)} files, but the file is ${name}: change one of them`);
  }
  return chosen;
}

/** The format a file name extension asks for (`.wav` is 16-bit), or undefined for another extension. */
export function formatOfExtension(extension: string): AudioFormat | undefined {
  switch (extension.toLowerCase()) {
    case ".wav":
      return "s16";
    case ".flac":
      return "flac";
    case ".mp3":
      return "mp3";
    case ".opus":
      return "opus";
    default:
      return undefined;
  }
}

/** Bits per integer sample of the PCM formats: 16 or 24 (0 for float, MP3 and Opus). */
export function integerBits(format: AudioFormat): 0 | 16 | 24 {
  return format === "s16" || format === "flac" ? 16 : format === "s24" || format === "flac24" ? 24 : 0;
}

/** A format in words, for messages: "16-bit WAV", "24-bit FLAC", "MP3 (192 kbit/s)", "Opus". */
export function describeFormat(format: AudioFormat): string {
  switch (format) {
    case "s16":
      return "16-bit WAV";
    case "s24":
      return "24-bit WAV";
    case "f32":
      return "32-bit float WAV";
    case "flac":
      return "16-bit FLAC";
    case "flac24":
      return "24-bit FLAC";
    case "mp3":
      return "MP3 (192 kbit/s)";
    case "opus":
      return "Opus";
  }
}
