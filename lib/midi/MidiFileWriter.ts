import type { MidiSong, MidiSongEvent, MidiSongMessage } from "./MidiSong.js";

const maxVarLength = 0x0fffffff; // four 7-bit groups
const endOfTrack = 0x2f;

/**
 * Writes a {@link MidiSong} as a standard MIDI file. Each track's events are sorted stably by
 * tick (events at the same tick keep their order), written with delta times and full status
 * bytes (no running status), and closed with one end-of-track meta event: at the latest tick of
 * any end-of-track event the track holds, or else at its last event.
 *
 * @throws RangeError when the song cannot be written: a format 0 song without exactly one
 * track, a resolution outside 1–32767, a negative or non-integer tick, a gap between events
 * longer than a delta time can hold (2^28 - 1 ticks), a status outside 0x80–0xEF, a data byte
 * outside 0–127, a meta type outside 0–127, or a system exclusive message not framed by F0 and
 * F7.
 */
export function writeMidiFile(song: MidiSong): Uint8Array {
  if (song.format !== 0 && song.format !== 1) {
    throw new RangeError(`format must be 0 or 1, got ${String(song.format)}`);
  }
  const trackCount = song.tracks.length;
  if (trackCount === 0 || trackCount > 0xffff || (song.format === 0 && trackCount !== 1)) {
    throw new RangeError(`a format ${song.format} song cannot have ${trackCount} tracks`);
  }
  if (!Number.isInteger(song.resolution) || song.resolution < 1 || song.resolution > 0x7fff) {
    throw new RangeError(`resolution must be an integer from 1 to 32767, got ${song.resolution}`);
  }

  const out = new ByteWriter();
  out.ascii("MThd");
  out.u32(6);
  out.u16(song.format);
  out.u16(trackCount);
  out.u16(song.resolution);
  song.tracks.forEach((events, index) => writeTrack(out, events, index));
  return out.bytes();
}

function writeTrack(out: ByteWriter, events: readonly MidiSongEvent[], trackIndex: number): void {
  const body = events.filter((e) => !("meta" in e && e.meta === endOfTrack));
  for (const event of events) {
    checkEvent(event, trackIndex);
  }
  // Array.prototype.sort is stable, so same-tick events keep the order the program gave.
  body.sort((a, b) => a.tick - b.tick);
  let endTick = body.length > 0 ? body[body.length - 1].tick : 0;
  for (const event of events) {
    if ("meta" in event && event.meta === endOfTrack) {
      endTick = Math.max(endTick, event.tick);
    }
  }

  out.ascii("MTrk");
  const lengthAt = out.length;
  out.u32(0); // patched below, once the body's size is known
  let tick = 0;
  const writeDelta = (to: number): void => {
    const delta = to - tick;
    if (delta > maxVarLength) {
      throw new RangeError(
        `track ${trackIndex}: the gap from tick ${tick} to ${to} exceeds ` +
          `the ${maxVarLength} ticks a delta time can hold`,
      );
    }
    out.varLength(delta);
    tick = to;
  };

  for (const event of body) {
    writeDelta(event.tick);
    if ("meta" in event) {
      out.u8(0xff);
      out.u8(event.meta);
      out.varLength(event.data.length);
      out.append(event.data);
    } else if ("sysex" in event) {
      // Stored as F0, the length of the rest, then the rest (ending with F7).
      out.u8(0xf0);
      out.varLength(event.sysex.length - 1);
      out.append(event.sysex.subarray(1));
    } else {
      out.u8(event.status);
      out.u8(event.data1);
      if (hasTwoDataBytes(event.status)) {
        out.u8(event.data2);
      }
    }
  }
  writeDelta(endTick);
  out.u8(0xff);
  out.u8(endOfTrack);
  out.u8(0);
  out.patchU32(lengthAt, out.length - lengthAt - 4);
}

function checkEvent(event: MidiSongEvent, track: number): void {
  const fail = (problem: string): never => {
    throw new RangeError(`track ${track}, tick ${event.tick}: ${problem}`);
  };
  if (!Number.isInteger(event.tick) || event.tick < 0) {
    fail("tick must be a non-negative integer");
  }
  if ("meta" in event) {
    if (!isDataByte(event.meta)) fail(`meta type must be 0-127, got ${event.meta}`);
    if (event.data.length > maxVarLength) fail(`meta data of ${event.data.length} bytes is too long`);
    return;
  }
  if ("sysex" in event) {
    const data = event.sysex;
    const framed = data instanceof Uint8Array && data.length >= 2 && data[0] === 0xf0 && data[data.length - 1] === 0xf7;
    if (!framed || data.subarray(1, -1).some((b) => b > 0x7f)) {
      fail("a system exclusive message must run from F0 to F7 with data bytes (0-127) between");
    }
    if (data.length > maxVarLength) fail(`a system exclusive message of ${data.length} bytes is too long`);
    return;
  }
  checkMessage(event, fail);
}

function checkMessage(message: MidiSongMessage, fail: (problem: string) => never): void {
  if (!Number.isInteger(message.status) || message.status < 0x80 || message.status > 0xef) {
    fail(`status must be a channel message status 0x80-0xEF, got ${message.status}`);
  }
  if (!isDataByte(message.data1) || (hasTwoDataBytes(message.status) && !isDataByte(message.data2))) {
    fail(`data bytes must be 0-127, got ${message.data1} and ${message.data2}`);
  }
}

function hasTwoDataBytes(status: number): boolean {
  const command = status & 0xf0;
  return command !== 0xc0 && command !== 0xd0;
}

function isDataByte(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0x7f;
}

/** A growable big-endian byte buffer. */
class ByteWriter {
  private buffer = new Uint8Array(1024);
  length = 0;

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.u8(value >> 8);
    this.u8(value & 0xff);
  }

  u32(value: number): void {
    this.reserve(4);
    this.patchU32(this.length, value);
    this.length += 4;
  }

  patchU32(offset: number, value: number): void {
    this.buffer[offset] = value >>> 24;
    this.buffer[offset + 1] = (value >>> 16) & 0xff;
    this.buffer[offset + 2] = (value >>> 8) & 0xff;
    this.buffer[offset + 3] = value & 0xff;
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) {
      this.u8(text.charCodeAt(i));
    }
  }

  /** Writes a variable-length quantity: 7 bits a byte, most significant first. */
  varLength(value: number): void {
    let shift = 21;
    while (shift > 0 && value >>> shift === 0) {
      shift -= 7;
    }
    for (; shift > 0; shift -= 7) {
      this.u8(((value >>> shift) & 0x7f) | 0x80);
    }
    this.u8(value & 0x7f);
  }

  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(count: number): void {
    if (this.length + count > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + count));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
  }
}
