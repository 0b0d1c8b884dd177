import { SoundFontError } from "./SoundFontError.js";

/**
 * A chunk whose header has been read. A sub-chunk's size has been checked to fit its LIST; a
 * LIST's own size is checked once its sub-chunks are read (see {@link RiffList}).
 */
export interface RiffChunk {
  /** The four-character code, non-printable bytes shown as "?". */
  readonly id: string;
  /** How errors name the chunk: "RIFF", "LIST INFO", "pdta/phdr". */
  readonly name: string;
  /** Byte offset of the chunk header in the file. */
  readonly offset: number;
  /** Byte offset of the chunk data. */
  readonly dataOffset: number;
  /** The size the header claims, in bytes. */
  readonly size: number;
}

/**
 * A LIST chunk: its own chunk, and the span of its sub-chunks after the list type. Its size is
 * checked only once its sub-chunks have been read, so that a truncated file is reported at the
 * innermost chunk the cut goes through.
 */
export interface RiffList {
  readonly chunk: RiffChunk;
  /** "INFO", "sdta" or "pdta". */
  readonly type: string;
  readonly bodyOffset: number;
  /** Where the list ends, or `limit` if that is sooner. */
  readonly end: number;
  /** Where the bytes that can hold the list end: the file's or the RIFF chunk's end. */
  readonly limit: number;
}

const headerSize = 8;

/**
 * Bounds-checked reads over the file. Every read is checked against the bytes that remain
 * before anything is allocated, so a corrupt size can neither throw a RangeError from a
 * DataView nor make us allocate more than the file holds.
 */
export class RiffReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  fourCC(offset: number): string {
    let s = "";
    for (let i = offset; i < offset + 4; i++) {
      const b = this.bytes[i];
      s += isPrintable(b) ? String.fromCharCode(b) : "?";
    }
    return s;
  }

  /**
   * Reads a zero-terminated string from a fixed-length field. Bytes are taken as Latin-1, so
   * any name survives a read and a write unchanged.
   */
  string(offset: number, length: number): string {
    let end = offset;
    const limit = offset + length;
    while (end < limit && this.bytes[end] !== 0) end++;
    let s = "";
    for (let i = offset; i < end; i++) s += String.fromCharCode(this.bytes[i]);
    return s;
  }

  /**
   * Reads the header of the chunk at `offset`, which must lie within `end`.
   * @param list - The LIST the chunk is in, which names it ("pdta/phdr"); none for the RIFF body.
   */
  chunk(offset: number, end: number, list?: RiffList): RiffChunk {
    const parent = list?.chunk.name ?? "RIFF";
    if (end - offset < headerSize) {
      throw new SoundFontError(
        parent,
        offset,
        `Invalid SoundFont: the ${parent} chunk ends with ${end - offset} stray bytes at byte ${offset}, too few for a chunk header`,
      );
    }
    const id = this.fourCC(offset);
    const size = this.view.getUint32(offset + 4, true);
    const chunk: RiffChunk = {
      id,
      name: list === undefined ? id : `${list.type}/${id}`,
      offset,
      dataOffset: offset + headerSize,
      size,
    };
    const room = end - chunk.dataOffset;
    if (size > room) {
      const where = end === this.length ? "the file" : `the ${parent} chunk`;
      throw chunkError(chunk, `has length ${size}, but only ${room} bytes remain in ${where}`);
    }
    return chunk;
  }

  /** Reads a LIST chunk of the RIFF body at `offset`, whose list type must be `type`. */
  list(offset: number, end: number, type: string): RiffList {
    const name = `LIST ${type}`;
    if (end - offset < headerSize + 4) {
      throw new SoundFontError(
        name,
        offset,
        `Invalid SoundFont: expected a ${name} chunk at byte ${offset}, but only ${Math.max(0, end - offset)} bytes remain in ${end === this.length ? "the file" : "the RIFF chunk"}`,
      );
    }
    const id = this.fourCC(offset);
    const actualType = this.fourCC(offset + headerSize);
    if (id !== "LIST" || actualType !== type) {
      throw new SoundFontError(
        name,
        offset,
        `Invalid SoundFont: expected a ${name} chunk at byte ${offset}, found '${id === "LIST" ? `LIST ${actualType}` : id}'`,
      );
    }
    const size = this.view.getUint32(offset + 4, true);
    const chunk: RiffChunk = { id, name, offset, dataOffset: offset + headerSize, size };
    if (size < 4) {
      throw chunkError(chunk, `has length ${size}, too short for its list type`);
    }
    const bodyOffset = chunk.dataOffset + 4;
    return { chunk, type, bodyOffset, end: Math.min(chunk.dataOffset + size, end), limit: end };
  }

  /**
   * Reads every sub-chunk of a LIST, in order, then checks that the LIST itself fits.
   */
  subChunks(list: RiffList): RiffChunk[] {
    const chunks: RiffChunk[] = [];
    let offset = list.bodyOffset;
    while (offset < list.end) {
      const chunk = this.chunk(offset, list.end, list);
      chunks.push(chunk);
      offset = this.next(chunk, list.end);
    }
    const { chunk, limit } = list;
    if (chunk.size > limit - chunk.dataOffset) {
      const where = limit === this.length ? "the file" : "the RIFF chunk";
      throw chunkError(
        chunk,
        `has length ${chunk.size}, but only ${limit - chunk.dataOffset} bytes remain in ${where}`,
      );
    }
    return chunks;
  }

  /**
   * Where the chunk after `chunk` starts. RIFF pads odd-sized chunks to an even length, but
   * some writers leave the pad byte out: we skip a byte after an odd-sized chunk only when it
   * cannot be the start of a chunk id, which is always printable ASCII.
   */
  next(chunk: RiffChunk, end: number): number {
    const next = chunk.dataOffset + chunk.size;
    if (chunk.size % 2 === 1 && next < end && (next + 1 === end || !isPrintable(this.bytes[next]))) {
      return next + 1;
    }
    return next;
  }
}

/** An error about `chunk`, located at its header: "the phdr chunk at byte 5968212 has ...". */
export function chunkError(chunk: RiffChunk, problem: string): SoundFontError {
  return new SoundFontError(
    chunk.name,
    chunk.offset,
    `Invalid SoundFont: the ${chunk.id === "LIST" ? chunk.name : chunk.id} chunk at byte ${chunk.offset} ${problem}`,
  );
}

/**
 * Checks that a chunk holds whole records plus the terminal record the specification requires,
 * and returns how many records precede the terminal one.
 */
export function recordCount(chunk: RiffChunk, recordSize: number): number {
  if (chunk.size === 0 || chunk.size % recordSize !== 0) {
    throw chunkError(
      chunk,
      chunk.size === 0
        ? `is empty; it needs at least its terminal record of ${recordSize} bytes`
        : `has length ${chunk.size}, not a multiple of ${recordSize}`,
    );
  }
  return chunk.size / recordSize - 1;
}

function isPrintable(b: number): boolean {
  return b >= 0x20 && b <= 0x7e;
}
