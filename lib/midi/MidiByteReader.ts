import { MidiFileError } from "./MidiFileError.js";

/**
 * A cursor over one region of a MIDI file (the whole file, or one chunk's body) that refuses to
 * read past the region's end. Every failure becomes a {@link MidiFileError} carrying the byte
 * offset and the track being read, so no caller ever sees an out-of-range read.
 */
export class MidiByteReader {
  /** Offset of the next byte to read, from the start of the file. */
  position: number;

  /**
   * @param bytes The whole file, so that offsets in errors are file offsets.
   * @param start Offset of the region's first byte.
   * @param end Offset just past the region's last byte.
   * @param region How errors name the region ("file", "track chunk").
   * @param track Index of the track the region belongs to, if any.
   */
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
    private readonly region: string,
    readonly track?: number,
  ) {
    this.position = start;
  }

  /** Bytes left before the region's end. */
  get remaining(): number {
    return this.end - this.position;
  }

  /** Throws a {@link MidiFileError} about this region; `offset` defaults to the cursor. */
  fail(problem: string, offset: number = this.position): never {
    throw new MidiFileError(problem, offset, this.track);
  }

  /** Reads one byte; `what` names it in the error when the region has ended. */
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.position++];
  }

  /** Reads a big-endian 16-bit unsigned integer. */
  u16(what: string): number {
    this.need(2, what);
    const p = this.position;
    this.position += 2;
    return (this.bytes[p] << 8) | this.bytes[p + 1];
  }

  /** Reads a big-endian 32-bit unsigned integer (chunk lengths can use all 32 bits). */
  u32(what: string): number {
    this.need(4, what);
    const p = this.position;
    this.position += 4;
    const b = this.bytes;
    return b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
  }

  /** Reads four bytes as a chunk identifier, e.g. "MTrk". */
  fourCC(what: string): string {
    this.need(4, what);
    const p = this.position;
    this.position += 4;
    return String.fromCharCode(this.bytes[p], this.bytes[p + 1], this.bytes[p + 2], this.bytes[p + 3]);
  }

  /**
   * Reads a variable-length quantity (7 bits a byte, high bit set on all but the last).
   * The SMF limit is four bytes (values below 2^28); a longer one is refused, as rustysynth does,
   * so that a run of 0xFF bytes cannot build an absurd number.
   */
  varLength(what: string): number {
    const start = this.position;
    let value = 0;
    for (let count = 1; ; count++) {
      const b = this.u8(what);
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) {
        return value;
      }
      if (count === 4) {
        this.fail(`${what} is a variable-length quantity longer than 4 bytes`, start);
      }
    }
  }

  /** Reads `count` bytes as a view on the file, refusing a count larger than what is left. */
  take(count: number, what: string): Uint8Array {
    this.need(count, what);
    this.position += count;
    return this.bytes.subarray(this.position - count, this.position);
  }

  /** Skips `count` bytes, refusing a count larger than what is left. */
  skip(count: number, what: string): void {
    this.need(count, what);
    this.position += count;
  }

  private need(count: number, what: string): void {
    if (this.end - this.position < count) {
      this.fail(
        `${what} (${count} byte${count === 1 ? "" : "s"}) runs past the end of the ${this.region}` +
          ` (${Math.max(0, this.end - this.position)} left)`,
      );
    }
  }
}
