import { buildLayout, readUint, type Field, type Layout, type Unit } from "./Layout.js";
import { dlsLayout } from "./dlsLayout.js";
import { midiLayout } from "./midiLayout.js";
import { sf2Layout } from "./sf2Layout.js";

/**
 * The layout of an RMIDI file: its RIFF sizes, the INFO fields (DBNK among them), and the
 * layouts of the song in its 'data' chunk and of the SoundFont or DLS bank it carries, moved to where they
 * lie, each chunk's length fields kept right by the RIFF sizes that hold it.
 */
export function rmidiLayout(bytes: Uint8Array): Layout {
  const fields: Field[] = [{ offset: 4, size: 4, encoding: "le", label: "RIFF size", group: "chunk length" }];
  const boundaries = [0, 4, 8, 12, bytes.length];
  const hot: (readonly [number, number])[] = [[0, 12]];
  const units: Unit[] = [];
  const riff = { offset: 4, encoding: "le" as const };
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = readUint(bytes, at + 4, 4, "le");
    const body = at + 8;
    const end = Math.min(bytes.length, body + size);
    const own = { offset: at + 4, encoding: "le" as const };
    fields.push({ offset: at + 4, size: 4, encoding: "le", label: `${id} size`, group: "chunk length", special: [size - 1, size + 1] });
    boundaries.push(at, body, end);
    units.push({ key: id, start: at, end, sizeFields: [riff] });
    if (id === "data") nest(midiLayout(bytes.slice(body, end)), body, [riff, own], fields, boundaries, hot, units);
    else if (id === "RIFF") {
      const bank = bytes.slice(at, end);
      const form = String.fromCharCode(...bank.subarray(8, 12));
      nest(form === "DLS " ? dlsLayout(bank) : sf2Layout(bank), at, [riff], fields, boundaries, hot, units);
    }
    else if (id === "LIST") {
      hot.push([at, end]);
      for (let field = body + 4; field + 8 <= end; ) {
        const fieldId = String.fromCharCode(...bytes.subarray(field, field + 4));
        const fieldSize = readUint(bytes, field + 4, 4, "le");
        fields.push({ offset: field + 4, size: 4, encoding: "le", label: `INFO ${fieldId} size`, group: "chunk length" });
        if (fieldId === "DBNK") fields.push({ offset: field + 8, size: 2, encoding: "le", label: "DBNK bank offset", group: "header", special: [1, 127, 128, 0xffff] });
        field += 8 + fieldSize + (fieldSize & 1);
      }
    }
    at = body + size + (size & 1);
  }
  return buildLayout(fields, boundaries, hot, units, bytes.length);
}

// Adds a nested file's layout, moved by `base`; its units' lengths also feed `outer` sizes.
function nest(
  inner: Layout,
  base: number,
  outer: readonly { readonly offset: number; readonly encoding: "le" | "be" }[],
  fields: Field[],
  boundaries: number[],
  hot: (readonly [number, number])[],
  units: Unit[],
): void {
  for (const field of inner.fields) {
    fields.push({ ...field, offset: field.offset + base, chunkLengthAt: field.chunkLengthAt === undefined ? undefined : field.chunkLengthAt + base });
  }
  boundaries.push(...inner.boundaries.map((b) => b + base));
  hot.push(...inner.hot.map(([start, end]) => [start + base, end + base] as const));
  for (const unit of inner.units) {
    units.push({
      key: unit.key,
      start: unit.start + base,
      end: unit.end + base,
      sizeFields: [...unit.sizeFields.map((f) => ({ offset: f.offset + base, encoding: f.encoding })), ...outer],
    });
  }
}
