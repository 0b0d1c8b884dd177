import type { AudioFormat } from "../io/AudioFormat.js";

/** The Content-Type of a render in `format`. */
export function mediaTypeOf(format: AudioFormat): string {
  switch (format) {
    case "s16":
    case "s24":
    case "f32":
      return "audio/wav";
    case "flac":
    case "flac24":
      return "audio/flac";
    case "mp3":
      return "audio/mpeg";
    case "opus":
      return "audio/ogg";
  }
}
