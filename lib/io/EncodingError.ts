import type { AudioFormat } from "./AudioFormat.js";

/** An encoder failed while it wrote a render: its format, and what went wrong. */
export class EncodingError extends Error {
  readonly format: AudioFormat;

  constructor(format: AudioFormat, message: string, options?: ErrorOptions) {
    super(`the ${format} encoder failed: ${message}`, options);
    this.name = "EncodingError";
    this.format = format;
  }
}
