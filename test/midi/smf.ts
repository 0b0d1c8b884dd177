/**
 * Byte-level builders for hand-made MIDI files, independent of the library's writer, so that
 * parser tests can express exactly the bytes they mean (running status, odd chunks, garbage).
 */

/** A variable-length quantity. */
export function vlq(value: number): number[] {
  const out = [value & 0x7f];
  for (let v = value >>> 7; v > 0; v >>>= 7) {
    out.unshift((v & 0x7f) | 0x80);
  }
  return out;
}

export function u32(value: number): number[] {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function chunk(id: string, body: readonly number[], length = body.length): number[] {
  return [...[...id].map((c) => c.charCodeAt(0)), ...u32(length), ...body];
}

export function header(format: number, trackCount: number, division: number): number[] {
  return chunk("MThd", [0, format, trackCount >> 8, trackCount & 0xff, division >> 8, division & 0xff]);
}

/** The end-of-track meta event after a delta time. */
export function endOfTrack(delta = 0): number[] {
  return [...vlq(delta), 0xff, 0x2f, 0x00];
}

/** A tempo meta event (microseconds per quarter note) after a delta time. */
export function tempo(delta: number, microseconds: number): number[] {
  return [...vlq(delta), 0xff, 0x51, 0x03, microseconds >> 16, (microseconds >> 8) & 0xff, microseconds & 0xff];
}

/** A whole file: header plus one MTrk chunk per body. */
export function smf(format: number, division: number, ...tracks: number[][]): Uint8Array {
  return Uint8Array.from([...header(format, tracks.length, division), ...tracks.flatMap((t) => chunk("MTrk", t))]);
}

/** The offsets at which a file's chunks (header included) start and end. */
export function chunkBoundaries(bytes: Uint8Array): number[] {
  const boundaries = [0];
  let p = 0;
  while (p + 8 <= bytes.length) {
    const length = ((bytes[p + 4] << 24) >>> 0) + ((bytes[p + 5] << 16) | (bytes[p + 6] << 8) | bytes[p + 7]);
    p += 8 + length;
    boundaries.push(p);
  }
  return boundaries;
}
