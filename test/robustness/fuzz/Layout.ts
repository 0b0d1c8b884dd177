/**
 * What the fuzzer knows of a file's structure: the fields worth corrupting (sizes, indices,
 * counts, delta times), the offsets where chunks start and end (to cut there), the byte ranges
 * where random damage is interesting, and the chunks that can be swapped with another file's.
 */

/** Which preset, instrument or sample a field belongs to, so that the render plays it. */
export interface Focus {
  readonly preset?: number;
  readonly instrument?: number;
  readonly sample?: number;
}

export interface Field {
  readonly offset: number;
  /** Bytes: 1 to 4 for integers, the quantity's length for a variable-length one. */
  readonly size: number;
  readonly encoding: "le" | "be" | "varint";
  /** Where it is, for the report: "pdta/shdr[12].sampleRate", "track 2 event 17 delta time". */
  readonly label: string;
  /** Fields of one group are alike; the fuzzer picks a group first, then a field in it. */
  readonly group: string;
  /** Values worth trying besides 0, the maximum and neighbours of the original. */
  readonly special?: readonly number[];
  readonly focus?: Focus;
  /** For a MIDI quantity: the track's big-endian length field, to keep it right when the quantity's length changes. */
  readonly chunkLengthAt?: number;
}

/** A chunk that can be removed, duplicated or replaced by another file's chunk of the same key. */
export interface Unit {
  /** "pdta/igen", "LIST INFO", "MTrk". */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Size fields of the chunks that hold this one, to keep them right when its length changes. */
  readonly sizeFields: readonly { readonly offset: number; readonly encoding: "le" | "be" }[];
}

export interface Layout {
  readonly fields: readonly Field[];
  /** The fields by group. */
  readonly groups: ReadonlyMap<string, readonly Field[]>;
  /** Offsets where a chunk or its header starts or ends, sorted, without duplicates. */
  readonly boundaries: readonly number[];
  /** [start, end) ranges where byte-level damage goes; the rest (sample data) is left alone. */
  readonly hot: readonly (readonly [number, number])[];
  readonly units: readonly Unit[];
}

export function buildLayout(
  fields: Field[],
  boundaries: number[],
  hot: (readonly [number, number])[],
  units: Unit[],
  length: number,
): Layout {
  const groups = new Map<string, Field[]>();
  for (const field of fields) {
    const list = groups.get(field.group);
    if (list === undefined) groups.set(field.group, [field]);
    else list.push(field);
  }
  const cuts = [...new Set(boundaries.filter((b) => b >= 0 && b <= length))].sort((a, b) => a - b);
  return { fields, groups, boundaries: cuts, hot, units };
}

export function readUint(bytes: Uint8Array, offset: number, size: number, encoding: "le" | "be"): number {
  let value = 0;
  for (let i = 0; i < size; i++) {
    const b = bytes[encoding === "le" ? offset + size - 1 - i : offset + i];
    value = value * 256 + b;
  }
  return value;
}

export function encodeUint(value: number, size: number, encoding: "le" | "be"): Uint8Array {
  const out = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    const b = v % 256;
    v = Math.floor(v / 256);
    out[encoding === "le" ? i : size - 1 - i] = b;
  }
  return out;
}

/** A MIDI variable-length quantity: returns its value and its length in bytes. */
export function readVarint(bytes: Uint8Array, offset: number, limit: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 4 && offset + i < limit; i++) {
    const b = bytes[offset + i];
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new Error(`no variable-length quantity at byte ${offset}`);
}

export function encodeVarint(value: number): Uint8Array {
  const out = [value & 0x7f];
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return Uint8Array.from(out);
}
