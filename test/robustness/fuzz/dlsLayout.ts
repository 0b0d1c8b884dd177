import { buildLayout, readUint, type Field, type Layout, type Unit } from "./Layout.js";

// Connection block values worth trying: the sources, destinations and transforms DLS 2 defines
// around the ones the reader maps, and scales at the extremes.
const sources = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x81, 0x87, 0x8a, 0x8b, 0xdb, 0xdd, 0x100, 0x101, 0x102, 0xffff];
const destinations = [0, 1, 2, 3, 4, 5, 0x80, 0x81, 0x104, 0x105, 0x114, 0x115, 0x206, 0x207, 0x208, 0x209, 0x20a, 0x20b, 0x20c, 0x30a, 0x30e, 0x500, 0x501, 0xffff];
const transforms = [0, 1, 2, 3, 4, 0xf, 0x4000, 0x8000, 0xc000, 0x0400, 0x3c00, 0x0100, 0x0200, 0x00f0, 0xffff];
const scales = [0x80000000, 0x7fffffff, 0xffffffff, 1, 0x10000, 12800 * 0x10000, 1000 * 0x10000, (0x100000000 - 1200 * 0x10000) >>> 0];

type RecordFields = readonly (readonly [string, number, number, readonly number[]])[];

/** The fixed fields of each chunk kind: [name, offset, size, values worth trying]. */
const chunkFields: { readonly [id: string]: RecordFields } = {
  colh: [["instruments", 0, 4, [0, 1, 0xffffffff]]],
  insh: [["regions", 0, 4, [0, 0xffffffff]], ["bank", 4, 4, [0x80000000, 0x7f7f, 0x8000, 0x80007f7f, 0xffffffff]], ["program", 8, 4, [127, 128, 0xffffffff]]],
  rgnh: [["keyLow", 0, 2, [127, 128, 0xffff]], ["keyHigh", 2, 2, [0, 127, 128, 0xffff]], ["velocityLow", 4, 2, [127, 128]], ["velocityHigh", 6, 2, [0, 127, 128]], ["options", 8, 2, [1]], ["keyGroup", 10, 2, [1, 15, 128, 0xffff]]],
  wlnk: [["options", 0, 2, [1]], ["phaseGroup", 2, 2, []], ["channel", 4, 4, [0, 2]], ["tableIndex", 8, 4, [1, 2, 0xffffffff]]],
  wsmp: [["headerSize", 0, 4, [0, 19, 21, 0xffffffff]], ["unityNote", 4, 2, [0, 127, 128, 0xffff]], ["fineTune", 6, 2, [0x7fff, 0x8000, 0xffff]], ["gain", 8, 4, scales], ["options", 12, 4, [1, 2, 3]], ["loops", 16, 4, [0, 1, 2, 0xffffffff]], ["loopHeaderSize", 20, 4, [0, 0xffffffff]], ["loopType", 24, 4, [0, 1, 2]], ["loopStart", 28, 4, [0xffffffff, 0x7fffffff]], ["loopLength", 32, 4, [0, 0xffffffff, 0x7fffffff]]],
  "fmt ": [["formatTag", 0, 2, [0, 1, 2, 3, 6, 7, 0xfffe]], ["channels", 2, 2, [0, 2]], ["sampleRate", 4, 4, [0, 1, 400, 1_000_000, 0xffffffff]], ["blockAlign", 12, 2, [0, 1, 2, 3]], ["bitsPerSample", 14, 2, [0, 4, 8, 12, 16, 24, 32]]],
  ptbl: [["headerSize", 0, 4, [0, 4, 12, 0xffffffff]], ["cues", 4, 4, [0, 2, 0xffffffff]]],
  art1: [["headerSize", 0, 4, [0, 4, 12, 0xffffffff]], ["connections", 4, 4, [0, 0xffffffff]]],
  art2: [["headerSize", 0, 4, [0, 4, 12, 0xffffffff]], ["connections", 4, 4, [0, 0xffffffff]]],
};

/**
 * The layout of a well-formed DLS bank: every chunk and LIST size (each kept right in the lists
 * that hold it when a chunk grows or shrinks), the fields of insh, rgnh, wlnk, wsmp, fmt, ptbl
 * and colh, each connection block's source, control, destination, transform and scale, and
 * every pool cue. Wave data is left alone past its first bytes.
 */
export function dlsLayout(bytes: Uint8Array): Layout {
  const fields: Field[] = [{ offset: 4, size: 4, encoding: "le", label: "RIFF size", group: "chunk size" }];
  const boundaries = [0, 4, 8, 12, bytes.length];
  const hot: (readonly [number, number])[] = [[0, 12]];
  const units: Unit[] = [];
  const u = (offset: number, size: number): number => readUint(bytes, offset, size, "le");
  const id = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

  const walk = (start: number, end: number, path: string, holders: readonly { offset: number; encoding: "le" }[]): void => {
    for (let at = start; at + 8 <= end; ) {
      const chunkId = id(at);
      const size = u(at + 4, 4);
      const body = at + 8;
      const stop = Math.min(end, body + size);
      const isList = chunkId === "LIST" && size >= 4;
      const key = isList ? `${path}/LIST ${id(body)}` : `${path}/${chunkId}`;
      fields.push({ offset: at + 4, size: 4, encoding: "le", label: `${key} size`, group: "chunk size", special: [size - 1, size + 1, size + 2, size - 2, 0] });
      boundaries.push(at, body, stop);
      units.push({ key, start: at, end: Math.min(end, stop + (size & 1)), sizeFields: holders });
      if (isList) {
        hot.push([at, body + 4]);
        walk(body + 4, stop, key, [...holders, { offset: at + 4, encoding: "le" }]);
      } else {
        hot.push([at, chunkId === "data" ? Math.min(stop, body + 16) : stop]);
        for (const [name, offset, width, special] of chunkFields[chunkId] ?? []) {
          if (offset + width <= size) fields.push({ offset: body + offset, size: width, encoding: "le", label: `${key}.${name}`, group: chunkId, special });
        }
        if ((chunkId === "art1" || chunkId === "art2") && size >= 8) connectionFields(body + u(body, 4), stop, key);
        if (chunkId === "ptbl" && size >= 8) {
          for (let cue = body + u(body, 4), i = 0; cue + 4 <= stop; cue += 4, i++) fields.push({ offset: cue, size: 4, encoding: "le", label: `${key}[${i}]`, group: "pool cue", special: [1, 0xffffffff] });
        }
      }
      at = body + size + (size & 1);
    }
  };
  const connectionFields = (start: number, end: number, key: string): void => {
    for (let block = start, i = 0; block + 12 <= end; block += 12, i++) {
      const label = `${key} block ${i}`;
      fields.push({ offset: block, size: 2, encoding: "le", label: `${label} source`, group: "connection", special: sources });
      fields.push({ offset: block + 2, size: 2, encoding: "le", label: `${label} control`, group: "connection", special: sources });
      fields.push({ offset: block + 4, size: 2, encoding: "le", label: `${label} destination`, group: "connection", special: destinations });
      fields.push({ offset: block + 6, size: 2, encoding: "le", label: `${label} transform`, group: "connection", special: transforms });
      fields.push({ offset: block + 8, size: 4, encoding: "le", label: `${label} scale`, group: "connection", special: scales });
    }
  };
  walk(12, Math.min(bytes.length, 8 + u(4, 4)), "DLS ", [{ offset: 4, encoding: "le" }]);
  return buildLayout(fields, boundaries, hot, units, bytes.length);
}
