import { buildLayout, readUint, type Field, type Focus, type Layout, type Unit } from "./Layout.js";

// Generator numbers worth writing into a generator's type: the ones that end a zone
// (instrument, sampleID), key and velocity ranges, sample offsets, pitch, filter and
// envelope generators, unused and unknown numbers.
const generatorTypes = [41, 53, 43, 44, 0, 1, 2, 3, 4, 12, 45, 50, 58, 54, 56, 51, 52, 8, 9, 48, 17, 15, 16, 33, 34, 36, 38, 5, 6, 7, 11, 21, 22, 14, 18, 42, 59, 60, 61, 62, 0x7fff, 0xffff];
// Generator amounts: extremes, 0..127 and inverted ranges, big pitch and time values.
const generatorAmounts = [0x7fff, 0x8000, 0xffff, 0, 1, 0x7f00, 0x007f, 0x7f7f, 0xff00, 12000, 0x10000 - 12000, 1440, 0x10000 - 1440, 96, 127, 128, 255];

interface Record {
  readonly name: string;
  readonly size: number;
  /** [name, offset in record, size, extra values worth trying] */
  readonly fields: readonly (readonly [string, number, number, readonly number[]])[];
  readonly group: string;
}

const records: { readonly [id: string]: Record } = {
  phdr: {
    name: "phdr", size: 38, group: "phdr",
    fields: [["preset", 20, 2, [127, 128, 255]], ["bank", 22, 2, [127, 128, 255, 256]], ["bagIndex", 24, 2, []], ["library", 26, 4, []], ["genre", 30, 4, []], ["morphology", 34, 4, []]],
  },
  pbag: { name: "pbag", size: 4, group: "bag index", fields: [["genIndex", 0, 2, []], ["modIndex", 2, 2, []]] },
  pmod: { name: "pmod", size: 10, group: "mod", fields: [["srcOper", 0, 2, []], ["destOper", 2, 2, generatorTypes], ["amount", 4, 2, generatorAmounts], ["amtSrcOper", 6, 2, []], ["transOper", 8, 2, [0, 2, 0xffff]]] },
  pgen: { name: "pgen", size: 4, group: "generator", fields: [["oper", 0, 2, generatorTypes], ["amount", 2, 2, generatorAmounts]] },
  inst: { name: "inst", size: 22, group: "inst", fields: [["bagIndex", 20, 2, []]] },
  ibag: { name: "ibag", size: 4, group: "bag index", fields: [["genIndex", 0, 2, []], ["modIndex", 2, 2, []]] },
  imod: { name: "imod", size: 10, group: "mod", fields: [["srcOper", 0, 2, []], ["destOper", 2, 2, generatorTypes], ["amount", 4, 2, generatorAmounts], ["amtSrcOper", 6, 2, []], ["transOper", 8, 2, [0, 2, 0xffff]]] },
  igen: { name: "igen", size: 4, group: "generator", fields: [["oper", 0, 2, generatorTypes], ["amount", 2, 2, generatorAmounts]] },
  shdr: {
    name: "shdr", size: 46, group: "sample header",
    fields: [
      ["start", 20, 4, []], ["end", 24, 4, []], ["startLoop", 28, 4, []], ["endLoop", 32, 4, []],
      ["sampleRate", 36, 4, [1, 400, 1_000_000, 0x7fffffff]], ["originalPitch", 40, 1, [127, 128, 255]],
      ["pitchCorrection", 41, 1, [0x7f, 0x80]], ["link", 42, 2, [0xffff]], ["type", 44, 2, [1, 2, 4, 8, 0x10, 0x8001, 0xffff]],
    ],
  },
};

interface Span {
  readonly dataOffset: number;
  readonly size: number;
}

/**
 * The layout of a well-formed SF2 file: every chunk size, every pdta record field (each tagged
 * with the preset, instrument or sample it belongs to), the INFO version fields, and every
 * chunk boundary. The sample data itself is not hot; its chunk headers are.
 */
export function sf2Layout(bytes: Uint8Array): Layout {
  const fields: Field[] = [];
  const boundaries: number[] = [0, 4, 8, 12, bytes.length];
  const hot: (readonly [number, number])[] = [[0, 12]];
  const units: Unit[] = [];
  const u = (offset: number, size: number): number => readUint(bytes, offset, size, "le");
  const id = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

  fields.push({ offset: 4, size: 4, encoding: "le", label: "RIFF size", group: "chunk size" });
  const riffEnd = Math.min(bytes.length, 8 + u(4, 4));
  const pdta = new Map<string, Span>();
  let smplData: Span | undefined;
  for (let list = 12; list + 12 <= riffEnd; ) {
    const listSize = u(list + 4, 4);
    const type = id(list + 8);
    const listEnd = list + 8 + listSize;
    fields.push({ offset: list + 4, size: 4, encoding: "le", label: `LIST ${type} size`, group: "chunk size" });
    boundaries.push(list, list + 8, list + 12, listEnd);
    units.push({ key: `LIST ${type}`, start: list, end: listEnd, sizeFields: [{ offset: 4, encoding: "le" }] });
    hot.push(type === "sdta" ? [list, list + 12] : [list, listEnd]);
    for (let sub = list + 12; sub + 8 <= listEnd; ) {
      const subId = id(sub);
      const size = u(sub + 4, 4);
      const key = `${type}/${subId}`;
      fields.push({ offset: sub + 4, size: 4, encoding: "le", label: `${key} size`, group: "chunk size", special: [size - 1, size + 1, size + 2, size - 2] });
      boundaries.push(sub, sub + 8, sub + 8 + size);
      units.push({ key, start: sub, end: sub + 8 + size + (size % 2), sizeFields: [{ offset: list + 4, encoding: "le" }, { offset: 4, encoding: "le" }] });
      if (type === "sdta") hot.push([sub, sub + 8 + Math.min(size, 16)]);
      if (type === "pdta") pdta.set(subId, { dataOffset: sub + 8, size });
      if (key === "sdta/smpl") smplData = { dataOffset: sub + 8, size };
      if (type === "INFO" && (subId === "ifil" || subId === "iver") && size >= 4) {
        fields.push({ offset: sub + 8, size: 2, encoding: "le", label: `${key}.major`, group: "info version", special: [1, 2, 3, 0xffff] });
        fields.push({ offset: sub + 10, size: 2, encoding: "le", label: `${key}.minor`, group: "info version", special: [0xffff] });
      }
      sub += 8 + size + (size % 2);
    }
    list = listEnd + (listSize % 2);
  }

  if (smplData !== undefined && id(smplData.dataOffset) === "OggS") {
    fields.push(...oggFields(bytes, smplData.dataOffset, pdta.get("shdr")));
  }

  const owners = ownership(bytes, pdta);
  for (const [chunkId, span] of pdta) {
    const record = records[chunkId];
    if (record === undefined) continue;
    const count = Math.floor(span.size / record.size);
    for (let i = 0; i < count; i++) {
      const at = span.dataOffset + i * record.size;
      const focus = owners(chunkId, i);
      const sampleFields = chunkId === "shdr" ? [u(at + 20, 4), u(at + 24, 4), u(at + 28, 4), u(at + 32, 4)] : [];
      const related = sampleFields.flatMap((v) => [v, v + 1, v - 1]).filter((v) => v >= 0);
      // The amount of an instrument or sampleID generator is an index: a group of its own.
      const link = chunkId === "pgen" && u(at, 2) === 41 ? "instrument" : chunkId === "igen" && u(at, 2) === 53 ? "sampleID" : undefined;
      for (const [name, offset, size, special] of record.fields) {
        const group =
          link !== undefined && name === "amount"
            ? "instrument or sample index"
            : record.group === "generator"
              ? `generator ${name === "oper" ? "type" : "amount"}`
              : name === "bagIndex"
                ? "zone index"
                : record.group;
        fields.push({
          offset: at + offset,
          size,
          encoding: "le",
          label: `pdta/${chunkId}[${i}].${name}${link !== undefined && name === "amount" ? ` (${link})` : ""}`,
          group,
          special: related.length > 0 ? [...special, ...related] : special,
          focus,
        });
      }
    }
  }
  return buildLayout(fields, boundaries, hot, units, bytes.length);
}

/**
 * SF3: the fields of each sample's Ogg stream: every page's header (capture pattern, version,
 * flags, granule position, sequence number, checksum, segment count and its first lacing
 * value), and the Vorbis identification header of the first page (codec name, channels, rate).
 */
function oggFields(bytes: Uint8Array, smplOffset: number, shdr: Span | undefined): Field[] {
  if (shdr === undefined) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Field[] = [];
  for (let i = 0; (i + 1) * 46 <= shdr.size; i++) {
    const record = shdr.dataOffset + i * 46;
    if ((view.getUint16(record + 44, true) & 0x10) === 0) continue;
    const start = smplOffset + view.getUint32(record + 20, true);
    const end = Math.min(bytes.length, smplOffset + view.getUint32(record + 24, true));
    const focus = { sample: i };
    for (let page = start, n = 0; page + 27 <= end; n++) {
      const segments = bytes[page + 26];
      let length = 27 + segments;
      for (let s = 0; s < segments && page + 27 + s < end; s++) length += bytes[page + 27 + s];
      const at = (what: string): string => `sample ${i} Ogg page ${n} ${what}`;
      fields.push(
        { offset: page, size: 4, encoding: "le", label: at("capture pattern"), group: "ogg page header", focus },
        { offset: page + 4, size: 1, encoding: "le", label: at("version"), group: "ogg page header", focus },
        { offset: page + 5, size: 1, encoding: "le", label: at("flags"), group: "ogg page header", special: [1, 2, 4, 6], focus },
        { offset: page + 6, size: 4, encoding: "le", label: at("granule position (low)"), group: "ogg granule position", special: [0, 1, 0x7fffffff], focus },
        { offset: page + 10, size: 4, encoding: "le", label: at("granule position (high)"), group: "ogg granule position", special: [0, 1, 0xffffffff], focus },
        { offset: page + 18, size: 4, encoding: "le", label: at("sequence number"), group: "ogg page header", focus },
        { offset: page + 22, size: 4, encoding: "le", label: at("checksum"), group: "ogg page header", focus },
        { offset: page + 26, size: 1, encoding: "le", label: at("segment count"), group: "ogg lacing", special: [0, 1, 255], focus },
        { offset: page + 27, size: 1, encoding: "le", label: at("first lacing value"), group: "ogg lacing", special: [0, 254, 255], focus },
      );
      if (n === 0) {
        const packet = page + 27 + segments;
        fields.push(
          { offset: packet, size: 4, encoding: "le", label: at("codec name"), group: "vorbis header", focus },
          { offset: packet + 11, size: 1, encoding: "le", label: at("channels"), group: "vorbis header", special: [0, 2, 255], focus },
          { offset: packet + 12, size: 4, encoding: "le", label: at("sample rate"), group: "vorbis header", special: [0, 1, 0xffffffff], focus },
          { offset: packet + 28, size: 1, encoding: "le", label: at("block sizes"), group: "vorbis header", special: [0x88, 0xb8, 0xdd, 0x66], focus },
        );
      }
      page += length;
    }
  }
  return fields;
}

/** For a pdta record, the preset, instrument or sample it belongs to (from the original file). */
function ownership(bytes: Uint8Array, pdta: ReadonlyMap<string, Span>): (chunkId: string, index: number) => Focus | undefined {
  const u16 = (offset: number): number => bytes[offset] | (bytes[offset + 1] << 8);
  const starts = (chunkId: string, recordSize: number, fieldOffset: number): number[] => {
    const span = pdta.get(chunkId);
    if (span === undefined) return [];
    const out: number[] = [];
    for (let at = span.dataOffset; at + recordSize <= span.dataOffset + span.size; at += recordSize) out.push(u16(at + fieldOffset));
    return out;
  };
  // starts[i] is where record i's run begins; the owner of item x is the last i with starts[i] <= x.
  const ownerOf = (runStarts: readonly number[], x: number): number => {
    let lo = 0;
    let hi = runStarts.length - 1;
    if (hi < 0 || x < runStarts[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runStarts[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const presetBags = starts("phdr", 38, 24);
  const presetGens = starts("pbag", 4, 0);
  const instrumentBags = starts("inst", 22, 20);
  const instrumentGens = starts("ibag", 4, 0);
  const some = (key: "preset" | "instrument", index: number): Focus | undefined => (index < 0 ? undefined : { [key]: index });
  return (chunkId, index) => {
    switch (chunkId) {
      case "phdr": return { preset: index };
      case "pbag": return some("preset", ownerOf(presetBags, index));
      case "pgen": return some("preset", ownerOf(presetBags, ownerOf(presetGens, index)));
      case "inst": return { instrument: index };
      case "ibag": return some("instrument", ownerOf(instrumentBags, index));
      case "igen": return some("instrument", ownerOf(instrumentBags, ownerOf(instrumentGens, index)));
      case "shdr": return { sample: index };
      default: return undefined;
    }
  };
}
