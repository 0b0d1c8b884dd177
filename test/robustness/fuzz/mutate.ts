import { encodeUint, encodeVarint, readUint, readVarint, type Field, type Focus, type Layout, type Unit } from "./Layout.js";
import type { Prng } from "./Prng.js";

/** One change to a file. Offsets are into the file as the earlier operations left it. */
export type Op =
  | { readonly kind: "write"; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: "cut"; readonly length: number }
  | { readonly kind: "replace"; readonly at: number; readonly length: number; readonly bytes: Uint8Array };

export interface Mutation {
  /** What was done, precisely enough to see it in a hex dump. */
  readonly description: string;
  readonly ops: readonly Op[];
  /** What the render should play to reach the damaged part. */
  readonly focus?: Focus;
}

/** A file the fuzzer mutates, or takes bytes from. */
export interface Target {
  readonly name: string;
  readonly format: "sf2" | "midi";
  readonly bytes: Uint8Array;
  readonly layout: Layout;
  /**
   * Run on the mutated bytes before they are exercised (and on the restored ones after): SF3
   * targets that recompute Ogg page checksums, so that mutations reach the Vorbis decoder.
   */
  readonly repair?: (bytes: Uint8Array) => void;
}

/**
 * The mutation of input `index` of `target`. The first inputs cut the file at each chunk
 * boundary (and a byte either side); the rest are random, from `prng`.
 */
export function mutationFor(target: Target, index: number, prng: Prng, donors: readonly Target[]): Mutation {
  const { boundaries } = target.layout;
  if (index < boundaries.length * 3) {
    const boundary = boundaries[Math.floor(index / 3)];
    const length = Math.max(0, boundary + (index % 3) - 1);
    return { description: `truncate to ${length} bytes (chunk boundary ${boundary}${index % 3 === 1 ? "" : index % 3 === 0 ? " - 1" : " + 1"})`, ops: [{ kind: "cut", length }] };
  }
  const r = prng.below(100);
  if (r < 35) return fieldMutation(target, prng);
  if (r < 47) return combined(target, prng);
  if (r < 60) return flips(target, prng);
  if (r < 68) return truncation(target, prng);
  if (r < 85) return splice(target, prng, donors);
  return unitMutation(target, prng, donors);
}

/** Applies the operations to `work` in place where it can, returning the input and how to undo. */
export function applyMutation(work: Uint8Array, ops: readonly Op[]): { bytes: Uint8Array; restore: () => void } {
  let bytes = work;
  const undo: [number, Uint8Array][] = [];
  for (const op of ops) {
    if (op.kind === "write") {
      const at = Math.min(op.at, bytes.length);
      const data = op.bytes.subarray(0, bytes.length - at);
      if (bytes.buffer === work.buffer) {
        const base = bytes.byteOffset - work.byteOffset;
        undo.push([base + at, work.slice(base + at, base + at + data.length)]);
      }
      bytes.set(data, at);
    } else if (op.kind === "cut") {
      bytes = bytes.subarray(0, Math.min(op.length, bytes.length));
    } else {
      const at = Math.min(op.at, bytes.length);
      const after = Math.min(bytes.length, at + op.length);
      const out = new Uint8Array(at + op.bytes.length + bytes.length - after);
      out.set(bytes.subarray(0, at));
      out.set(op.bytes, at);
      out.set(bytes.subarray(after), at + op.bytes.length);
      bytes = out;
    }
  }
  return {
    bytes,
    restore: () => {
      for (let i = undo.length - 1; i >= 0; i--) work.set(undo[i][1], undo[i][0]);
    },
  };
}

function pickField(layout: Layout, prng: Prng): Field | undefined {
  const groups = [...layout.groups.values()];
  if (groups.length === 0) return undefined;
  return prng.pick(prng.pick(groups));
}

function fieldMutation(target: Target, prng: Prng): Mutation {
  const field = pickField(target.layout, prng);
  if (field === undefined) return flips(target, prng);
  if (field.encoding === "varint") return varintMutation(target.bytes, field, prng);
  return fixedFieldMutation(target, field, prng);
}

function fixedFieldMutation(target: Target, field: Field, prng: Prng): Mutation & { ops: Op[] } {
  const encoding = field.encoding === "varint" ? "be" : field.encoding;
  const modulus = 2 ** (8 * field.size);
  const max = modulus - 1;
  const original = readUint(target.bytes, field.offset, field.size, encoding);
  const r = prng.below(100);
  let value: number;
  if (r < 30) value = prng.chance(0.5) ? 0 : max;
  else if (r < 50 && field.special !== undefined && field.special.length > 0) value = prng.pick(field.special);
  else if (r < 65) value = original + prng.pick([-3, -2, -1, 1, 2, 3]);
  else if (r < 75) value = prng.chance(0.5) ? Math.floor(max / 2) : Math.floor(max / 2) + 1;
  else if (r < 85) value = prng.below(modulus);
  else {
    // A value that is plausible for this kind of field, but belongs elsewhere.
    const other = prng.pick(target.layout.groups.get(field.group) ?? [field]);
    value = other.encoding === "varint" || other.size !== field.size ? prng.below(modulus) : readUint(target.bytes, other.offset, other.size, encoding);
  }
  value = ((value % modulus) + modulus) % modulus;
  return {
    description: `${field.label} (byte ${field.offset}) = ${value} (0x${value.toString(16)}; was ${original})`,
    ops: [{ kind: "write", at: field.offset, bytes: encodeUint(value, field.size, encoding) }],
    focus: field.focus,
  };
}

function varintMutation(bytes: Uint8Array, field: Field, prng: Prng): Mutation {
  const { value: original, length } = readVarint(bytes, field.offset, field.offset + field.size);
  const where = `${field.label} (byte ${field.offset}, ${length} bytes, was ${original})`;
  const r = prng.below(100);
  const write = (data: Uint8Array, what: string): Mutation => ({ description: `${where} ${what}`, ops: [{ kind: "write", at: field.offset, bytes: data }] });
  if (r < 20) {
    const data = new Uint8Array(length).fill(0xff);
    data[length - 1] = 0x7f;
    return write(data, "= the largest value of its length");
  }
  if (r < 30) {
    const data = new Uint8Array(length).fill(0x80);
    data[length - 1] = 0;
    return write(data, "= 0 padded to its length");
  }
  if (r < 40) return write(new Uint8Array(length).fill(0xff), "has no last byte (every byte has its top bit set)");
  const replacement =
    r < 50 ? Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x7f) : encodeVarint(r < 75 && field.special !== undefined ? prng.pick(field.special) : prng.below(0x10000000));
  const what = r < 50 ? "replaced by a 5-byte quantity" : `= ${readableVarint(replacement)}`;
  const ops: Op[] = [];
  const delta = replacement.length - length;
  let fixed = "";
  if (delta !== 0 && field.chunkLengthAt !== undefined && prng.chance(0.7)) {
    const chunkLength = readUint(bytes, field.chunkLengthAt, 4, "be");
    ops.push({ kind: "write", at: field.chunkLengthAt, bytes: encodeUint(Math.max(0, chunkLength + delta) % 2 ** 32, 4, "be") });
    fixed = `, track length adjusted by ${delta}`;
  }
  ops.push({ kind: "replace", at: field.offset, length, bytes: replacement });
  return { description: `${where} ${what}${fixed}`, ops };
}

function readableVarint(data: Uint8Array): string {
  try {
    return String(readVarint(data, 0, data.length).value);
  } catch {
    return `bytes ${[...data].map((b) => b.toString(16)).join(" ")}`;
  }
}

function hotOffset(layout: Layout, prng: Prng, length: number): number {
  const hot = layout.hot.filter(([start, end]) => end > start && start < length);
  if (hot.length === 0) return prng.below(Math.max(1, length));
  let range: readonly [number, number];
  if (prng.chance(0.5)) {
    range = prng.pick(hot);
  } else {
    // In proportion to size, so that a big pdta list gets most of the damage.
    const total = hot.reduce((sum, [s, e]) => sum + (e - s), 0);
    let x = prng.below(total);
    range = hot[hot.length - 1];
    for (const h of hot) {
      if (x < h[1] - h[0]) {
        range = h;
        break;
      }
      x -= h[1] - h[0];
    }
  }
  return Math.min(length - 1, range[0] + prng.below(range[1] - range[0]));
}

function flipOps(target: Target, prng: Prng): { ops: Op[]; text: string[] } {
  const ops: Op[] = [];
  const text: string[] = [];
  for (let n = prng.length(8); n > 0; n--) {
    const at = hotOffset(target.layout, prng, target.bytes.length);
    const old = target.bytes[at];
    const k = prng.below(5);
    const value = k === 0 ? prng.below(256) : k === 1 ? old ^ (1 << prng.below(8)) : k === 2 ? 0 : k === 3 ? 0xff : (old + (prng.chance(0.5) ? 1 : 255)) & 0xff;
    ops.push({ kind: "write", at, bytes: Uint8Array.of(value) });
    text.push(`byte ${at} 0x${old.toString(16)}->0x${value.toString(16)}`);
  }
  return { ops, text };
}

function flips(target: Target, prng: Prng): Mutation {
  const { ops, text } = flipOps(target, prng);
  return { description: `flip ${text.join(", ")}`, ops };
}

function combined(target: Target, prng: Prng): Mutation {
  const ops: Op[] = [];
  const text: string[] = [];
  let focus: Focus | undefined;
  for (let n = prng.between(2, 4); n > 0; n--) {
    const field = pickField(target.layout, prng);
    if (field !== undefined && field.encoding !== "varint" && prng.chance(0.8)) {
      const m = fixedFieldMutation(target, field, prng);
      ops.push(...m.ops);
      text.push(m.description);
      focus ??= m.focus;
    } else {
      const f = flipOps(target, prng);
      ops.push(...f.ops);
      text.push(f.text.join(", "));
    }
  }
  return { description: `together: ${text.join("; ")}`, ops, focus };
}

function truncation(target: Target, prng: Prng): Mutation {
  const length = prng.chance(0.7) ? hotOffset(target.layout, prng, target.bytes.length) : prng.below(target.bytes.length);
  return { description: `truncate to ${length} bytes (random)`, ops: [{ kind: "cut", length }] };
}

function splice(target: Target, prng: Prng, donors: readonly Target[]): Mutation {
  const sameFormat = donors.filter((d) => d.format === target.format);
  const donor = prng.chance(0.85) && sameFormat.length > 0 ? prng.pick(sameFormat) : prng.pick(donors);
  const length = Math.min(donor.bytes.length, prng.length(512));
  const from = Math.min(donor.bytes.length - length, prng.chance(0.8) ? hotOffset(donor.layout, prng, donor.bytes.length) : prng.below(donor.bytes.length));
  const data = donor.bytes.slice(from, from + length);
  const at = hotOffset(target.layout, prng, target.bytes.length);
  const what = `${length} bytes of ${donor.name} from byte ${from}`;
  const r = prng.below(4);
  if (r < 2) return { description: `splice ${what} over byte ${at}`, ops: [{ kind: "write", at, bytes: data }] };
  if (r === 2) return { description: `insert ${what} at byte ${at}`, ops: [{ kind: "replace", at, length: 0, bytes: data }] };
  const removed = prng.length(512);
  return { description: `replace ${removed} bytes at byte ${at} with ${what}`, ops: [{ kind: "replace", at, length: removed, bytes: data }] };
}

/** Size fields rewritten so that the file stays well-formed around a chunk that grew by `delta`. */
function sizeFixes(target: Target, unit: Unit, delta: number): Op[] {
  return unit.sizeFields.map(({ offset, encoding }) => ({
    kind: "write" as const,
    at: offset,
    bytes: encodeUint(Math.max(0, readUint(target.bytes, offset, 4, encoding) + delta) % 2 ** 32, 4, encoding),
  }));
}

function trackCountFix(target: Target, delta: number): Op[] {
  if (target.format !== "midi") return [];
  const count = readUint(target.bytes, 10, 2, "be");
  return [{ kind: "write", at: 10, bytes: encodeUint(Math.max(0, count + delta) % 0x10000, 2, "be") }];
}

function unitMutation(target: Target, prng: Prng, donors: readonly Target[]): Mutation {
  const units = target.layout.units;
  if (units.length === 0) return flips(target, prng);
  const unit = prng.pick(units);
  const fix = prng.chance(0.8);
  const fixed = fix ? ", enclosing sizes adjusted" : "";
  const length = unit.end - unit.start;
  const r = prng.below(4);
  if (r === 0) {
    const candidates = donors.flatMap((d) => (d === target ? [] : d.layout.units.filter((u) => u.key === unit.key).map((u) => [d, u] as const)));
    if (candidates.length > 0) {
      const [donor, other] = prng.pick(candidates);
      const data = donor.bytes.slice(other.start, other.end);
      return {
        description: `chunk ${unit.key} at byte ${unit.start} replaced by ${donor.name}'s (byte ${other.start}, ${data.length} bytes)${fixed}`,
        ops: [...(fix ? sizeFixes(target, unit, data.length - length) : []), { kind: "replace", at: unit.start, length, bytes: data }],
      };
    }
  }
  if (r <= 1) {
    const data = target.bytes.slice(unit.start, unit.end);
    return {
      description: `chunk ${unit.key} at byte ${unit.start} duplicated${fixed}`,
      ops: [...(fix ? [...sizeFixes(target, unit, length), ...trackCountFix(target, 1)] : []), { kind: "replace", at: unit.end, length: 0, bytes: data }],
    };
  }
  if (r === 2) {
    return {
      description: `chunk ${unit.key} at byte ${unit.start} removed${fixed}`,
      ops: [...(fix ? [...sizeFixes(target, unit, -length), ...trackCountFix(target, -1)] : []), { kind: "replace", at: unit.start, length, bytes: new Uint8Array(0) }],
    };
  }
  // Two chunks of the same parent swap places: every size stays right, only the order changes.
  const siblings = units.filter((u) => u !== unit && u.sizeFields[0]?.offset === unit.sizeFields[0]?.offset);
  if (siblings.length === 0) return flips(target, prng);
  const other = prng.pick(siblings);
  const [a, b] = unit.start < other.start ? [unit, other] : [other, unit];
  if (a.end > b.start) return flips(target, prng);
  const swapped = new Uint8Array(b.end - a.start);
  swapped.set(target.bytes.subarray(b.start, b.end));
  swapped.set(target.bytes.subarray(a.end, b.start), b.end - b.start);
  swapped.set(target.bytes.subarray(a.start, a.end), b.end - b.start + b.start - a.end);
  return {
    description: `chunks ${a.key} (byte ${a.start}) and ${b.key} (byte ${b.start}) swapped`,
    ops: [{ kind: "write", at: a.start, bytes: swapped }],
  };
}
