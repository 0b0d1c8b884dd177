/**
 * Thrown when bytes given to {@link SoundFont} are not a SoundFont this library can read:
 * truncated, corrupt, or a format it does not support; and for an SF3 sample that cannot be
 * decoded (then naming the sample's index and name, with the byte offset of its Ogg stream).
 */
export class SoundFontError extends Error {
  /** The chunk where the problem is, e.g. "RIFF", "LIST INFO", "pdta/phdr", "sdta/smpl". */
  readonly chunk: string;

  /** Byte offset in the file where the problem is. */
  readonly offset: number;

  /**
   * @param chunk - The chunk where the problem is.
   * @param offset - Byte offset in the file where the problem is.
   * @param message - The whole message; it should name the problem, the chunk and the offset.
   */
  constructor(chunk: string, offset: number, message: string) {
    super(message);
    this.name = "SoundFontError";
    this.chunk = chunk;
    this.offset = offset;
  }
}
