/**
 * Thrown when a MIDI file cannot be read: truncated, corrupt, unsupported or hostile input.
 * Every problem found while loading a {@link MidiFile} surfaces as this error, never as a raw
 * `RangeError`, so callers can catch one class.
 */
export class MidiFileError extends Error {
  /** Byte offset in the file where the problem was found. */
  readonly offset: number;

  /** Index of the track chunk being read, or `undefined` for the header and chunk list. */
  readonly track: number | undefined;

  /**
   * @param problem What is wrong, in a few words (e.g. "chunk length 4294967295 exceeds the 12 bytes left").
   * @param offset Byte offset in the file where the problem was found.
   * @param track Index of the track being read, if any.
   */
  constructor(problem: string, offset: number, track?: number) {
    const where = track === undefined ? `at byte ${offset}` : `track ${track} at byte ${offset}`;
    super(`Invalid MIDI file: ${where}: ${problem}`);
    this.name = "MidiFileError";
    this.offset = offset;
    this.track = track;
  }
}
