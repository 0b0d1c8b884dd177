/**
 * Reading one logical Ogg stream: an SF3 sample is one, Ogg Vorbis from its first page to its
 * last. Only the container is read here (pages, packets, granule positions); the Vorbis packets
 * go to the decoder.
 */

/** A problem in an Ogg stream, at a byte offset from the stream's start. */
export class OggStreamError extends Error {
  readonly offset: number;

  constructor(offset: number, message: string) {
    super(message);
    this.name = "OggStreamError";
    this.offset = offset;
  }
}

/** What the first page and the last page of a stream say, read without decoding. */
export interface OggVorbisSummary {
  /** Channels of the Vorbis identification header. */
  readonly channels: number;
  /** Sample rate of the Vorbis identification header, in hertz. */
  readonly sampleRate: number;
  /** The last page's granule position: the frames the stream decodes to. */
  readonly frames: number;
}

const pageHeaderSize = 27;
const capture = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const vorbis = [0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]; // "vorbis"

// More frames than any sample could sensibly hold: a granule position past it is corrupt.
const maximumFrames = 2 ** 31 - 1;

function hasCapture(bytes: Uint8Array, offset: number): boolean {
  return (
    offset + 4 <= bytes.length &&
    bytes[offset] === capture[0] &&
    bytes[offset + 1] === capture[1] &&
    bytes[offset + 2] === capture[2] &&
    bytes[offset + 3] === capture[3]
  );
}

/** The byte length of the page at `offset`, or a reason why there is no whole page there. */
function pageLength(bytes: Uint8Array, offset: number): number | string {
  if (!hasCapture(bytes, offset)) return `no Ogg page starts there ('OggS' expected)`;
  if (offset + pageHeaderSize > bytes.length) return `the page header is cut short`;
  if (bytes[offset + 4] !== 0) return `the Ogg version is ${bytes[offset + 4]}, not 0`;
  const segments = bytes[offset + 26];
  if (offset + pageHeaderSize + segments > bytes.length) return `the page's segment table is cut short`;
  let length = pageHeaderSize + segments;
  for (let s = 0; s < segments; s++) length += bytes[offset + pageHeaderSize + s];
  if (offset + length > bytes.length) return `the page needs ${length} bytes, but ${bytes.length - offset} remain`;
  return length;
}

let crcTable: Uint32Array | undefined;

function crcTableOf(): Uint32Array {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let r = i << 24;
      for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
      crcTable[i] = r >>> 0;
    }
  }
  return crcTable;
}

function crcUpdate(crc: number, bytes: Uint8Array, start: number, end: number): number {
  const table = crcTableOf();
  for (let i = start; i < end; i++) crc = ((crc << 8) ^ table[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return crc;
}

/** The Ogg page checksum: CRC-32 with polynomial 0x04c11db7, not reflected, starting at 0. */
export function oggCrc(bytes: Uint8Array): number {
  return crcUpdate(0, bytes, 0, bytes.length);
}

/** Whether the page's checksum (taken with its own checksum field as zeros) matches its bytes. */
function checksumMatches(page: Uint8Array): boolean {
  const stored = new DataView(page.buffer, page.byteOffset + 22, 4).getUint32(0, true);
  const zeros = new Uint8Array(4);
  const crc = crcUpdate(crcUpdate(crcUpdate(0, page, 0, 22), zeros, 0, 4), page, 26, page.length);
  return crc === stored;
}

function granuleOf(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 6, 8);
  const low = view.getUint32(0, true);
  const high = view.getInt32(4, true);
  return high * 2 ** 32 + low;
}

// The longest an Ogg page can be: its header, 255 lacing values and 255 segments of 255 bytes.
const maximumPageLength = pageHeaderSize + 255 + 255 * 255;

/**
 * The offset of the page that ends the stream, found by looking back from the end for a page
 * header whose page ends exactly there; null when none does. Walking every page from the start
 * reads a header in every few kilobytes of a font (tens of milliseconds for a large one), where
 * this reads only the last page.
 */
function lastPageFromEnd(bytes: Uint8Array): number | null {
  if (bytes.length < pageHeaderSize) return null;
  const stop = Math.max(0, bytes.length - maximumPageLength);
  // lastIndexOf runs natively, where a loop over the bytes would start in the interpreter.
  for (let offset = bytes.lastIndexOf(capture[0], bytes.length - pageHeaderSize); offset >= stop; offset = bytes.lastIndexOf(capture[0], offset - 1)) {
    if (hasCapture(bytes, offset) && pageLength(bytes, offset) === bytes.length - offset) return offset;
    if (offset === 0) break;
  }
  return null;
}

/**
 * The offset of the page that ends the stream, walking the page headers from the first: the
 * way that names the first page that is cut short or unreadable, for a stream that
 * lastPageFromEnd finds no end in.
 * @throws {@link OggStreamError} at the first page that is not whole.
 */
function lastPageFromStart(bytes: Uint8Array): number {
  let offset = 0;
  for (;;) {
    const length = pageLength(bytes, offset);
    if (typeof length === "string") {
      throw new OggStreamError(offset, `the page at stream byte ${offset} is unreadable: ${length}`);
    }
    if (offset + length === bytes.length) return offset;
    offset += length;
  }
}

/**
 * Reads the first page's Vorbis identification header and the last page's granule position,
 * reading only the pages at the two ends of a whole stream (every page, and its checksum, is
 * checked when the stream is decoded).
 * @throws {@link OggStreamError} when the stream is not Ogg Vorbis or its ends are corrupt.
 */
export function summarizeOggVorbis(bytes: Uint8Array): OggVorbisSummary {
  const first = pageLength(bytes, 0);
  if (typeof first === "string") throw new OggStreamError(0, `the stream's first page is unreadable: ${first}`);
  const segments = bytes[26];
  const packet = pageHeaderSize + segments;
  const idLength = segments > 0 ? bytes[pageHeaderSize] : 0;
  const isVorbis = idLength >= 30 && bytes[packet] === 1 && vorbis.every((b, i) => bytes[packet + 1 + i] === b);
  if (!isVorbis) {
    const codec = idLength >= 8 ? String.fromCharCode(...bytes.subarray(packet, packet + 8)).replace(/[^\x20-\x7e]/g, "?") : "";
    throw new OggStreamError(packet, `the stream is not Vorbis (its first packet starts '${codec}')`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + packet, 30);
  const channels = view.getUint8(11);
  const sampleRate = view.getUint32(12, true);

  const offset = lastPageFromEnd(bytes) ?? lastPageFromStart(bytes);
  const frames = granuleOf(bytes, offset);
  if (!(frames > 0 && frames <= maximumFrames)) {
    throw new OggStreamError(offset + 6, `the last page's granule position is ${frames}, not a length in frames`);
  }
  return { channels, sampleRate, frames };
}

/**
 * Every packet of the stream, in order, with the byte offset of the page each one ends on. Each
 * page's checksum is checked, so that corrupt data is refused rather than played.
 * @throws {@link OggStreamError} when a page is cut short or corrupt.
 */
export function oggPackets(bytes: Uint8Array): { packets: Uint8Array[]; offsets: number[] } {
  const packets: Uint8Array[] = [];
  const offsets: number[] = [];
  let pending: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = pageLength(bytes, offset);
    if (typeof length === "string") throw new OggStreamError(offset, `the page at stream byte ${offset} is unreadable: ${length}`);
    if (!checksumMatches(bytes.subarray(offset, offset + length))) {
      throw new OggStreamError(offset, `the page at stream byte ${offset} fails its checksum (corrupt data)`);
    }
    const segments = bytes[offset + 26];
    let data = offset + pageHeaderSize + segments;
    for (let s = 0; s < segments; s++) {
      const size = bytes[offset + pageHeaderSize + s];
      pending.push(bytes.subarray(data, data + size));
      data += size;
      if (size < 255) {
        packets.push(pending.length === 1 ? pending[0] : concat(pending));
        offsets.push(offset);
        pending = [];
      }
    }
    offset += length;
  }
  return { packets, offsets };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}
