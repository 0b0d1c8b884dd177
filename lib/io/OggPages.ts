/** The most lacing values a page's segment table holds (RFC 3533, section 6). */
export const maximumSegments = 255;

/** Flags of a page's header_type field. */
const firstPage = 0x02;
const lastPage = 0x04;

/** The Ogg checksum: CRC-32 with the polynomial 0x04C11DB7, not reflected, starting from zero. */
const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function crc(bytes: Uint8Array): number {
  let r = 0;
  for (const byte of bytes) r = ((r << 8) ^ crcTable[((r >>> 24) ^ byte) & 0xff]) >>> 0;
  return r;
}

/** Lacing values a packet of `length` bytes takes: a 255 for each full 255 bytes, then the rest (0 too). */
export function segmentsOf(length: number): number {
  return Math.floor(length / 255) + 1;
}

/**
 * The pages of one logical Ogg bitstream (RFC 3533), written in order: each page holds whole
 * packets only, which is all an Ogg Opus file needs, and carries the stream's serial number and
 * its own sequence number.
 */
export class OggPages {
  private sequence = 0;

  constructor(private readonly serial: number) {}

  /**
   * A page of `packets` (at most {@link maximumSegments} lacing values between them), the
   * granule position being the codec's position at the end of its last packet.
   */
  page(packets: readonly Uint8Array[], granulePosition: bigint, end = false): Uint8Array {
    const segments = packets.reduce((n, packet) => n + segmentsOf(packet.length), 0);
    if (segments > maximumSegments) throw new RangeError(`an Ogg page holds ${maximumSegments} lacing values, not ${segments}`);
    const headerLength = 27 + segments;
    const bytes = new Uint8Array(headerLength + packets.reduce((n, packet) => n + packet.length, 0));
    const view = new DataView(bytes.buffer);
    bytes.set([0x4f, 0x67, 0x67, 0x53]); // "OggS"
    bytes[4] = 0; // stream structure version
    bytes[5] = (this.sequence === 0 ? firstPage : 0) | (end ? lastPage : 0);
    view.setBigInt64(6, granulePosition, true);
    view.setUint32(14, this.serial, true);
    view.setUint32(18, this.sequence++, true);
    bytes[26] = segments;
    let lacing = 27;
    let body = headerLength;
    for (const packet of packets) {
      for (let left = packet.length; left >= 0; left -= 255) bytes[lacing++] = Math.min(left, 255);
      bytes.set(packet, body);
      body += packet.length;
    }
    // The checksum covers the whole page with its own field at zero, as it is until here.
    view.setUint32(22, crc(bytes), true);
    return bytes;
  }
}
