import { buildLayout, readUint, readVarint, type Field, type Layout, type Unit } from "./Layout.js";

const statusBytes = [0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0xf7, 0xff, 0xf1, 0xf2, 0xf3, 0xf6, 0xf8, 0xfe, 0x00, 0x7f, 0x9f, 0xbf];
// Controllers the synthesizer acts on (bank, RPN/NRPN and data entry, volume, pan, hold, all
// notes off) and the loop markers of every loop convention.
const controllers = [0, 1, 6, 7, 10, 11, 32, 38, 64, 91, 93, 98, 99, 100, 101, 110, 111, 116, 117, 120, 121, 123, 127];
const metaTypes = [0x2f, 0x51, 0x00, 0x01, 0x03, 0x58, 0x59, 0x7f, 0x20, 0x21];

/**
 * The layout of a well-formed standard MIDI file: the header fields, every chunk length, and,
 * in each track, every delta time, status byte, data byte, meta event type and length, tempo
 * and sysex length.
 */
export function midiLayout(bytes: Uint8Array): Layout {
  const fields: Field[] = [];
  const boundaries: number[] = [0, 4, 8, 10, 12, 14, bytes.length];
  const units: Unit[] = [];
  const trackCount = readUint(bytes, 10, 2, "be");
  fields.push({ offset: 4, size: 4, encoding: "be", label: "MThd length", group: "chunk length", special: [5, 7, 8] });
  fields.push({ offset: 8, size: 2, encoding: "be", label: "format", group: "header", special: [1, 2, 3] });
  fields.push({ offset: 10, size: 2, encoding: "be", label: "track count", group: "header", special: [1, trackCount + 1, 0x7fff] });
  fields.push({ offset: 12, size: 2, encoding: "be", label: "time division", group: "header", special: [1, 0x7fff, 0x8000, 0xe728, 0xe250] });

  let track = 0;
  for (let chunk = 8 + readUint(bytes, 4, 4, "be"); chunk + 8 <= bytes.length; ) {
    const id = String.fromCharCode(...bytes.subarray(chunk, chunk + 4));
    const length = readUint(bytes, chunk + 4, 4, "be");
    const end = Math.min(bytes.length, chunk + 8 + length);
    fields.push({ offset: chunk + 4, size: 4, encoding: "be", label: `${id} ${track} length`, group: "chunk length", special: [length - 1, length + 1] });
    boundaries.push(chunk, chunk + 4, chunk + 8, end);
    units.push({ key: id, start: chunk, end, sizeFields: [] });
    if (id === "MTrk") {
      trackFields(bytes, chunk + 8, end, chunk + 4, `track ${track}`, fields);
      track++;
    }
    chunk = end;
  }
  return buildLayout(fields, boundaries, [[0, bytes.length]], units, bytes.length);
}

function trackFields(bytes: Uint8Array, start: number, end: number, lengthAt: number, where: string, fields: Field[]): void {
  let p = start;
  let running = 0;
  const one = (offset: number, label: string, group: string, special: readonly number[]): void => {
    fields.push({ offset, size: 1, encoding: "be", label: `${where} ${label}`, group, special });
  };
  const varint = (label: string, group: string, special: readonly number[]): number => {
    const { value, length } = readVarint(bytes, p, end);
    fields.push({ offset: p, size: length, encoding: "varint", label: `${where} ${label}`, group, special, chunkLengthAt: lengthAt });
    p += length;
    return value;
  };
  for (let event = 0; p < end; event++) {
    varint(`event ${event} delta time`, "delta time", [0x0fffffff, 0x7fffffff, 0x3fff, 0x1fffff]);
    const status = bytes[p];
    if (status < 0x80) {
      if (running === 0) return;
    } else {
      one(p, `event ${event} status`, "status", statusBytes);
      p++;
      if (status === 0xff) {
        one(p, `event ${event} meta type`, "meta", metaTypes);
        const type = bytes[p++];
        const length = varint(`event ${event} meta length`, "meta length", [0, 2, 3, 4, 0x0fffffff]);
        if (type === 0x51 && length === 3) {
          fields.push({ offset: p, size: 3, encoding: "be", label: `${where} event ${event} tempo`, group: "tempo", special: [1, 0xffffff, 0x7fffff] });
        }
        if (type === 0x2f) return;
        p += length;
        continue;
      }
      if (status === 0xf0 || status === 0xf7) {
        const length = varint(`event ${event} sysex length`, "sysex length", [0, 0x0fffffff, 0x7f]);
        p += length;
        continue;
      }
      running = status;
    }
    const command = running & 0xf0;
    const dataCount = command === 0xc0 || command === 0xd0 ? 1 : 2;
    one(p, `event ${event} data1`, "data byte", command === 0xb0 ? controllers : [0, 127, 128, 255]);
    if (dataCount === 2) one(p + 1, `event ${event} data2`, "data byte", [0, 1, 64, 127, 128, 255]);
    p += dataCount;
  }
}
