/**
 * How each sample is stored in the output: `s16` is 16-bit signed PCM (what every player
 * accepts), `f32` is 32-bit IEEE float (the synthesizer's own precision, neither rounded nor
 * clipped).
 */
export type SampleFormat = "s16" | "f32";

/** The sample formats, for validating user input. */
export const sampleFormats: readonly SampleFormat[] = ["s16", "f32"];

/** Bytes one stereo frame takes in the given format. */
export function bytesPerFrame(format: SampleFormat): number {
  return format === "s16" ? 4 : 8;
}
